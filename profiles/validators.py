"""Checks of the text members write that other members read."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The invisible characters that open a run of text in another direction (embeddings,
# overrides and isolates) or close one. In a name the site puts inside its own sentences, one
# that is left open reverses the site's words after it: "Ana \u202eRiley" made "Riley's profile"
# read "eliforp s'yeliR". The marks (U+200E, U+200F, U+061C) stay allowed: they reverse
# nothing, and people who write Arabic or Hebrew need them to place punctuation.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def validate_no_bidi_controls(value: str) -> None:
    found = BIDI_CONTROLS.search(value)
    if found:
        raise ValidationError(
            _(
                "This contains an invisible character (U+%(code)s) that reverses the direction "
                "of the text around it. Please type it again without that character."
            ),
            code="bidi_control",
            params={"code": f"{ord(found.group()):04X}"},
        )


def without_bidi_controls(text: str) -> str:
    """The text with those characters taken out, for names that come from elsewhere (single
    sign-on, rows saved before the check) and so never met the form's message."""
    return BIDI_CONTROLS.sub("", text)
