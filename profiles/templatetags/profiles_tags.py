from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from profiles import cards, matching, taxonomy_names
from profiles.models import Profile

register = template.Library()


@register.filter
def taxonomy(name: str) -> str:
    """A taxonomy name (an area's, as lists of mentors carry them) in the reader's language."""
    return taxonomy_names.translated(name)


@register.filter
def distance(km: float | None, unit: str = "km") -> str:
    """A distance in the member's unit: `{{ mentor.distance_km|distance:"mi" }}` (37 miles)."""
    if km is None:
        return ""
    return matching.distance_text(km, unit)


@register.filter
def availability_badge(profile: Profile) -> SafeString:
    """A mentor's availability badge, as search's cards show it (profiles.cards)."""
    return cards.availability_badge(profile)
