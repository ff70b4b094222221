"""What a member's dashboard shows of their own mentorships, kept in the shared Redis cache.

Each member has a version, bumped whenever anything of one of their mentorships changes: the
mentorship itself, its agreement, meetings, plan, history or feedback, or their place on the
waiting list. The signals in mentorships/models.py and feedback/models.py, and the UPDATEs the
services claim rows with (MentorshipQuerySet.update, MeetingQuerySet.update), bump it for both
people. A cached piece carries the version in its key, so a member sees their own change (and
the other person's) at once. Pieces also expire after a few minutes: "sent 2 hours ago" and
"upcoming" move with the clock alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from mentorconnect import cache_versions

PIECE_SECONDS = 300


def version_key(user_id: int) -> str:
    return f"activity:version:{user_id}"


def changed_for(user_ids: Iterable[int | None]) -> None:
    """Makes the cached pieces of these members stale (a deleted member's id is None)."""
    cache_versions.bump(version_key(pk) for pk in set(user_ids) if pk is not None)


def version_of(user_id: int) -> int:
    return cache_versions.current(version_key(user_id))
