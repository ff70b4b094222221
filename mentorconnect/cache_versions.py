"""Version numbers in the shared Redis cache, for pieces of pages kept there.

A cached piece carries a version in its key; bumping the version makes every piece made before
unreachable at once, and the pieces left behind expire on their own. The programs directory
(programs/cache.py), the mentor directory (profiles/directory_cache.py) and each member's
mentorships (mentorships/activity_cache.py) keep one each.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def current(key: str) -> int:
    return cache.get_or_set(key, 0, timeout=None)


def bump(keys: Iterable[str]) -> None:
    """New versions for these keys, at once and again when the transaction commits: a page
    rendered in between, by a request still reading the data from before, is never served."""
    keys = list(keys)

    def bump_now() -> None:
        for key in keys:
            cache.add(key, 0, timeout=None)
            cache.incr(key)

    if keys:
        bump_now()
        transaction.on_commit(bump_now)
