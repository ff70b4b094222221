"""Demo data's mentorships: the active mentorships demo mentors' numbers promise."""

from __future__ import annotations

import datetime
from collections import Counter

from profiles.models import Profile

from .models import Agreement, Mentorship, Status


def give_mentors_their_mentees(profiles: list[Profile], now: datetime.datetime) -> None:
    """Gives mentors the mentees their `active_mentee_count` promises, as real active
    mentorships with agreements, so the directory's numbers add up."""
    mentees = iter([p for p in profiles if p.wants_mentor and not p.can_mentor])
    mentorships = []
    for mentor in (p for p in profiles if p.can_mentor):
        for _ in range(mentor.active_mentee_count):
            mentee = next(mentees, None)
            if mentee is None:
                break
            started = now - datetime.timedelta(days=(mentor.pk * 7 + mentee.pk) % 150)
            mentorships.append(
                Mentorship(
                    mentee_id=mentee.user_id,
                    mentor_id=mentor.user_id,
                    status=Status.ACTIVE,
                    help_wanted=mentee.help_wanted,
                    why_this_mentor="Our areas of work overlap.",
                    first_message="Hello! I would be glad to learn from you.",
                    requested_at=started - datetime.timedelta(days=3),
                    answered_at=started,
                    started_at=started,
                )
            )
    Mentorship.objects.bulk_create(mentorships)
    Agreement.objects.bulk_create(
        [
            Agreement(
                mentorship=mentorship,
                goals=mentorship.help_wanted,
                mentee_confirmed_at=mentorship.started_at,
                mentor_confirmed_at=mentorship.started_at,
            )
            for mentorship in mentorships
        ]
    )
    counts = Counter(mentorship.mentor_id for mentorship in mentorships)
    for mentor in (p for p in profiles if p.can_mentor):
        mentor.active_mentee_count = counts[mentor.user_id]
    Profile.objects.bulk_update([p for p in profiles if p.can_mentor], ["active_mentee_count"])
