from __future__ import annotations

from django.urls import path

from . import views

app_name = "circles"

urlpatterns = [
    path("", views.circle_list, name="list"),
    path("new/", views.circle_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path(
        "<int:pk>/requests/<int:membership_pk>/answer/",
        views.answer_request,
        name="answer_request",
    ),
    path(
        "<int:pk>/requests/<int:membership_pk>/decline/",
        views.decline_request,
        name="decline_request",
    ),
    path("<int:pk>/plan/", views.plan_item_add, name="plan_item_add"),
    path("<int:pk>/plan/<int:item_pk>/tick/", views.plan_item_tick, name="plan_item_tick"),
    path("<int:pk>/feedback/<int:member_pk>/", views.feedback, name="feedback"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/meetings/<int:meeting_pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/meetings/<int:meeting_pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
]
