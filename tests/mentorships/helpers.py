"""Plain helpers for mentorship tests."""

from __future__ import annotations

from typing import Any

from mentorships import services
from mentorships.models import Mentorship
from profiles.models import Profile

REQUEST = {
    "help_wanted": "Prepare for cataloging interviews.",
    "why_this_mentor": "You lead a metadata team.",
    "preferred_format": "video",
    "preferred_rhythm": "monthly",
    "first_message": "Hello! I would love your advice.",
}


def make_request(mentee: Profile, mentor: Profile, **answers: Any) -> Mentorship:
    return services.mentorship_request(
        mentee=mentee.user, mentor_profile=mentor, **{**REQUEST, **answers}
    )


def make_active(mentee: Profile, mentor: Profile) -> Mentorship:
    mentorship = make_request(mentee, mentor)
    return services.mentorship_accept(mentorship=mentorship, by=mentor.user)
