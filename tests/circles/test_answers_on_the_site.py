"""A member who asked to join a circle and turned off the email about answers is not left to
guess from silence: for a month their list of circles, and the circle's card, say that the host
declined the request, or that the circle ended before answering it, with a way to other
circles."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mentorships.circles import services
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import NOON_CHICAGO, mails_to, make_circle, sweep_at
from .test_who_is_emailed import turn_off

pytestmark = pytest.mark.django_db


def text_of(client: Client, user: User, url: str, status: int = 200) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(response.content.decode())))


def test_a_declined_request_is_said_on_the_list_and_the_card_for_a_month(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Max")
        circle = make_circle(host, join_policy="approve", title="Cataloguing circle")
        other = make_circle(
            make_mentor(display_name="Ann"), join_policy="open", title="Reference circle"
        )
        ria = make_mentee(display_name="Ria")
        asked = services.circle_join(circle=circle, by=ria.user)
        turn_off(client, ria.user, "circle_join_answer")
        services.request_answer(membership=asked, by=host.user, approve=False)
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert mails_to(ria.user.email) == []

    declined = (
        "The host of Cataloguing circle could not welcome you this time: your request to join "
        "was declined on 1 December 2026."
    )
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=29), tick=False):
        listed = text_of(client, ria.user, reverse("circles:list"))
        assert declined in listed
        assert "See other circles open to new members" in listed
        assert "Reference circle" in listed
        card = text_of(client, ria.user, reverse("circles:join", args=[circle.pk]))
        assert (
            "The host could not welcome you this time: your request to join was declined on "
            "1 December 2026. See other circles: new ones open often."
        ) in card
        # The host's page says nothing of it to anyone else.
        assert "declined on" not in text_of(
            client, make_mentee().user, reverse("circles:join", args=[circle.pk])
        )
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=31), tick=False):
        assert "could not welcome you" not in text_of(client, ria.user, reverse("circles:list"))
    assert other.pk  # an open circle to go to


def test_a_request_the_circles_end_left_unanswered_is_said_on_the_list_and_the_card(
    client: Client,
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor(display_name="Max")
        circle = make_circle(host, join_policy="approve", title="Cataloguing circle")
        sam = make_mentee(display_name="Sam")
        services.circle_join(circle=circle, by=sam.user)
        turn_off(client, sam.user, "circle_join_answer")
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=2), tick=False):
        services.circle_end(circle=circle, by=host.user)
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=2, minutes=5))
    assert mails_to(sam.user.email) == []

    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=3), tick=False):
        listed = text_of(client, sam.user, reverse("circles:list"))
        assert (
            "Cataloguing circle ended on 3 December 2026 before your request to join was answered."
        ) in listed
        assert "could not welcome you" not in listed
        join = reverse("circles:join", args=[circle.pk])
        card = text_of(client, sam.user, join)
        assert (
            "This circle ended on 3 December 2026 before your request to join was answered. "
            "See other circles: new ones open often."
        ) in card
        assert "Ask to join" not in card
        # An ended circle is still gone for everyone else.
        text_of(client, make_mentee().user, join, status=404)


def test_a_french_member_reads_that_their_request_was_declined_in_french(client: Client) -> None:
    host = make_mentor(display_name="Max")
    circle = make_circle(host, join_policy="approve", title="Cercle de catalogage")
    lea = make_mentee(display_name="Léa")
    User.objects.filter(pk=lea.user_id).update(language="fr")
    asked = services.circle_join(circle=circle, by=lea.user)
    services.request_answer(membership=asked, by=host.user, approve=False)
    listed = text_of(client, lea.user, reverse("circles:list"))
    assert "La personne qui anime Cercle de catalogage n’a pas pu vous accueillir" in listed
    assert "Voir d’autres cercles qui ont des places libres" in listed
