"""When a circle ends (its host ends it, or leaves MentorConnect), each member is emailed that
it has, its archive staying with them; whoever was still asking to join is told no."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect import privacy
from mentorships.circles import services
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at

pytestmark = pytest.mark.django_db


def test_the_host_ending_a_circle_emails_each_member_once_and_declines_who_was_asking(
    client: Client,
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve", places=4)
        mia, noor, asking, gone = make_mentee(), make_mentee(), make_mentee(), make_mentee()
        for mentee in (mia, noor, gone):
            membership = services.circle_join(circle=circle, by=mentee.user)
            services.request_answer(membership=membership, by=host.user, approve=True)
        services.circle_leave(circle=circle, by=gone.user)
        services.circle_join(circle=circle, by=asking.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    mail.outbox.clear()

    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(hours=1), tick=False):
        client.force_login(host.user)
        client.post(reverse("circles:end", args=[circle.pk]))
    sweep_at(NOON_CHICAGO + datetime.timedelta(hours=1, minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(hours=1, minutes=10))

    for member in (mia, noor):
        (message,) = mails_to(member.user.email)
        assert message.subject == "The circle “Budget circle” has ended"
        assert "Its archive stays with you" in message.body
        assert circle.get_absolute_url() in message.body
    (declined,) = mails_to(asking.user.email)
    assert declined.subject == "Your request to join “Budget circle”"
    assert mails_to(host.user.email) == []
    assert mails_to(gone.user.email) == []


def test_a_convener_deleting_their_account_emails_the_other_members_that_the_circle_ended() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        convener = make_mentee()
        circle = make_circle(convener, peer=True, title="Peer budget circle")
        mia = make_mentee()
        services.circle_join(circle=circle, by=mia.user)
        privacy.account_delete(user=convener.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(mia.user.email)
    assert message.subject == "The circle “Peer budget circle” has ended"
    assert "The host of the circle “Peer budget circle” has left MentorConnect" in message.body
    assert circle.get_absolute_url() in message.body


def test_a_host_deactivated_by_staff_ends_the_circle_and_the_members_are_told_the_host_left() -> (
    None
):
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        mia = make_mentee()
        services.circle_join(circle=circle, by=mia.user)
        User.objects.filter(pk=host.user_id).update(is_active=False)
        privacy.close_relationships_of_deactivated()
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(mia.user.email)
    assert message.subject == "The circle “Budget circle” has ended"
    told = "The host of the circle “Budget circle” has left MentorConnect, so the circle has ended."
    assert told in message.body
    (html, _type) = message.alternatives[0]  # type: ignore[attr-defined]
    assert told in str(html)


def test_a_circle_its_host_ends_does_not_say_the_host_left() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        mia = make_mentee()
        services.circle_join(circle=circle, by=mia.user)
        services.circle_end(circle=circle, by=host.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(mia.user.email)
    assert "The circle “Budget circle” has ended." in message.body
    assert "left MentorConnect" not in message.body


def test_a_request_waiting_when_the_circle_ends_is_told_it_ended_not_that_it_was_declined() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle", join_policy="approve")
        asking = make_mentee()
        services.circle_join(circle=circle, by=asking.user)
        services.circle_end(circle=circle, by=host.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))

    (message,) = mails_to(asking.user.email)
    told = "The circle “Budget circle” has ended before your request to join it was answered."
    assert told in message.body
    assert told in str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert "could not welcome you" not in message.body
    assert "Other circles may suit you just as well" in message.body
