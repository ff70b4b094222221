"""A circle's emails that someone caused (a request to join, the host's answer, the circle's
end) are notifications, not reminders: they go out at once, at any hour, as the one-to-one
mentorship's emails do, and their footer says why the member gets them and how to stop them.
A place offered to a mentee on the waiting list goes at any hour too."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from mentorships.circles import services
from mentorships.models import WaitingListEntry
from tests.profiles.factories import area, make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at

pytestmark = pytest.mark.django_db

# 23:00 in Chicago, where the factories' members live: after their day.
LATE_EVENING_CHICAGO = NOON_CHICAGO + datetime.timedelta(hours=11)
A_FEW_MINUTES_LATER = LATE_EVENING_CHICAGO + datetime.timedelta(minutes=5)


def html_of(message: EmailMessage) -> str:
    ((html, _type),) = message.alternatives  # type: ignore[attr-defined]
    return str(html)


def test_a_request_to_join_at_night_reaches_the_host_at_once_saying_why() -> None:
    with time_machine.travel(LATE_EVENING_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        services.circle_join(circle=circle, by=make_mentee(display_name="Quinn Tester").user)
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(host.user.email)
    assert message.subject == "Quinn Tester asks to join your circle “Budget circle”"
    why = "You get this email because you run the circle “Budget circle”."
    assert why in message.body and why in html_of(message)
    assert "You get this reminder" not in message.body
    assert "Stop emails about requests to join your circles with one click: http" in message.body
    assert "unsubscribe" in message.extra_headers["List-Unsubscribe"]


def test_an_answer_at_night_reaches_whoever_asked_at_once_saying_why() -> None:
    with time_machine.travel(LATE_EVENING_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        quinn = make_mentee()
        membership = services.circle_join(circle=circle, by=quinn.user)
        services.request_answer(membership=membership, by=host.user, approve=True)
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(quinn.user.email)
    assert message.subject == "Welcome to the circle “Budget circle”"
    why = "You get this email because you asked to join the circle “Budget circle”."
    assert why in message.body and why in html_of(message)
    assert "You get this reminder" not in message.body
    assert "Stop emails about answers to your requests to join with one click: http" in (
        message.body
    )


def test_a_circle_ended_at_night_is_told_to_its_members_at_once_saying_why() -> None:
    with time_machine.travel(LATE_EVENING_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        mia = make_mentee()
        services.circle_join(circle=circle, by=mia.user)
        services.circle_end(circle=circle, by=host.user)
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(mia.user.email)
    assert message.subject == "The circle “Budget circle” has ended"
    why = "You get this email because you are a member of the circle “Budget circle”."
    assert why in message.body and why in html_of(message)
    assert "You get this reminder" not in message.body
    assert "Stop emails about circles that end with one click: http" in message.body


def test_a_place_opening_at_night_is_offered_to_the_mentee_waiting_at_once() -> None:
    with time_machine.travel(LATE_EVENING_CHICAGO, tick=False):
        host = make_mentor(expertise=["Grant writing"])
        circle = make_circle(host, title="Grant circle", areas=("Grant writing",), places=3)
        leaving = make_mentee(wanted=["Grant writing"])
        services.circle_join(circle=circle, by=leaving.user)
        waiting = make_mentee(wanted=["Grant writing"])
        WaitingListEntry.objects.create(mentee=waiting.user).areas.set([area("Grant writing")])
        services.circle_leave(circle=circle, by=leaving.user)
    sweep_at(A_FEW_MINUTES_LATER)

    # Not held until her morning: anyone may take the place meanwhile, and then she is never
    # told of it.
    (message,) = mails_to(waiting.user.email)
    assert message.subject == "A place opened in a circle: Grant circle"
    assert f"/circles/{circle.pk}/join/" in message.body
    # An offer, not a reminder: its footer says what it is.
    why = (
        "You get this email because emails about “a place opened in a circle for your areas” "
        "are on."
    )
    assert why in message.body and why in html_of(message)
    assert "Turn them off with one click: http" in message.body
    assert "reminder" not in message.body.replace("/reminders/", "/")
    assert "You get this reminder" not in html_of(message)


def test_the_email_choices_page_says_which_emails_come_at_once(client: Client) -> None:
    client.force_login(make_mentee().user)

    page = client.get(reverse("outbox:preferences")).content.decode()

    at_once = "(sent within minutes, whatever the hour)"
    assert page.count(at_once) == 7

    def marked(label: str) -> bool:
        choice = page[page.index(label) :]
        return at_once in choice[: choice.index("</label>")]

    assert marked("Requests to join a circle you run")
    assert marked("A place opened in a circle for your areas")
    assert marked("Results of program rounds you applied to")
    assert marked("A mentorship agreement waiting for your confirmation")
    assert marked("Members leaving a circle you run")
    assert not marked("meetings in the next 24 hours")
    assert not marked("Milestones and surveys of program cohorts")
