from __future__ import annotations

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("mentors/", views.find_mentor, name="find_mentor"),
    path("members/<int:pk>/", views.detail, name="detail"),
    path("profile/", views.setup, name="edit"),
    path("profile/step-<int:step>/", views.setup, name="setup"),
    path("become-a-mentor/", views.become_mentor, name="become_mentor"),
    path("profile/start-mentoring/", views.start_mentoring, name="start_mentoring"),
    path("places/", views.city_suggestions, name="city_suggestions"),
]
