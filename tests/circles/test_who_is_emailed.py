"""The pages before leaving a circle, declining a request to join it and ending it say truthfully
who will be emailed: someone who turned that kind of email off on their email choices page is
told of it on the site only, and the page says so instead of promising an email."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox.kinds import reminder_kinds
from mentorships.circles import services
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at

pytestmark = pytest.mark.django_db

LATER = NOON_CHICAGO + datetime.timedelta(minutes=5)


def turn_off(client: Client, user: User, kind: str) -> None:
    """`user` unticks one kind of email on their email choices page and saves it."""
    client.force_login(user)
    on = [name for name in reminder_kinds.names() if name != kind]
    client.post(reverse("outbox:preferences"), {"on": on})
    assert kind in User.objects.get(pk=user.pk).reminders_off


def page(client: Client, user: User, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.parametrize("host_wants_it", [True, False])
def test_leaving_says_whether_the_host_gets_an_email(client: Client, host_wants_it: bool) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Max")
        circle = make_circle(host)
        bo = make_mentee(display_name="Bo")
        services.circle_join(circle=circle, by=bo.user)
        if not host_wants_it:
            turn_off(client, host.user, "circle_member_left")
        leave = reverse("circles:leave", args=[circle.pk])
        said = page(client, bo.user, leave)
        client.post(leave)
    sweep_at(LATER)

    emailed = "Max, who hosts the circle, gets an email saying you left, and its history says so."
    not_emailed = (
        "Max, who hosts the circle, does not get emails about members leaving: the circle's "
        "history says you left, and they will see it there."
    )
    if host_wants_it:
        assert emailed in said
        assert not_emailed not in said
        assert len(mails_to(host.user.email)) == 1
    else:
        assert not_emailed in said
        assert "gets an email" not in said
        assert mails_to(host.user.email) == []
        history = page(client, host.user, circle.get_absolute_url())
        assert "Bo left the circle" in history


def test_leaving_a_peer_circle_whose_convener_turned_these_emails_off_says_so(
    client: Client,
) -> None:
    convener = make_mentee(display_name="Cleo")
    circle = make_circle(convener, peer=True)
    bo = make_mentee(display_name="Bo")
    services.circle_join(circle=circle, by=bo.user)
    turn_off(client, convener.user, "circle_member_left")
    said = page(client, bo.user, reverse("circles:leave", args=[circle.pk]))
    assert (
        "Cleo, who convenes the circle, does not get emails about members leaving: the circle's "
        "history says you left, and they will see it there."
    ) in said


@pytest.mark.parametrize("asker_wants_it", [True, False])
def test_declining_says_whether_who_asked_gets_an_email(
    client: Client, asker_wants_it: bool
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Max")
        circle = make_circle(host, join_policy="approve")
        ria = make_mentee(display_name="Ria")
        asked = services.circle_join(circle=circle, by=ria.user)
        if not asker_wants_it:
            turn_off(client, ria.user, "circle_join_answer")
        decline = reverse("circles:decline_request", args=[circle.pk, asked.pk])
        said = page(client, host.user, decline)
        client.post(decline)
    sweep_at(LATER)

    emailed = "They get an email saying you could not welcome them this time"
    not_emailed = (
        "They do not get emails about answers to their requests, so no email is sent: for a "
        "month, their list of circles says their request was declined, with a link to other "
        "circles."
    )
    if asker_wants_it:
        assert emailed in said
        assert not_emailed not in said
        assert len(mails_to(ria.user.email)) == 1
    else:
        assert not_emailed in said
        assert emailed not in said
        assert mails_to(ria.user.email) == []


def test_ending_names_who_is_emailed_and_who_sees_it_on_the_site_only(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Max", mentor_capacity=2)
        circle = make_circle(host, join_policy="approve", places=4)
        mia, noor = make_mentee(display_name="Mia"), make_mentee(display_name="Noor")
        for mentee in (mia, noor):
            services.request_answer(
                membership=services.circle_join(circle=circle, by=mentee.user),
                by=host.user,
                approve=True,
            )
        ria, sam = make_mentee(display_name="Ria"), make_mentee(display_name="Sam")
        for mentee in (ria, sam):
            services.circle_join(circle=circle, by=mentee.user)
        turn_off(client, noor.user, "circle_ended")
        turn_off(client, sam.user, "circle_join_answer")
    sweep_at(LATER)
    mail.outbox.clear()  # the welcomes and the requests to join

    with time_machine.travel(LATER, tick=False):
        end = reverse("circles:end", args=[circle.pk])
        said = page(client, host.user, end)
        client.post(end)
    sweep_at(LATER + datetime.timedelta(minutes=5))

    emailed, _, not_emailed = said.partition("Who is not emailed")
    assert "Mia, told that the circle has ended." in emailed
    assert "Ria, who asked to join: their request is declined, and they are told" in emailed
    assert "Noor" not in emailed
    assert "Sam" not in emailed
    assert (
        "Noor, who does not get emails about circles ending: the circle's page and history will "
        "say it has ended."
    ) in not_emailed
    assert (
        "Sam, who asked to join and does not get emails about answers to requests: their request "
        "is declined, and for a month their list of circles says the circle ended before it was "
        "answered."
    ) in not_emailed
    # What the page said is what happened.
    assert len(mails_to(mia.user.email)) == 1
    assert len(mails_to(ria.user.email)) == 1
    assert mails_to(noor.user.email) == []
    assert mails_to(sam.user.email) == []
    assert "This circle ended on" in page(client, noor.user, circle.get_absolute_url())


def test_ending_a_circle_whose_only_member_gets_no_such_email_says_nobody_is_emailed(
    client: Client,
) -> None:
    host = make_mentor(display_name="Max")
    circle = make_circle(host)
    noor = make_mentee(display_name="Noor")
    services.circle_join(circle=circle, by=noor.user)
    turn_off(client, noor.user, "circle_ended")
    said = page(client, host.user, reverse("circles:end", args=[circle.pk]))
    assert "Nobody: none of them gets emails about this." in said
    assert "Nobody: nobody else has joined" not in said
    assert "Noor, who does not get emails about circles ending" in said


def test_a_french_member_reads_that_the_host_is_not_emailed_in_french(client: Client) -> None:
    host = make_mentor(display_name="Max")
    circle = make_circle(host)
    bo = make_mentee(display_name="Bo")
    User.objects.filter(pk=bo.user_id).update(language="fr")
    services.circle_join(circle=circle, by=bo.user)
    turn_off(client, host.user, "circle_member_left")
    said = page(client, bo.user, reverse("circles:leave", args=[circle.pk]))
    assert (
        "Max, qui anime le cercle, ne reçoit pas de courriel quand quelqu’un quitte le "
        "cercle\u00a0: l’historique du cercle indique que vous l’avez quitté"
    ) in said
