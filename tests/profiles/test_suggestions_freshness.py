"""The dashboard's suggestions follow every change to the directory at once."""

from __future__ import annotations

import pytest
from django.test import Client

from profiles.models import Profile

from .factories import city, make_mentee, make_mentor
from .reading import dashboard_suggestions

pytestmark = pytest.mark.django_db

AREA = "Cataloging (original and copy)"


def suggested(client: Client) -> list[str]:
    return [name for name, _ in suggestions(client)]


def suggestions(client: Client) -> list[tuple[str, str]]:
    return dashboard_suggestions(client)


def test_a_new_mentor_who_fits_is_suggested_at_once(client: Client) -> None:
    mentee = make_mentee(display_name="Mia", wanted=[AREA], city=city("Toronto", "CA"))
    make_mentor(display_name="Ada", expertise=[AREA], city=city("Toronto", "CA"))
    make_mentor(display_name="Ben", expertise=["Acquisitions"])
    client.force_login(mentee.user)
    first = suggestions(client)
    assert [name for name, _ in first] == ["Ada"]
    assert "in your city" in first[0][1]
    assert suggestions(client) == first  # the same people, with the same reasons

    make_mentor(display_name="Cy", expertise=[AREA], city=city("Toronto", "CA"), mentor_capacity=5)
    assert sorted(suggested(client)) == ["Ada", "Cy"]


def test_a_suggested_mentor_who_pauses_drops_out_at_once(client: Client) -> None:
    mentee = make_mentee(display_name="Mia", wanted=[AREA])
    make_mentor(display_name="Ada", expertise=[AREA])
    make_mentor(display_name="Ben", expertise=[AREA])
    client.force_login(mentee.user)
    assert sorted(suggested(client)) == ["Ada", "Ben"]

    Profile.objects.filter(display_name="Ada").update(accepting_requests=False)
    assert suggested(client) == ["Ben"]
