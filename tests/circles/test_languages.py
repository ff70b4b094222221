"""A circle in its members' languages: a French member reads the circle's page in French
(its history conjugated for them, dates in French), and a Spanish member's reminder to meet
again is written in Spanish, whatever language the sweep runs in."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from mentorconnect.outbox import sweep as outbox
from mentorships.circles import services
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db

NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def about_the_circle(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email] and "Círculo semanal" in m.subject]


def test_a_french_member_reads_the_circle_in_french(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        gail = make_mentor(display_name="Gail")
        mia = make_mentee(display_name="Mia")
        circle = make_circle(gail, title="Cercle des subventions")
        services.circle_join(circle=circle, by=mia.user)
    User.objects.filter(pk=mia.user.pk).update(language="fr")

    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Animé par Gail" in page
    history = page[page.index('id="history-heading"') :]
    assert "Gail a lancé le cercle" in history
    assert "Vous avez rejoint le cercle" in history
    assert "décembre 2026" in history
    assert "You joined" not in history and "December" not in history


def test_a_spanish_member_is_reminded_to_meet_again_in_spanish() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        host = make_mentor()
        circle = make_circle(host, title="Círculo semanal", rhythm="weekly")
        mia = make_mentee()
        services.circle_join(circle=circle, by=mia.user)
    User.objects.filter(pk=mia.user.pk).update(language="es")

    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=11), tick=False):
        outbox.sweep()
    (to_mia,) = about_the_circle(mia.user.email)
    assert to_mia.subject == "Es hora de volver a reunirse: Círculo semanal"
    assert "El círculo «Círculo semanal» no se ha reunido" in to_mia.body
    (to_host,) = about_the_circle(host.user.email)
    assert to_host.subject == "Time to meet again: Círculo semanal"
