"""Whole pages kept in the shared Redis cache, for the member (or visitor) who asked for them.

The pages members repeat most (the mentor search, a member's page, the dashboard, a
mentorship's page, the home page and the program directory) are kept whole once made, so a
repeated visit costs one lookup of the versions, one of the page, and nothing of the layout.

A page is kept with the versions it was made at (mentorconnect/cache_versions: the
directory's, the member's own mentorships', the programs'...), and served only while they are
still current. Its key holds the rest of what it shows:
- what the view names: the day, say;
- what the layout (base.html) shows of the request: the address asked for (the active menu
  entry), the member's email and whether they are staff;
- the member's CSRF secret (hashed with the rest), because forms on the page carry tokens made
  from it.

A page is never kept when it has messages to show (a message is shown once, then it is gone),
when it answers anything but 200, or when making it gave the browser a new CSRF secret (its
tokens would be for that browser only). A page with messages is never served from the cache
either: the member sees the page made afresh, with their message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from . import cache_versions


def serve(
    request: HttpRequest,
    name: str,
    make: Callable[[], HttpResponse],
    *,
    versions: Sequence[str] = (),
    parts: Sequence[object] = (),
    seconds: int,
) -> HttpResponse:
    """The page kept for this request, or `make()`'s page, kept for `seconds`."""
    if request.method != "GET" or len(messages.get_messages(request)):
        return make()
    key = _key(request, name, parts)
    # The page and the versions it was made at are read in the same round trip as the current
    # versions: one lookup in all for a page served from the cache.
    found = cache.get_many([key, *versions])
    current = tuple(
        found[version] if version in found else cache_versions.current(version)
        for version in versions
    )
    kept = found.get(key)
    if kept is not None and kept[0] == current:
        return HttpResponse(kept[1])
    had_csrf_secret = "CSRF_COOKIE" in request.META
    response = make()
    made_new_csrf_secret = not had_csrf_secret and "CSRF_COOKIE" in request.META
    if response.status_code == 200 and not response.streaming and not made_new_csrf_secret:
        # The versions read before the page was made: a change while it was being made leaves
        # it stale at once.
        cache.set(key, (current, response.content), seconds)
    return response


def _key(request: HttpRequest, name: str, parts: Sequence[object]) -> str:
    user = request.user
    layout = (
        [str(user.pk), user.email, str(user.is_staff)] if user.is_authenticated else ["visitor"]
    )
    described = [
        request.build_absolute_uri(),
        *layout,
        request.META.get("CSRF_COOKIE", ""),
        *map(str, parts),
    ]
    digest = hashlib.blake2b("\n".join(described).encode(), digest_size=16).hexdigest()
    return f"page:{name}:{digest}"
