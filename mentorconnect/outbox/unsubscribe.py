"""One-click unsubscribe links: a signed (member, kind) pair is the credential."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

# Unchanged since reminders lived in mentorships, so links in emails already sent still work.
UNSUBSCRIBE_SALT = "mentorconnect.reminders.unsubscribe"


def unsubscribe_url(user: Any, kind: str) -> str:
    token = signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("outbox:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data["user"], data["kind"]
