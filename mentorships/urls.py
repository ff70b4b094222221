from __future__ import annotations

from django.urls import path

from . import cohort_views, views

app_name = "mentorships"

urlpatterns = [
    path("", views.mentorship_list, name="list"),
    path("waiting-list/", views.waiting_list_page, name="waiting_list"),
    path("cohorts/<int:pk>/publish/", cohort_views.publish, name="cohort_publish"),
    path("cohorts/<int:pk>/report/", cohort_views.report, name="cohort_report"),
    path("cohorts/<int:pk>/report.csv", cohort_views.report_csv, name="cohort_report_csv"),
    path("request/<int:profile_pk>/", views.request_mentor, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/withdraw-others/", views.withdraw_others, name="withdraw_others"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/confirm/", views.meeting_confirm, name="meeting_confirm"
    ),
    path("<int:pk>/meetings/<int:meeting_pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/meetings/<int:meeting_pk>/mark/", views.meeting_mark, name="meeting_mark"),
    path("<int:pk>/meetings/<int:meeting_pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/plan/", views.plan_add, name="plan_add"),
    path("<int:pk>/plan/<int:item_pk>/toggle/", views.plan_toggle, name="plan_toggle"),
    path("<int:pk>/plan/<int:item_pk>/", views.plan_change, name="plan_change"),
]
