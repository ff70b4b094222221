"""A version number for everything the directory says about its programs, kept in Redis.

Cached lists of programs (Programs for you, programs_tags.programs_for_you) carry the version in
their key: any program saved, deleted or given other career stages or library types makes a new
version, so no member is shown a list from before the change.
"""

from __future__ import annotations

from typing import Any

from mentorconnect import cache_versions

VERSION_KEY = "programs:version"


def version() -> int:
    return cache_versions.current(VERSION_KEY)


def changed(**_: Any) -> None:
    cache_versions.bump([VERSION_KEY])
