"""A member leaving a circle emails its host (or a peer circle's convener) at once, in the
host's language, unless the host turned those emails off; a member who left MentorConnect is
not named, as in a mentorship's email."""

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
from .test_notification_emails import html_of

pytestmark = pytest.mark.django_db

A_FEW_MINUTES_LATER = NOON_CHICAGO + datetime.timedelta(minutes=5)


def test_a_member_leaving_emails_the_host_once_naming_them(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Gail Host")
        circle = make_circle(host, title="Budget circle")
        bo = make_mentee(display_name="Bo Reader")
        services.circle_join(circle=circle, by=bo.user)
        client.force_login(bo.user)
        client.post(reverse("circles:leave", args=[circle.pk]))
    sweep_at(A_FEW_MINUTES_LATER)
    sweep_at(A_FEW_MINUTES_LATER + datetime.timedelta(minutes=5))

    (message,) = mails_to(host.user.email)
    assert message.subject == "Bo Reader has left your circle “Budget circle”"
    for part in (message.body, html_of(message)):
        assert "Bo Reader has left your circle “Budget circle”." in part
        assert "Their place is open again" in part
        assert circle.get_absolute_url() in part
        assert "You get this email because you run the circle “Budget circle”." in part
    assert "Stop emails about members leaving your circles with one click: http" in message.body
    assert mails_to(bo.user.email) == []


def test_a_french_host_is_told_in_french() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        User.objects.filter(pk=host.user_id).update(language="fr")
        circle = make_circle(host, title="Cercle des budgets")
        bo = make_mentee(display_name="Bo")
        services.circle_join(circle=circle, by=bo.user)
        services.circle_leave(circle=circle, by=bo.user)
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(host.user.email)
    assert message.subject == "Bo a quitté votre cercle «\u00a0Cercle des budgets\u00a0»"
    assert "Sa place est de nouveau libre" in message.body
    assert "Sa place est de nouveau libre" in html_of(message)


def test_a_host_who_turned_these_emails_off_is_not_emailed() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        User.objects.filter(pk=host.user_id).update(reminders_off=["circle_member_left"])
        circle = make_circle(host)
        bo = make_mentee()
        services.circle_join(circle=circle, by=bo.user)
        services.circle_leave(circle=circle, by=bo.user)
    sweep_at(A_FEW_MINUTES_LATER)
    assert mail.outbox == []


def test_a_peer_circles_convener_is_told_and_a_member_back_already_is_not_news() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        convener = make_mentee()
        circle = make_circle(convener, peer=True, title="Peer circle")
        bo, cy = make_mentee(display_name="Bo"), make_mentee(display_name="Cy")
        for mentee in (bo, cy):
            services.circle_join(circle=circle, by=mentee.user)
            services.circle_leave(circle=circle, by=mentee.user)
        services.circle_join(circle=circle, by=cy.user)  # Cy thought better of it
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(convener.user.email)
    assert message.subject == "Bo has left your circle “Peer circle”"


def test_a_member_who_left_mentorconnect_is_not_named() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Budget circle")
        bo = make_mentee(display_name="Bo")
        services.circle_join(circle=circle, by=bo.user)
        User.objects.filter(pk=bo.user_id).update(is_active=False)
        privacy.close_relationships_of_deactivated()
    sweep_at(A_FEW_MINUTES_LATER)

    (message,) = mails_to(host.user.email)
    assert message.subject == "A member has left your circle “Budget circle”"
    assert "has left MentorConnect, and with it the circle." in message.body
    assert "Bo" not in message.body
