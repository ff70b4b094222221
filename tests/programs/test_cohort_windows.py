"""A program that runs a cohort on MentorConnect takes applications in that cohort's window: the
directory's badge, its filters and sort, the program's page and "Programs for you" all say so
(ProgramQuerySet.with_application_window)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.cohorts.models import CohortStatus
from programs.models import Program
from programs.templatetags.programs_tags import programs_for_you
from tests.cohorts.conftest import make_cohort
from tests.programs.conftest import TODAY, days, make_program

pytestmark = pytest.mark.django_db

URL = reverse("programs:directory")


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [program.name for program in response.context["page"]]


def badges(client: Client) -> dict[str, str]:
    response = client.get(URL)
    return {card.program.name: str(card.window.text) for card in response.context["cards"]}


def applications_sidebar(client: Client, program: Program) -> str:
    html = client.get(program.get_absolute_url()).content.decode()
    return html.split('aria-labelledby="applications"')[1].split("</aside>")[0]


def make_program_with_open_cohort(name: str = "Runs a cohort here", **fields: object) -> Program:
    """A program with no dates of its own whose cohort takes mentees until day 20 and mentors
    until day 10, both since day -10."""
    program = make_program(name, source_url="https://example.org/program", **fields)
    make_cohort(program, mentees_close_on=days(20), mentors_close_on=days(10))
    return program


def test_the_directory_badge_shows_the_open_cohorts_window(
    client: Client, today: datetime.date
) -> None:
    make_program_with_open_cohort()
    make_program("No dates")
    # Both windows opened on day -10: the one that stays open longer is the program's.
    assert badges(client) == {
        "Runs a cohort here": "Open now · closes 30 Mar 2025",
        "No dates": "Dates not stated",
    }


def test_open_now_keeps_a_program_whose_cohort_takes_applications(
    client: Client, today: datetime.date
) -> None:
    make_program_with_open_cohort()
    make_program("No dates")
    make_program("Curated, open", opens_on=days(-1), closes_on=days(5))
    assert sorted(listed(client, "open_now=1")) == ["Curated, open", "Runs a cohort here"]


def test_the_cohorts_closing_day_sorts_and_filters_as_a_deadline(
    client: Client, today: datetime.date
) -> None:
    make_program("Closes later", closes_on=days(25))
    make_program("Rolling", rolling=True)
    make_program("No dates")
    make_program_with_open_cohort()
    assert listed(client) == ["Runs a cohort here", "Closes later", "Rolling", "No dates"]
    assert listed(client, "closing_soon=on") == ["Runs a cohort here", "Closes later"]


def test_the_cohort_window_replaces_curated_dates_and_rolling() -> None:
    make_program_with_open_cohort("Was rolling", rolling=True)
    make_program_with_open_cohort("Had old dates", opens_on=days(-100), closes_on=days(-50))
    programs = Program.objects.with_application_window(TODAY)
    for program in programs:
        assert program.application_window == (False, days(-10), days(20), True)
        assert program.window_state(TODAY) == "open"


def test_an_upcoming_cohort_window_shows_when_it_opens(
    client: Client, today: datetime.date
) -> None:
    program = make_program("Opens soon")
    make_cohort(
        program,
        mentees_open_on=days(5),
        mentees_close_on=days(15),
        mentors_open_on=days(3),
        mentors_close_on=days(8),
    )
    # The mentors' window opens first, so it is the program's.
    assert badges(client) == {"Opens soon": "Opens 13 Mar 2025"}
    assert listed(client, "open_now=1") == []


def test_of_several_cohorts_the_window_that_opens_first_counts() -> None:
    program = make_program("Two intakes")
    make_cohort(
        program,
        name="Autumn",
        mentees_open_on=days(40),
        mentees_close_on=days(60),
        mentors_open_on=days(40),
        mentors_close_on=days(60),
        matching_on=days(70),
        starts_on=days(80),
        ends_on=days(200),
    )
    make_cohort(program, name="Spring", mentees_close_on=days(12), mentors_close_on=days(12))
    window = Program.objects.with_application_window(TODAY).get().application_window
    assert (window.opens_on, window.closes_on) == (days(-10), days(12))


@pytest.mark.parametrize(
    "cohort",
    [
        {"mentees_close_on": days(-1), "mentors_close_on": days(-2)},
        {"status": CohortStatus.DRAFT},
        {"status": CohortStatus.MATCHING},
    ],
    ids=["windows-closed", "draft", "matching"],
)
def test_without_a_cohort_taking_applications_the_curated_fields_apply(
    client: Client, today: datetime.date, cohort: dict
) -> None:
    program = make_program(
        "Curated", opens_on=days(-3), closes_on=days(40), application_url="https://example.org/a"
    )
    make_cohort(program, **{"matching_on": days(1), **cohort})
    make_program("Closes sooner", closes_on=days(30))
    assert badges(client)["Curated"] == "Open now · closes 19 Apr 2025"
    assert listed(client) == ["Closes sooner", "Curated"]
    sidebar = applications_sidebar(client, program)
    assert "Friday 7 March 2025" in sidebar
    assert 'href="https://example.org/a"' in sidebar
    assert 'href="#cohorts-heading"' not in sidebar


def test_the_program_page_shows_the_cohorts_dates_and_applying_here(
    client: Client, today: datetime.date
) -> None:
    program = make_program_with_open_cohort()
    sidebar = applications_sidebar(client, program)
    assert "Open now · closes 30 Mar 2025" in sidebar
    assert "Friday 28 February 2025" in sidebar
    assert "Sunday 30 March 2025 (applications still taken that day)" in sidebar
    assert 'href="#cohorts-heading">Apply on MentorConnect</a>' in sidebar
    assert 'href="https://example.org/program"' not in sidebar
    assert "Dates not stated" not in sidebar
    assert 'id="cohorts-heading"' in client.get(program.get_absolute_url()).content.decode()


def test_programs_for_you_puts_a_program_with_an_open_cohort_first(
    member: User, today: datetime.date
) -> None:
    make_program("A program without dates")
    make_program_with_open_cohort("Runs a cohort here")
    names = [program.name for program in programs_for_you(member).programs]
    assert names == ["Runs a cohort here", "A program without dates"]
