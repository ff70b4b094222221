from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from profiles.matching import KM_PER_MILE

register = template.Library()


@register.filter
def distance(km: float | None, unit: str = "km") -> str:
    """A distance in the unit the member chose: `{{ mentor.distance_km|distance:"mi" }}`."""
    if km is None:
        return ""
    if unit == "mi":
        return f"{intcomma(round(km / KM_PER_MILE))} mi"
    return f"{intcomma(round(km))} km"
