"""Circles shown on pages of lower layers (mentor search), without those layers importing
circles: the template loads this tag, the view knows nothing of circles."""

from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()


@register.inclusion_tag("circles/_in_search.html")
def open_circles_in_search(request: HttpRequest) -> dict[str, Any]:
    """Open circles that fit the search's chosen areas (or the member's wanted areas)."""
    return {"circles": []}
