from __future__ import annotations

from django.urls import path

from . import timeline_views, views

app_name = "cohorts"

urlpatterns = [
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/apply/<str:role>/", views.apply, name="apply"),
    path("coordinate/", views.coordinate, name="coordinate"),
    path("coordinate/<slug:slug>/new/", views.cohort_new, name="cohort_new"),
    path("<int:pk>/", views.manage, name="manage"),
    path("<int:pk>/edit/", views.cohort_edit, name="edit"),
    path("<int:pk>/applications/", views.applications, name="applications"),
    path("<int:pk>/round/run/", views.round_run, name="round_run"),
    path("<int:pk>/pairs/<int:pair_pk>/lock/", views.pair_lock, name="pair_lock"),
    path("<int:pk>/pairs/<int:pair_pk>/unassign/", views.pair_unassign, name="pair_unassign"),
    path("<int:pk>/milestones/add/", timeline_views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/usual/", timeline_views.milestones_usual, name="milestones_usual"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/edit/",
        timeline_views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/delete/",
        timeline_views.milestone_delete,
        name="milestone_delete",
    ),
    path("<int:pk>/survey/<str:survey>/", timeline_views.survey, name="survey"),
    path("<int:pk>/pairs/swap/", views.pair_swap, name="pair_swap"),
    path("<int:pk>/pairs/assign/", views.pair_assign, name="pair_assign"),
]
