"""Version numbers for what pages say about programs, kept in Redis.

Cached lists of programs (Programs for you, programs_tags.programs_for_you) and pages showing
them carry the directory's version in their key: any program saved, updated, deleted or given
other career stages or library types makes a new version, so no member is shown a list from
before the change. Each member's saved programs have a version of their own, for the pages that
show which programs they saved (the dashboard's Save buttons).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorconnect import cache_versions

if TYPE_CHECKING:
    from .models import SavedProgram

VERSION_KEY = "programs:version"


def version() -> int:
    return cache_versions.current(VERSION_KEY)


def changed(**_: Any) -> None:
    cache_versions.bump([VERSION_KEY])


def saved_version_key(user_id: int) -> str:
    return f"programs:saved:version:{user_id}"


def saved_changed(instance: SavedProgram, **_: Any) -> None:
    cache_versions.bump([saved_version_key(instance.user_id)])
