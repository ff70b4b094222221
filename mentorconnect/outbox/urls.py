from __future__ import annotations

from django.urls import path

from . import views

app_name = "outbox"

# Under /mentorships/reminders/, where unsubscribe links in emails already sent point.
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
