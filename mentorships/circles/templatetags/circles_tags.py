"""Circles shown on pages of lower layers (mentor search) and on pages whose views are not the
circles' own (the waiting list), without those views knowing of circles: the template loads
this tag and the tag finds the circles."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from profiles import matching
from profiles.models import Profile

from ..finding import area_ids_from, circles_for

register = template.Library()


def _offered(request: HttpRequest, area_ids: list[int] | None = None) -> dict[str, Any]:
    """Open circles for `area_ids`, or with none the signed-in member's wanted areas; nothing
    for a visitor who is not signed in (circles are for members)."""
    user = request.user
    if not user.is_authenticated:
        return {"circles": []}
    profile = Profile.objects.with_wanted_area_ids().of(user)
    chosen = bool(area_ids)
    if not area_ids:
        area_ids = list(getattr(profile, "wanted_area_ids", None) or [])
    circles = circles_for(user, profile, area_ids)
    # Name the areas the circles shown cover, in the order they were asked for.
    covered = {area.pk: area.name for circle in circles for area in circle.areas.all()}
    names = [covered[pk] for pk in dict.fromkeys(area_ids) if pk in covered]
    return {
        "circles": circles,
        "areas": matching.join_names(names),
        "chosen": chosen,
        "area_ids": [pk for pk in dict.fromkeys(area_ids) if pk in covered],
    }


@register.inclusion_tag("circles/_offered.html")
def open_circles_in_search(request: HttpRequest) -> dict[str, Any]:
    """Open circles that fit the search's chosen areas (or the member's wanted areas)."""
    return _offered(request, area_ids_from(request.GET.getlist("expertise")))


@register.inclusion_tag("circles/_offered.html")
def open_circles_for_wanted_areas(request: HttpRequest) -> dict[str, Any]:
    """Open circles in the member's wanted areas, offered before (or beside) the waiting list."""
    return {**_offered(request), "waiting": True}
