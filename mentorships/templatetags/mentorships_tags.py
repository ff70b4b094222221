"""Small filters for the mentorship pages and the dashboard: initials for avatars, times that
read naturally, and links in what members wrote made clickable."""

from __future__ import annotations

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def initials(name: str) -> str:
    """ "Mia Lopez" -> "ML"; one word gives one letter; an email its first letter."""
    words = [word for word in str(name or "").replace("@", " ").split() if word[0].isalnum()]
    if not words:
        return "?"
    if len(words) == 1 or "@" in str(name):
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


@register.filter
def when(moment: datetime.datetime | None) -> str:
    """When something happened, as people say it: "just now", "12 minutes ago", "today",
    "yesterday", "3 days ago", then the date ("on 4 May"). Never "0 minutes ago"."""
    if moment is None:
        return ""
    now = timezone.localtime()
    local = timezone.localtime(moment)
    seconds = (now - local).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    days = (now.date() - local.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return "on " + date_filter(local, "j F" if local.year == now.year else "j F Y")


@register.filter(is_safe=True, needs_autoescape=True)
def linkify(text: str, autoescape: bool = True) -> SafeString:
    """Web addresses in a member's text as links, the rest escaped; the links tell the browser
    not to give the other site a handle on this page and search engines not to follow them."""
    linked = urlize(str(text or ""), nofollow=True, autoescape=autoescape)
    # urlize escapes every character of the text, so the only rel="nofollow" left is its own.
    return mark_safe(linked.replace('rel="nofollow"', 'rel="noopener nofollow"'))  # noqa: S308
