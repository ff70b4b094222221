"""Contact that always works: after a match, each person can reach the other outside
MentorConnect. Someone who has shared no way to be reached is prompted on the mentorship page
and, once per accepted request, by email (the share_contact reminder, reminders.py)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from mentorconnect.outbox.models import Reminder
from profiles.models import Profile, User

from .models import Mentorship

SHARE_CONTACT_KIND = "share_contact"
# The profile step with the contact fields (profiles/forms.py SETUP_STEPS).
CONTACT_STEP = 3


def contact_settings_path() -> str:
    return reverse("profiles:setup", args=[CONTACT_STEP]) + "#id_share_account_email"


def reachable(profile: Profile | None, *, by: User) -> bool:
    """Whether `by`, matched with the member of `profile`, finds at least one way to reach
    them: a channel they shared with matches, or their account email with their consent."""
    return bool(profile and profile.has_contact and profile.contact_visible_to(by, matched=True))


def plan_share_contact(mentorship: Mentorship, now: datetime.datetime) -> int:
    """At an accept: one email to each of the two who has shared no way to be reached by the
    other, asking them to add one. Planned once per mentorship and person; the email is
    skipped if they share one before it goes (reminders.share_contact_contexts)."""
    mentee_id, mentor_id = mentorship.mentee_id, mentorship.mentor_id
    if mentee_id is None or mentor_id is None:
        return 0
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(user_id__in=[mentee_id, mentor_id]).select_related(
            "user"
        )
    }
    rows = []
    for user_id, other_id in [(mentee_id, mentor_id), (mentor_id, mentee_id)]:
        other = profiles.get(other_id)
        if other is not None and not reachable(profiles.get(user_id), by=other.user):
            rows.append(
                Reminder(
                    recipient_id=user_id,
                    kind=SHARE_CONTACT_KIND,
                    subject=f"mentorship:{mentorship.pk}",
                    period="accepted",
                    due_at=now,
                )
            )
    return Reminder.objects.plan(rows)
