"""The project's URLs plus a bare view, used only by `make bench` to measure its floor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from .urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    # Touch the user like every real page does, so session and user loading are in the floor.
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
