"""Dates in the reader's language, as Django formats them, with the one thing its formats
cannot say: French writes the first day of a month as an ordinal, "1er février 2027" (and
"2 février"). Every date the site shows goes through here: templates' `|date` (the `date`
filter of mentorconnect.templatetags.dates, a builtin of the template engine that stands in
for Django's) and Python's date_format below."""

from __future__ import annotations

import datetime
import re

from django.utils import formats
from django.utils.translation import get_language

# The day of the month without a leading zero, unless escaped as a letter ("\j").
DAY_OF_MONTH = re.compile(r"(?<!\\)j")


def format_for(value: object, format: str | None = None) -> str:
    """The format `value` is written in: `format` (a format string, or the name of one such
    as "DATE_FORMAT"; DATE_FORMAT if None) in the current language, and in French on the
    first of a month the day followed by "er"."""
    resolved = formats.get_format(format or "DATE_FORMAT")
    if (
        isinstance(value, datetime.date)
        and value.day == 1
        and (get_language() or "").split("-")[0] == "fr"
    ):
        return DAY_OF_MONTH.sub(r"j\\e\\r", resolved)
    return resolved


def date_format(value: datetime.date, format: str | None = None) -> str:
    """django.utils.formats.date_format, with the first of the month in French as "1er"."""
    return formats.date_format(value, format_for(value, format))
