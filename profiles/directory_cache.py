"""Rendered pieces of the mentor directory, kept in the shared Redis cache.

Every key carries the directory's version, a counter bumped whenever anything a directory page
shows may have changed: a profile saved or deleted, its expertise or wanted areas, a mentor's
places (the services change them with UPDATE, hence ProfileQuerySet.update), a member
deactivated, or the reference lists. A bump makes every older piece unreachable at once, so a
member never sees a mentor's card as it was before a change; the pieces left behind expire on
their own. The reader's own profile counts too, so whole pages kept for a reader
(mentorconnect/page_cache.py) need only the version and who the reader is.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from mentorconnect import cache_versions

if TYPE_CHECKING:
    from .models import Profile

VERSION_KEY = "directory:version"
# Long enough to serve the same search to a member paging back and forth, short enough that
# pieces orphaned by a bump do not pile up in Redis.
PIECE_SECONDS = 600


def directory_changed() -> None:
    """Makes every cached piece of the directory stale."""
    cache_versions.bump([VERSION_KEY])


def stamp_of(profile: Profile) -> str:
    """What a piece rendered for this profile's member is keyed by: the profile and its last
    change."""
    return f"{profile.pk}.{profile.updated_at.timestamp()}"


def piece_key(name: str, reader_stamp: str, *parts: str) -> str:
    """The key of a piece rendered for a reader, at the directory's current version."""
    version = cache_versions.current(VERSION_KEY)
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"directory:{name}:{version}:{reader_stamp}:{digest}"
