"""Circles shown on pages of lower layers (mentor search) and on pages whose views are not the
circles' own (the waiting list), without those views knowing of circles: the template loads
this tag and the tag finds the circles."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.template import Context

from mentorconnect.ids import ids_from
from profiles import matching, taxonomy_names
from profiles.models import Profile

from ..finding import circles_for

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
