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
from tests.cohorts.conftest import make_cohort
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
        # Some run a cohort here, whose window the cards show (with_application_window).
        if number % 3 == 0:
            make_cohort(program)


def test_a_members_directory_and_saved_list_take_a_few_queries_however_many_programs(
    client: Client, member: User, today: datetime.date
) -> None:
    client.force_login(member)
    make_programs(2, member, "First")
    client.get(URL)  # the first page after signing in saves the session
    saved = reverse("programs:saved")
    few = {url: queries(client, url) for url in [URL, f"{URL}?{FILTERS}", saved]}
    # A list that fits on one page is its own count.
    assert max(few.values()) <= 5
    make_programs(25, member, "More")
    many = {url: queries(client, url) for url in few}
    # A full first page needs the count of them all, once.
    assert many == {url: few[url] + (0 if url == saved else 1) for url in few}
    assert queries(client, f"{URL}?page=2") == few[URL] + 1


def test_the_count_and_pages_are_right_whether_or_not_the_programs_fit_on_a_page(
    client: Client, member: User, today: datetime.date
) -> None:
    make_programs(3, member, "Few")
    few = client.get(URL)
    assert few.context["page"].paginator.count == 3
    assert '<h2 class="h5 mb-0">3 programs</h2>' in few.content.decode()
    make_programs(22, member, "More")
    first, second = client.get(URL), client.get(f"{URL}?page=2")
    assert first.context["page"].paginator.count == 25
    assert "Page 1 of 2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    shown = [card.program.name for page in (first, second) for card in page.context["cards"]]
    assert len(shown) == len(set(shown)) == 25


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
    # Screen readers, which may list the links alone, hear which program each one saves.
    assert (
        f'href="{login}?next=/programs/{program.slug}/">Sign in to save'
        '<span class="visually-hidden"> Open to all</span></a>'
    ) in html


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
