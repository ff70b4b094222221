from __future__ import annotations

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("mentors/", views.find_mentor, name="find_mentor"),
    path("members/<int:pk>/", views.detail, name="detail"),
    path("profile/", views.setup, name="edit"),
    path("profile/step-<int:step>/", views.setup, name="setup"),
    path("places/", views.city_suggestions, name="city_suggestions"),
]
