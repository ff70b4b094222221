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


@register.filter
def initials(name: str) -> str:
    """Up to two initials of a name for an avatar: "Ada Lovelace" → "AL", "bell hooks" → "BH"."""
    words = [word for word in str(name).replace("-", " ").split() if word[0].isalnum()]
    if not words:
        return "?"
    chosen = words if len(words) < 3 else [words[0], words[-1]]
    return "".join(word[0] for word in chosen[:2]).upper()
