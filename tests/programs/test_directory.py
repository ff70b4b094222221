"""The public directory at /programs/: filters, search, order, pages and what search engines see."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Audience, Format, Location, Membership, ProgramStatus
from tests.programs.conftest import days, make_program, make_unit

pytestmark = pytest.mark.django_db

URL = reverse("programs:directory")


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [program.name for program in response.context["page"]]


def test_anyone_sees_active_and_paused_programs_without_signing_in(
    client: Client, today: datetime.date
) -> None:
    make_program("Active program")
    make_program("Paused program", status=ProgramStatus.PAUSED)
    make_program("Draft program", status=ProgramStatus.DRAFT)
    make_program("Archived program", status=ProgramStatus.ARCHIVED)
    assert sorted(listed(client)) == ["Active program", "Paused program"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("free=on", "Free"),
        ("no_membership=on", "No membership"),
        ("part_time=on", "Part-time welcome"),
        ("students=on", "Students welcome"),
        ("virtual=on", "Online"),
        ("audience=mid_career", "For mid-career"),
        ("format=peer", "Peer circles"),
    ],
)
def test_each_filter_keeps_only_the_programs_that_say_so(
    client: Client, today: datetime.date, query: str, expected: str
) -> None:
    # Each program answers one question favourably; the others leave it unknown or say no.
    make_program("Baseline", membership=Membership.UNIT, is_free=False, open_to_students=False)
    make_program("Free", is_free=True, membership=Membership.UNIT)
    make_program("No membership", membership=Membership.NONE)
    make_program("Part-time welcome", open_to_part_time=True, membership=Membership.UNIT)
    make_program("Students welcome", open_to_students=True, membership=Membership.UNIT)
    make_program("Online", location=Location.VIRTUAL, membership=Membership.UNIT)
    make_program("For mid-career", audience=[Audience.MID_CAREER], membership=Membership.UNIT)
    make_program("Peer circles", formats=[Format.PEER], membership=Membership.UNIT)
    assert listed(client, query) == [expected]


def test_unticked_eligibility_filters_do_not_hide_programs_that_say_no(
    client: Client, today: datetime.date
) -> None:
    make_program("Not free", is_free=False)
    make_program("Free", is_free=True)
    assert sorted(listed(client, "free=")) == ["Free", "Not free"]


def test_open_now_filter_follows_the_boundary_dates(client: Client, today: datetime.date) -> None:
    make_program("Opens today", opens_on=today, closes_on=days(20))
    make_program("Closes today", opens_on=days(-20), closes_on=today)
    make_program("Closed yesterday", opens_on=days(-20), closes_on=days(-1))
    make_program("Opens tomorrow", opens_on=days(1), closes_on=days(20))
    make_program("Rolling", rolling=True)
    assert listed(client, "open_now=on") == ["Closes today", "Opens today", "Rolling"]


def test_deadline_within_30_days_filter(client: Client, today: datetime.date) -> None:
    make_program("Closes in 30 days", closes_on=days(30))
    make_program("Closes in 31 days", closes_on=days(31))
    make_program("Closed yesterday", closes_on=days(-1))
    make_program("Rolling", rolling=True)
    assert listed(client, "closing_soon=on") == ["Closes in 30 days"]


def test_several_audiences_or_formats_widen_the_list(client: Client, today: datetime.date) -> None:
    make_program("Students", audience=[Audience.STUDENTS])
    make_program("Retirees", audience=[Audience.RETIREES])
    make_program("Leaders", audience=[Audience.LEADERS])
    assert sorted(listed(client, "audience=students&audience=retirees")) == ["Retirees", "Students"]


def test_filters_combine(client: Client, today: datetime.date) -> None:
    make_program("Free and open", is_free=True, rolling=True)
    make_program("Free, closed", is_free=True, closes_on=days(-1))
    make_program("Open, paid", is_free=False, rolling=True)
    assert listed(client, "free=on&open_now=on") == ["Free and open"]


@pytest.mark.parametrize(
    "words", ["leadership", "LEADERSHIP institute", "acrl", "college research"]
)
def test_keyword_search_looks_in_name_summary_description_and_unit(
    client: Client, today: datetime.date, words: str
) -> None:
    acrl = make_unit("ACRL", name="Association of College & Research Libraries")
    make_program(
        "Leadership Institute",
        unit=acrl,
        summary="A week of leadership training.",
        description="Institute for new directors.",
    )
    make_program("Storytime circle", summary="Children's services mentoring.")
    assert listed(client, f"q={words}") == ["Leadership Institute"]


def test_programs_are_sorted_by_next_deadline(client: Client, today: datetime.date) -> None:
    make_program("No dates")
    make_program("Rolling", rolling=True)
    make_program("Closes in a week", closes_on=days(7))
    make_program("Closes tomorrow", closes_on=days(1))
    assert listed(client) == ["Closes tomorrow", "Closes in a week", "Rolling", "No dates"]


def test_twenty_programs_a_page_and_the_filters_stay_in_the_page_links(
    client: Client, today: datetime.date
) -> None:
    for number in range(25):
        make_program(f"Free program {number:02}", is_free=True)
    make_program("Paid program", is_free=False)
    first = client.get(URL, {"free": "on"})
    assert len(first.context["page"]) == 20
    assert "25 programs match your search" in first.content.decode()
    assert 'href="?free=on&amp;page=2"' in first.content.decode()
    second = client.get(URL, {"free": "on", "page": "2"})
    assert len(second.context["page"]) == 5


def test_the_filter_form_keeps_its_state_from_the_url(client: Client, today: datetime.date) -> None:
    html = client.get(URL, {"q": "leader", "students": "on", "format": "peer"}).content.decode()
    assert re.search(r'name="students" id="id_students" value="on" checked', html)
    assert re.search(r'value="peer" checked', html)
    assert 'value="leader"' in html
    assert "Clear all" in html


def test_no_match_suggests_widening_the_search(client: Client, today: datetime.date) -> None:
    make_program("Something")
    html = client.get(URL, {"q": "astrophysics"}).content.decode()
    assert "No program matches all of that." in html
    assert "Try fewer filters" in html


def test_every_filter_has_a_label(client: Client, today: datetime.date) -> None:
    html = client.get(URL).content.decode()
    ids = re.findall(r'<input[^>]+id="([^"]+)"', html)
    assert len(ids) > 15
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


def test_query_count_does_not_grow_with_the_programs(client: Client, today: datetime.date) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    make_program("First")
    few = queries()
    for number in range(10):
        make_program(f"Program {number}", formats=[Format.PEER], is_free=True)
    assert queries() == few


def test_directory_has_a_title_description_open_graph_tags_and_its_feed(
    client: Client, today: datetime.date
) -> None:
    html = client.get(URL).content.decode()
    assert "<title>Mentoring programs · MentorConnect</title>" in html
    assert '<meta name="description" content="Every mentoring program' in html
    assert '<meta property="og:title" content="Mentoring programs for library workers">' in html
    assert '<meta property="og:url" content="http://testserver/programs/">' in html
    feed = reverse("programs:feed")
    assert f'title="Mentoring programs: new and opening" href="{feed}"' in html


def test_a_window_closing_today_is_open_all_evening_in_north_america(
    client: Client, time_machine: Any
) -> None:
    closes = datetime.date(2026, 12, 4)
    make_program(
        "Evening deadline", opens_on=closes - datetime.timedelta(days=30), closes_on=closes
    )
    # 7 pm in Chicago on the closing day is already 5 December in UTC.
    time_machine.move_to(datetime.datetime(2026, 12, 5, 1, 0, tzinfo=datetime.UTC), tick=False)
    page = client.get(reverse("programs:directory")).content.decode()
    assert "Open now · closes 4 Dec 2026" in page
    time_machine.move_to(datetime.datetime(2026, 12, 5, 7, 0, tzinfo=datetime.UTC), tick=False)
    page = client.get(reverse("programs:directory")).content.decode()
    assert "Closed 4 Dec 2026" in page


@pytest.mark.parametrize("query", ["free=maybe", "free=yes%20please", "students=2"])
def test_a_nonsense_tick_is_refused_with_a_message_and_filters_nothing(
    client: Client, today: datetime.date, query: str
) -> None:
    make_program("Free", is_free=True, open_to_students=True)
    make_program("Paid", is_free=False, open_to_students=False)
    response = client.get(f"{URL}?{query}")
    page = response.content.decode()
    assert sorted(program.name for program in response.context["page"]) == ["Free", "Paid"]
    assert "There is a problem" in page
    assert "is not an answer here: tick the box, or leave it empty." in page
    assert re.search(r'name="(free|students)"[^>]*checked', page) is None
    # The message is next to its box too, and the box points to it.
    name = query.split("=")[0]
    assert re.search(
        rf'<div class="invalid-feedback d-block" id="id_{name}_error">[^<]*is not an answer', page
    )
    assert re.search(rf'name="{name}"[^>]*aria-describedby="id_{name}_error"', page)


@pytest.mark.parametrize("query", ["free=on", "free=true", "free=1", "free=TRUE"])
def test_a_link_may_tick_a_box_as_on_true_or_1(
    client: Client, today: datetime.date, query: str
) -> None:
    make_program("Free", is_free=True)
    make_program("Paid", is_free=False)
    assert listed(client, query) == ["Free"]
    assert (
        sorted(listed(client, "free=")) == sorted(listed(client, "free=false")) == ["Free", "Paid"]
    )
