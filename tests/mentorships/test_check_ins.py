"""A mentorship that stays silent keeps hearing from us, once each rhythm period."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from mentorconnect.outbox import sweep as outbox
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db

# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def check_ins_to(email: str) -> list[str]:
    subjects = [str(m.subject) for m in mail.outbox if m.to == [email]]
    return [subject for subject in subjects if subject.startswith("Time to check")]


def test_a_silent_mentorship_gets_a_check_in_every_month_not_once_ever() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee = make_mentee(display_name="Mia")
        make_active(mentee, make_mentor(display_name="Max"))  # monthly, no meeting ever
    for day in range(1, 100, 2):
        with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=day), tick=False):
            outbox.sweep()
    # Due on days 33, 63 and 93 (a month and three days' grace, then every month).
    assert len(check_ins_to(mentee.user.email)) == 3


def test_a_check_in_email_does_not_speak_of_an_agreed_rhythm_nobody_agreed() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee = make_mentee(display_name="Mia")
        make_active(mentee, make_mentor(display_name="Max"))  # no agreement confirmed
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=35), tick=False):
        outbox.sweep()
    [email] = [
        m for m in mail.outbox if m.to == [mentee.user.email] and m.subject.startswith("Time to")
    ]
    assert email.subject == "Time to check in with Max"
    assert "No meeting with Max has been held or booked within the rhythm of your mentorship." in (
        email.body
    )
    assert "agreed rhythm" not in email.body
