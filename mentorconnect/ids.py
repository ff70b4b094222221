"""Row ids as a request sends them: values of a query string or a posted form."""

from __future__ import annotations

from collections.abc import Sequence

# A number longer than any id is refused here, before Python or PostgreSQL would refuse it
# with an error.
MAX_DIGITS = 18


def is_id(value: str) -> bool:
    """Whether a value sent in a request can be a row's id: ASCII digits only, as
    str.isdigit() also takes "²", which int() refuses."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS


def ids_from(values: Sequence[str], at_most: int = 300) -> list[int]:
    """The ids among a request's values (the first `at_most` of them), anything else ignored."""
    return [int(value) for value in values[:at_most] if is_id(value)]
