from __future__ import annotations

from django import template

from profiles import matching

register = template.Library()


@register.filter
def distance(km: float | None, unit: str = "km") -> str:
    """A distance in the member's unit: `{{ mentor.distance_km|distance:"mi" }}` (37 miles)."""
    if km is None:
        return ""
    return matching.distance_text(km, unit)
