"""Rendered pieces of the mentor directory, kept in the shared Redis cache.

Every key carries the directory's version, a counter bumped whenever anything a directory page
shows may have changed: a profile saved or deleted, its expertise, a mentor's places (the
services change them with UPDATE, hence ProfileQuerySet.update), a member deactivated, or the
reference lists. A bump makes every older piece unreachable at once, so a member never sees a
mentor's card as it was before a change; the pieces left behind expire on their own.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, NamedTuple

from mentorconnect import cache_versions

if TYPE_CHECKING:
    from .models import Profile, User

VERSION_KEY = "directory:version"
# Long enough to serve the same search to a member paging back and forth, short enough that
# pieces orphaned by a bump do not pile up in Redis.
PIECE_SECONDS = 600


def directory_changed() -> None:
    """Makes every cached piece of the directory stale."""
    cache_versions.bump([VERSION_KEY])


class Reader(NamedTuple):
    """Who reads a piece, as far as what they see depends on them."""

    # Their profile and its last change: their place, areas and preferences decide distances,
    # the best-match order and the reasons shown.
    stamp: str
    has_finished_profile: bool


def reader_of(user: User) -> Reader:
    """The reader, in one light query: a repeated page needs no more of their profile."""
    from .models import Profile

    row = Profile.objects.filter(user=user).values_list("pk", "updated_at", "completed_at")
    found = row.first()
    if found is None:
        return Reader(stamp="nobody", has_finished_profile=False)
    pk, updated_at, completed_at = found
    return Reader(stamp=_stamp(pk, updated_at), has_finished_profile=bool(completed_at))


def stamp_of(profile: Profile) -> str:
    """Reader.stamp of a profile the page has loaded already."""
    return _stamp(profile.pk, profile.updated_at)


def _stamp(pk: int, updated_at: datetime.datetime) -> str:
    return f"{pk}.{updated_at.timestamp()}"


def piece_key(name: str, reader_stamp: str, *parts: str) -> str:
    """The key of a piece rendered for a reader, at the directory's current version."""
    version = cache_versions.current(VERSION_KEY)
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"directory:{name}:{version}:{reader_stamp}:{digest}"
