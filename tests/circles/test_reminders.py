"""A circle's meeting reminds its host and members a day ahead, once each, through the outbox."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from mentorships.circles import services
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at

pytestmark = pytest.mark.django_db


def check_ins_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mails_to(email) if m.subject.startswith("Time to meet again")]


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
        # The host is also told that Ria left (test_leave_emails).
        (message,) = [m for m in mails_to(person.user.email) if "left" not in m.subject]
        assert message.subject.startswith("Circle meeting tomorrow")
        assert "Budget circle" in message.subject
        assert message.attachments[0][0] == "circle-meeting.ics"
        assert circle.get_absolute_url() in message.body
    assert mails_to(noor.user.email) == []
    assert mails_to(ria.user.email) == []


def test_a_circle_meeting_later_today_is_reminded_as_today() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        services.meeting_propose(
            circle=circle,
            by=host.user,
            starts_at=NOON_CHICAGO + datetime.timedelta(hours=3),
            place_or_link="https://meet.example/budget",
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    (message,) = mails_to(host.user.email)
    # 15:00 in Chicago, the same afternoon.
    assert message.subject == "Circle meeting today at 15:00: Budget circle"


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
    # Its member hears that it ended, and of no meeting.
    assert [m.subject for m in mail.outbox] == ["The circle “Reference desk circle” has ended"]


def test_a_place_opening_tells_the_longest_waiting_mentee_for_the_circles_areas_once() -> None:
    from mentorships.models import WaitingListEntry
    from tests.profiles.factories import area

    with time_machine.travel(NOON_CHICAGO - datetime.timedelta(days=3), tick=False):
        host = make_mentor(expertise=["Grant writing"], mentor_capacity=1)
        circle = make_circle(host, title="Grant circle", areas=("Grant writing",), places=3)
        members = [make_mentee(wanted=["Grant writing"]) for _ in range(3)]
        for mentee in members:
            services.circle_join(circle=circle, by=mentee.user)
        first, second, elsewhere = (
            make_mentee(wanted=["Grant writing"]),
            make_mentee(wanted=["Grant writing"]),
            make_mentee(wanted=["Reference services"]),
        )
        for waiting, name in [(elsewhere, "Reference services"), (first, "Grant writing")]:
            WaitingListEntry.objects.create(mentee=waiting.user).areas.set([area(name)])
    with time_machine.travel(NOON_CHICAGO - datetime.timedelta(days=2), tick=False):
        WaitingListEntry.objects.create(mentee=second.user).areas.set([area("Grant writing")])

    with time_machine.travel(NOON_CHICAGO, tick=False):
        services.circle_leave(circle=circle, by=members[0].user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(first.user.email)
    assert message.subject == "A place opened in a circle: Grant circle"
    assert f"/circles/{circle.pk}/join/" in message.body
    # Its plain text names the areas as words, and says the host answers a request to join.
    assert "waiting list for a mentor in Grant" in message.body
    assert "ExpertiseArea" not in message.body and "[" not in message.body
    assert "the host answers soon" in message.body
    assert mails_to(second.user.email) == []
    assert mails_to(elsewhere.user.email) == []

    # The next place to open goes to the next one waiting.
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(hours=1), tick=False):
        services.circle_leave(circle=circle, by=members[1].user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(hours=1, minutes=5))
    assert len(mails_to(first.user.email)) == 1
    assert len(mails_to(second.user.email)) == 1


def test_a_circle_that_has_not_met_within_its_rhythm_reminds_host_and_members_once() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Weekly circle", rhythm="weekly")
        mia, ria = make_mentee(), make_mentee()
        for mentee in (mia, ria):
            services.circle_join(circle=circle, by=mentee.user)
        services.circle_leave(circle=circle, by=ria.user)
        quiet_host = make_mentor()
        make_circle(quiet_host, title="Nobody joined", rhythm="weekly")

    # A week and the grace later: one reminder each, however many sweeps run that day.
    later = NOON_CHICAGO + datetime.timedelta(days=11)
    sweep_at(later)
    sweep_at(later + datetime.timedelta(minutes=10))
    (to_host,) = check_ins_to(host.user.email)
    (to_mia,) = check_ins_to(mia.user.email)
    assert to_host.subject == "Time to meet again: Weekly circle"
    assert f"/circles/{circle.pk}/meetings/new/" in to_host.body
    assert "weekly rhythm" in to_mia.body and circle.get_absolute_url() in to_mia.body
    assert check_ins_to(ria.user.email) == []
    assert check_ins_to(quiet_host.user.email) == []

    # A meeting booked silences it until a period (and the grace) after that meeting.
    with time_machine.travel(later, tick=False):
        services.meeting_propose(
            circle=circle, by=host.user, starts_at=later + datetime.timedelta(days=2)
        )
    sweep_at(later + datetime.timedelta(days=8))
    assert len(check_ins_to(host.user.email)) == 1
    # The next one falls due a week and the grace after that meeting.
    sweep_at(later + datetime.timedelta(days=13))
    assert len(check_ins_to(host.user.email)) == 2
