"""Every page shows what is true now: each reader their own layout, a message once, and any
change (a save, a bulk UPDATE, a renamed unit) at once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.models import Program
from tests.conftest import make_member
from tests.profiles.factories import area, make_mentee, make_mentor
from tests.profiles.reading import dashboard_suggestions
from tests.programs.conftest import TODAY, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(time_machine: Any) -> datetime.date:
    """The programs' tests' day, when make_program's programs were last reviewed."""
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC))
    return TODAY


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_shows_each_reader_their_own_layout(client: Client, staff: User) -> None:
    member = make_member("ada@example.org")
    client.force_login(member)
    assert "ada@example.org" in page(client, reverse("home"))

    visitor = page(Client(), reverse("home"))
    assert "ada@example.org" not in visitor
    assert "Sign in" in visitor

    staff_client = Client()
    staff_client.force_login(staff)
    assert "Administration" in page(staff_client, reverse("home"))
    assert "Administration" not in page(client, reverse("home"))

    member.email = "ada.lovelace@example.org"
    member.save()
    assert "ada.lovelace@example.org" in page(client, reverse("home"))


def test_a_message_shows_once(client: Client, today: datetime.date) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    client.force_login(make_member("ada@example.org"))
    directory = reverse("programs:directory")
    assert 'aria-label="Save Career Mentoring Program"' in page(client, directory)

    response = client.post(
        reverse("programs:save", args=[program.slug]), {"next": directory}, follow=True
    )
    saved = response.content.decode()
    assert "Saved “Career Mentoring Program” to your programs." in saved
    assert 'aria-label="Unsave Career Mentoring Program"' in saved

    again = page(client, directory)
    assert "to your programs." not in again
    assert 'aria-label="Unsave Career Mentoring Program"' in again


def test_a_bulk_update_of_programs_shows_at_once(client: Client, today: datetime.date) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    assert "Career Mentoring Program" in page(client, reverse("programs:directory"))
    Program.objects.filter(pk=program.pk).update(name="New Librarians Mentoring")
    assert "New Librarians Mentoring" in page(Client(), reverse("programs:directory"))


def test_changing_what_a_mentee_wants_changes_their_suggestions(client: Client) -> None:
    make_mentor(display_name="Ada", expertise=["Reference services", "Acquisitions"])
    mentee = make_mentee(wanted=["Reference services"])
    client.force_login(mentee.user)
    assert dashboard_suggestions(client)[0][1].startswith("Shares Reference services")

    # The form sets the areas after saving the profile: the areas alone must count.
    mentee.wanted_areas.set([area("Acquisitions")])
    assert dashboard_suggestions(client)[0][1].startswith("Shares Acquisitions")


def test_renaming_a_programs_unit_shows_at_once(client: Client, today: datetime.date) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    assert "NMRT Round Table" in page(client, reverse("programs:directory"))
    program.unit.name = "New Members Round Table"
    program.unit.save()
    assert "New Members Round Table" in page(client, reverse("programs:directory"))
