"""The template filter `join`, a builtin of the template engine (TEMPLATES in settings), in the
place of Django's own: the same filter, except in text that is not autoescaped (the plain-text
part of every email), where Django's gives up on items that are not plain strings (area names
translated lazily, model rows) and prints the whole list as Python writes it:
"You joined the waiting list for ['Cataloging (original and copy)']"."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def join(value: Any, arg: str, autoescape: bool = True) -> Any:
    if autoescape:
        return defaultfilters.join(value, arg, autoescape=True)
    try:
        return arg.join(str(item) for item in value)
    except TypeError:  # not a list: shown as it is, as Django's does
        return value
