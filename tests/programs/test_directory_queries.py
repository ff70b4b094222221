"""The program directory and the saved list cost a fixed number of queries for a signed-in
member, however many programs, saves and filters, and show each card as before."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import User
from programs.models import Audience, Format, SavedProgram
from tests.programs.conftest import days, make_program

pytestmark = pytest.mark.django_db

URL = reverse("programs:directory")
FILTERS = "audience=students&audience=mid_career&format=peer&free=on&virtual=on"


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_programs(count: int, member: User, name: str) -> None:
    for number in range(count):
        program = make_program(
            f"{name} {number}",
            audience=[Audience.STUDENTS],
            formats=[Format.PEER, Format.E_MENTORING],
            is_free=True,
            closes_on=days(number),
        )
        if number % 2:
            SavedProgram.objects.create(user=member, program=program)


def test_a_members_directory_and_saved_list_take_the_same_queries_for_many_programs(
    client: Client, member: User, today: datetime.date
) -> None:
    client.force_login(member)
    make_programs(2, member, "First")
    client.get(URL)  # the first page after signing in saves the session
    few = {
        url: queries(client, url) for url in [URL, f"{URL}?{FILTERS}", reverse("programs:saved")]
    }
    assert max(few.values()) <= 6
    make_programs(25, member, "More")
    assert {url: queries(client, url) for url in few} == few


def test_a_card_shows_its_window_facts_and_the_button_for_its_save(
    client: Client, member: User, today: datetime.date
) -> None:
    saved = make_program("Saved & kept", is_free=True, formats=[Format.PEER], closes_on=days(3))
    make_program("Opening later", opens_on=days(10), closes_on=days(40))
    SavedProgram.objects.create(user=member, program=saved)
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert '<span class="badge window-open">Open now · closes 13 Mar 2025</span>' in html
    assert '<span class="badge window-upcoming">Opens 20 Mar 2025</span>' in html
    assert '<span class="badge fact">Free</span>' in html
    assert '<span class="badge fact">Peer</span>' in html
    unsave = reverse("programs:unsave", args=[saved.slug])
    assert f'action="{unsave}"' in html
    assert 'aria-label="Unsave Saved &amp; kept">Saved ✓ · Unsave</button>' in html
    assert f'action="{reverse("programs:save", args=["opening-later"])}"' in html
    assert 'aria-label="Save Opening later">Save</button>' in html
    # Only curators are offered the list of programs to review.
    assert reverse("programs:needs_review") not in html


def test_a_visitor_is_asked_to_sign_in_to_save(client: Client, today: datetime.date) -> None:
    program = make_program("Open to all")
    html = client.get(URL).content.decode()
    login = reverse("account_login")
    assert f'href="{login}?next=/programs/{program.slug}/">Sign in to save</a>' in html


def test_a_curator_finds_the_programs_to_review_from_the_directory(
    client: Client, curator: User, today: datetime.date
) -> None:
    client.force_login(curator)
    html = client.get(URL).content.decode()
    assert f'<a href="{reverse("programs:needs_review")}">Programs to review</a>' in html


def test_ticked_filters_stay_ticked(client: Client, today: datetime.date) -> None:
    html = client.get(f"{URL}?{FILTERS}").content.decode()
    assert 'name="audience" id="id_audience_0" value="students" checked>' in html
    assert 'name="audience" id="id_audience_1" value="new_librarians">' in html
    assert 'name="format" id="id_format_2" value="peer" checked>' in html
    assert 'name="free" id="id_free" value="on" checked>' in html
    assert 'name="open_now" id="id_open_now" value="on">' in html
