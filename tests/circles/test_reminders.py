"""A circle's meeting reminds its host and members a day ahead, once each, through the outbox."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from mentorconnect.outbox import sweep as outbox
from mentorships.circles import services
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db

# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def mails_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


def sweep_at(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        outbox.sweep()


def test_a_circle_meeting_reminds_the_host_and_members_once_but_not_who_cannot_come() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        mia, noor, ria = make_mentee(), make_mentee(), make_mentee()
        for mentee in (mia, noor, ria):
            services.circle_join(circle=circle, by=mentee.user)
        meeting = services.meeting_propose(
            circle=circle,
            by=host.user,
            starts_at=NOON_CHICAGO + datetime.timedelta(hours=20),
            place_or_link="https://meet.example/budget",
        )
        services.meeting_rsvp(meeting=meeting, by=noor.user, coming=False)
        services.circle_leave(circle=circle, by=ria.user)

    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=10))

    for person in (host, mia):
        (message,) = mails_to(person.user.email)
        assert message.subject.startswith("Circle meeting tomorrow")
        assert "Budget circle" in message.subject
        assert message.attachments[0][0] == "circle-meeting.ics"
        assert circle.get_absolute_url() in message.body
    assert mails_to(noor.user.email) == []
    assert mails_to(ria.user.email) == []


def test_an_ended_circle_sends_no_reminder() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host)
        services.circle_join(circle=circle, by=make_mentee().user)
        services.meeting_propose(
            circle=circle, by=host.user, starts_at=NOON_CHICAGO + datetime.timedelta(hours=20)
        )
        services.circle_end(circle=circle, by=host.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert mail.outbox == []
