"""How the site names a member in its header and greetings, and the initials in their avatar."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def member_name(user: Any) -> str:
    """The member's display name from their profile; without one, the part of their email
    address before the @ (never the whole address, which a shared screen would show to others)."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    name = getattr(profile, "display_name", "") or ""
    if name.strip():
        return name.strip()
    return (getattr(user, "email", "") or "").split("@", 1)[0]


@register.filter
def initials(name: str) -> str:
    """Up to two initials for an avatar: "Ada Lovelace" is AL, "grace.hopper" is GH, "ada" is A."""
    words = [word for word in str(name).replace(".", " ").replace("_", " ").split() if word]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()
