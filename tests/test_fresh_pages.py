"""Every page shows what is true now: each reader their own layout, a message once, and any
change (a save, a bulk UPDATE, a renamed unit) at once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorships import services
from profiles.models import User
from programs.models import Program
from tests.conftest import make_member
from tests.mentorships.helpers import make_active, make_request
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
    assert dashboard_suggestions(client)[0][1].startswith("Covers: Reference services")

    # The form sets the areas after saving the profile: the areas alone must count.
    mentee.wanted_areas.set([area("Acquisitions")])
    assert dashboard_suggestions(client)[0][1].startswith("Covers: Acquisitions")


def test_renaming_a_programs_unit_shows_at_once(client: Client, today: datetime.date) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    assert "NMRT Round Table" in page(client, reverse("programs:directory"))
    program.unit.name = "New Members Round Table"
    program.unit.save()
    assert "New Members Round Table" in page(client, reverse("programs:directory"))


def test_a_member_deactivated_in_bulk_leaves_every_page_at_once(client: Client) -> None:
    ada = make_mentor(display_name="Ada Quist", expertise=["Reference services"])
    mentee = make_mentee(wanted=["Reference services"])
    client.force_login(mentee.user)
    member_page = reverse("profiles:detail", args=[ada.pk])
    assert "Ada Quist" in page(client, reverse("profiles:find_mentor"))
    assert [name for name, _ in dashboard_suggestions(client)] == ["Ada Quist"]
    assert client.get(member_page).status_code == 200

    User.objects.filter(pk=ada.user_id).update(is_active=False)  # no signal, no save()
    assert "Ada Quist" not in page(client, reverse("profiles:find_mentor"))
    assert dashboard_suggestions(client) == []
    assert client.get(member_page).status_code == 404


def test_an_answered_request_shows_on_both_dashboards_at_once(client: Client) -> None:
    mentor = make_mentor(display_name="Max Ortiz")
    mentee = make_mentee(display_name="Mia Chen")
    mentor_client = Client()
    mentor_client.force_login(mentor.user)
    client.force_login(mentee.user)
    request = make_request(mentee, mentor)
    assert "Mia Chen" in page(mentor_client, reverse("dashboard"))
    assert "Your requests waiting for an answer" in page(client, reverse("dashboard"))

    services.mentorship_accept(mentorship=request, by=mentor.user)
    assert "Your mentee <a" in page(mentor_client, reverse("dashboard"))
    mentee_dashboard = page(client, reverse("dashboard"))
    assert "Your requests waiting for an answer" not in mentee_dashboard
    assert "Your mentor <a" in mentee_dashboard


def test_a_meeting_that_has_started_is_no_longer_upcoming(
    client: Client, time_machine: Any
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    starts = timezone.now() + datetime.timedelta(days=1)
    meeting = services.meeting_propose(
        mentorship=mentorship, by=mentee.user, starts_at=starts, duration_minutes=60
    )
    services.meeting_confirm(meeting=meeting, by=mentor.user)
    client.force_login(mentee.user)
    url = mentorship.get_absolute_url()
    assert "It was held" not in page(client, url)
    assert "Upcoming meetings" in page(client, reverse("dashboard"))

    time_machine.move_to(starts + datetime.timedelta(hours=2))
    assert "It was held" in page(client, url)
    assert "Upcoming meetings" not in page(client, reverse("dashboard"))
