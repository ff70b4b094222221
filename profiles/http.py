"""The request a login-required view receives, and where a new member goes once their profile
is made."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that `login_required` let through: its user is a member, never anonymous.

    Only for annotations: Django still passes a plain HttpRequest. Views behind `login_required`
    take this so the type checker knows `request.user` is a `User`.
    """

    user: User


# Where a visitor was going when they joined (a mentor's request form, a search), kept in their
# session through the email confirmation until their profile is made.
AFTER_PROFILE = "after_profile"


def remember_where_going(request: HttpRequest) -> None:
    """Keeps the sign-up's `next` (an address on this site only) for after the profile."""
    where = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        where, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[AFTER_PROFILE] = where


def where_going(request: HttpRequest) -> str | None:
    """Where the member was going when they joined, once (see remember_where_going)."""
    return request.session.pop(AFTER_PROFILE, None)
