"""Circles shown on pages of lower layers (mentor search, a member's program applications) and on
pages whose views are not the circles' own (the waiting list), without those views knowing of
circles: the template loads this tag and the tag finds the circles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.template import Context
from django.urls import Resolver404, resolve

from mentorconnect.ids import ids_from
from profiles import matching, taxonomy_names
from profiles.models import Profile

from ..finding import circles_for
from ..models import LIVE_MEMBERSHIP, Circle, CircleMembership

register = template.Library()


class Unknown:
    """A profile the page has not loaded (None would mean the member has none)."""


UNKNOWN = Unknown()


def _offered(
    request: HttpRequest, area_ids: list[int], profile: Profile | None | Unknown = UNKNOWN
) -> dict[str, Any]:
    """Open circles for `area_ids`, or with none the signed-in member's wanted areas; nothing
    for a visitor who is not signed in (circles are for members). `profile`: the member's,
    with `wanted_area_ids`, when the page has loaded it already."""
    user = request.user
    if not user.is_authenticated:
        return {"circles": []}
    if isinstance(profile, Unknown):
        profile = Profile.objects.with_wanted_area_ids().of(user)
    chosen = bool(area_ids)
    if not area_ids:
        area_ids = list(getattr(profile, "wanted_area_ids", None) or [])
    circles = circles_for(user, profile, area_ids)
    # Name the areas the circles shown cover: the heading says what they are for.
    names = dict.fromkeys(
        taxonomy_names.translated(name)
        for circle in circles
        for name in circle.covering_areas  # type: ignore[attr-defined]
    )
    return {
        "circles": circles,
        "areas": matching.join_names(list(names)),
        "chosen": chosen,
        "area_ids": sorted({pk for circle in circles for pk in circle.covering}),  # type: ignore[attr-defined]
    }


@register.inclusion_tag("circles/_offered.html", takes_context=True)
def open_circles_in_search(context: Context, request: HttpRequest) -> dict[str, Any]:
    """Open circles that fit the search's chosen areas (or the member's wanted areas). The
    search has loaded the member's profile already: its viewer costs no query here."""
    area_ids = ids_from(request.GET.getlist("expertise"))
    search = context.get("search")
    if search is None:
        return _offered(request, area_ids)
    return _offered(request, area_ids, getattr(search, "viewer", None))


@register.inclusion_tag("circles/_offered.html")
def open_circles_for_wanted_areas(request: HttpRequest) -> dict[str, Any]:
    """Open circles in the member's wanted areas, offered before (or beside) the waiting list."""
    return {**_offered(request, []), "waiting": True}


@register.simple_tag
def offered_circles_still_open(applications: Iterable[Any], user: Any) -> set[str]:
    """Of the circles program rounds offered these applications (Application.circles_offered,
    each a title and the path of its join page), the paths of those one can still join, or
    that `user` has joined or asked to join since: one query however many applications."""
    paths = {
        circle["path"]
        for application in applications
        for circle in getattr(application, "circles_offered", None) or []
    }
    pk_of: dict[str, int] = {}
    for path in paths:
        try:
            match = resolve(path)
        except Resolver404:
            continue  # the address of a page that no longer exists
        if match.view_name == "circles:join":
            pk_of[path] = int(match.kwargs["pk"])
    if not pk_of:
        return set()
    theirs = CircleMembership.objects.filter(
        circle=OuterRef("pk"), member=user, status__in=LIVE_MEMBERSHIP
    )
    joinable = set(
        Circle.objects.filter(pk__in=pk_of.values())
        .exclude(status="ended")
        .filter(Exists(theirs) | Q(pk__in=Circle.objects.open_to_join().values("pk")))
        .values_list("pk", flat=True)
    )
    return {path for path, pk in pk_of.items() if pk in joinable}
