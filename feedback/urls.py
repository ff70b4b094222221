from __future__ import annotations

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("<int:pk>/feedback/", views.archive, name="archive"),
    path("<int:pk>/feedback/<int:feedback_pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/feedback/<int:feedback_pk>/withdraw/", views.withdraw, name="withdraw"),
]
