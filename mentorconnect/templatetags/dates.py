"""The template filter `date`, a builtin of the template engine (TEMPLATES in settings), in the
place of Django's own: the same filter, which writes the first of the month in French as "1er"
(mentorconnect.dates)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters

from mentorconnect.dates import format_for

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if value in (None, ""):
        return ""
    return defaultfilters.date(value, format_for(value, arg))
