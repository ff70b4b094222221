from __future__ import annotations

from django.urls import path

from . import views
from .feeds import ProgramNewsFeed

app_name = "programs"

# Fixed paths come before the program pages; models.RESERVED_SLUGS keeps programs off them.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("feed/", ProgramNewsFeed(), name="feed"),
    path("saved/", views.saved, name="saved"),
    path("review/", views.needs_review, name="needs_review"),
    path("<slug:slug>/", views.program, name="program"),
    path("<slug:slug>/save/", views.save, name="save"),
    path("<slug:slug>/unsave/", views.unsave, name="unsave"),
    path("<slug:slug>/reviewed/", views.mark_reviewed, name="mark_reviewed"),
]
