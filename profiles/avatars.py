"""The initials in a member's avatar, on every page that shows one."""

from __future__ import annotations

import re


def initials(name: str) -> str:
    """Up to two initials: "Ada Lovelace" is AL, "grace.hopper" is GH, "ada" is A; an email
    address (a member without a name) gives the first letter of its part before the @."""
    text = str(name or "")
    if "@" in text:
        text = text.split("@", 1)[0][:1]
    words = [word for word in re.split(r"[\s._]+", text) if word and word[0].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()
