"""Plain helpers for circle tests."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.core import mail

from mentorconnect.outbox import sweep as outbox
from mentorships.circles import services
from mentorships.circles.models import Circle
from profiles.models import Profile
from tests.profiles.factories import area


def make_circle(
    host: Profile,
    *,
    peer: bool = False,
    areas: tuple[str, ...] = ("Reference services",),
    **details: Any,
) -> Circle:
    details.setdefault("title", "Reference desk circle")
    details.setdefault("description", "Four or five of us, one question a month.")
    details.setdefault("places", 3)
    details.setdefault("join_policy", "open")
    if details.get("format") == "in_person":
        details.setdefault("city", host.city)
    return services.circle_create(
        by=host.user, peer=peer, areas=[area(name) for name in areas], **details
    )


# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def mails_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


def sweep_at(moment: datetime.datetime) -> None:
    """Runs the outbox's sweep at `moment`, as beat would."""
    with time_machine.travel(moment, tick=False):
        outbox.sweep()
