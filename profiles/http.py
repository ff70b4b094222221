"""The request a login-required view receives."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that `login_required` let through: its user is a member, never anonymous.

    Only for annotations: Django still passes a plain HttpRequest. Views behind `login_required`
    take this so the type checker knows `request.user` is a `User`.
    """

    user: User
