"""A version number for everything the directory says about its programs, kept in Redis.

Cached lists of programs (Programs for you, programs_tags.programs_for_you) carry the version in
their key: any program saved, deleted or given other career stages or library types makes a new
version, so no member is shown a list from before the change.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

VERSION_KEY = "programs:version"


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def changed(**_: Any) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new number will do
        cache.set(VERSION_KEY, 2, timeout=None)
