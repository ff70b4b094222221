"""How the site names a member in its header and greetings, and the initials in their avatar."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import pgettext

from profiles.avatars import initials
from profiles.models import Profile, User

register = template.Library()


@register.filter
def member_name(user: Any) -> str:
    """The member's display name from their profile; without one, the part of their email
    address before the @ (never the whole address, which a shared screen would show to others)."""
    name = _display_name(user) if user.is_authenticated else ""
    if name.strip():
        return name.strip()
    return (getattr(user, "email", "") or "").split("@", 1)[0]


def _display_name(user: Any) -> str:
    """The profile's display name: from the profile when the page has loaded it, else only that
    one column (the header is on every page; most pages need nothing else of the profile)."""
    cached = User.profile.related
    if cached.is_cached(user):
        profile: Profile | None = cached.get_cached_value(user)  # type: ignore[assignment]  # the cache of User.profile holds a Profile
        return profile.display_name if profile else ""
    if user.pk is None:
        return ""
    try:
        return Profile.objects.values_list("display_name", flat=True).get(user=user)
    except Profile.DoesNotExist:
        # Remembered as Django remembers a missing profile itself: the page asks no more.
        cached.set_cached_value(user, None)
        return ""


# The initials in an avatar (profiles/avatars.py).
register.filter("initials", initials)


@register.filter
def quoted(text: str) -> str:
    """A title set apart by the reader's language's quotation marks, where a sentence names it:
    "asks to join your circle “Metadata careers”", not "your circle Metadata careers"."""
    return pgettext("quotation marks around a title in a sentence", "“%(title)s”") % {"title": text}
