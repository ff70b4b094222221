"""A signed-in member's session lasts an hour after their latest request (SESSION_COOKIE_AGE).

Django counts a session's age from the last time it was saved, and saves it only when its data
changes. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) would write to the database on
every page a member reads; instead the session is saved again once its last save by this
middleware is five minutes old, so the hour runs from the latest activity, give or take five
minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ACTIVE_AT = "active_at"
SAVE_EVERY_SECONDS = 5 * 60


class KeepActiveSessionsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(ACTIVE_AT, 0) >= SAVE_EVERY_SECONDS:
                request.session[ACTIVE_AT] = now
        return self.get_response(request)
