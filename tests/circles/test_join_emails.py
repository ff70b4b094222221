"""Asking to join a circle emails its host, with the note and a link to answer; the host's
answer emails whoever asked. Both go through the outbox, once each."""

from __future__ import annotations

import datetime
import html

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships.circles import services
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at

pytestmark = pytest.mark.django_db


def test_asking_to_join_emails_the_host_once_with_the_note_and_where_to_answer(
    client: Client,
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Gail Host")
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        quinn = make_mentee(display_name="Quinn Tester")
        client.force_login(quinn.user)
        client.post(
            reverse("circles:join", args=[circle.pk]), {"note": "I run a small branch's budget."}
        )

    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=10))

    (message,) = mails_to(host.user.email)
    assert message.subject == "Quinn Tester asks to join your circle “Budget circle”"
    assert "I run a small branch's budget." in message.body
    assert circle.get_absolute_url() in message.body
    assert mails_to(quinn.user.email) == []


def test_a_request_withdrawn_before_the_sweep_sends_the_host_nothing() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        circle = make_circle(make_mentor(), join_policy="approve")
        quinn = make_mentee()
        services.circle_join(circle=circle, by=quinn.user)
        services.circle_leave(circle=circle, by=quinn.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert mail.outbox == []


def test_joining_an_open_circle_emails_nobody() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        circle = make_circle(make_mentor(), join_policy="open")
        services.circle_join(circle=circle, by=make_mentee().user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert mail.outbox == []


def test_the_host_welcoming_emails_the_new_member_a_link_to_the_circle(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        quinn = make_mentee()
        membership = services.circle_join(circle=circle, by=quinn.user)
        client.force_login(host.user)
        client.post(
            reverse("circles:answer_request", args=[circle.pk, membership.pk]),
            {"answer": "approve"},
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(quinn.user.email)
    assert message.subject == "Welcome to the circle “Budget circle”"
    assert circle.get_absolute_url() in message.body


def test_the_host_declining_emails_kindly_a_link_to_other_circles(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        quinn = make_mentee()
        membership = services.circle_join(circle=circle, by=quinn.user)
        client.force_login(host.user)
        client.post(reverse("circles:decline_request", args=[circle.pk, membership.pk]))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=10))

    (message,) = mails_to(quinn.user.email)
    assert message.subject == "Your request to join “Budget circle”"
    assert "could not welcome you this time" in message.body
    assert reverse("circles:list") in message.body
    assert circle.get_absolute_url() not in message.body


def test_the_hosts_dashboard_lists_requests_to_join_waiting_for_an_answer(
    client: Client,
) -> None:
    host = make_mentor()
    circle = make_circle(host, title="Budget circle", join_policy="approve")
    quinn = make_mentee(display_name="Quinn Tester")
    services.circle_join(circle=circle, by=quinn.user)
    client.force_login(host.user)

    page = client.get(reverse("dashboard")).content.decode()

    waiting = page[page.index("Requests to join your circles") :]
    assert "Quinn Tester" in waiting
    assert "Budget circle" in waiting
    assert circle.get_absolute_url() in waiting

    client.force_login(quinn.user)
    assert "Requests to join your circles" not in client.get(reverse("dashboard")).content.decode()


def test_a_welcome_still_waiting_when_the_circle_ends_is_not_sent() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        quinn = make_mentee()
        membership = services.circle_join(circle=circle, by=quinn.user)
        services.request_answer(membership=membership, by=host.user, approve=True)
        services.circle_end(circle=circle, by=host.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(quinn.user.email)
    assert message.subject == "The circle “Budget circle” has ended"
    welcome = Reminder.objects.get(kind="circle_join_answer", recipient=quinn.user)
    assert welcome.status == ReminderStatus.SKIPPED


def test_asking_to_join_a_circle_that_ended_meanwhile_says_so_and_keeps_the_note(
    client: Client,
) -> None:
    host = make_mentor(display_name="Gail Host")
    circle = make_circle(host, title="Budget circle", join_policy="approve")
    quinn = make_mentee(display_name="Quinn Tester")
    client.force_login(quinn.user)
    assert client.get(reverse("circles:join", args=[circle.pk])).status_code == 200
    services.circle_end(circle=circle, by=host.user)

    response = client.post(
        reverse("circles:join", args=[circle.pk]), {"note": "I run a small branch's budget."}
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "This circle has ended." in page
    assert "I run a small branch's budget." in page
    # Nobody new is shown an ended circle's card to join.
    assert client.get(reverse("circles:join", args=[circle.pk])).status_code == 404
