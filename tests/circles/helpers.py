"""Plain helpers for circle tests."""

from __future__ import annotations

from typing import Any

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
