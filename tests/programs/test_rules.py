"""The directory's rules (ProgramQuerySet) at their boundary dates, and the database invariants."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError

from profiles.models import CareerStage, LibraryType, Profile
from programs.models import (
    Audience,
    Format,
    Location,
    Program,
    ProgramStatus,
    SavedProgram,
    shift_years,
)
from tests.conftest import make_member
from tests.programs.conftest import TODAY, days, make_program

pytestmark = pytest.mark.django_db


def open_names(today: datetime.date = TODAY) -> set[str]:
    return set(Program.objects.open_now(today).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("window", "is_open", "state"),
    [
        ({"opens_on": TODAY, "closes_on": days(10)}, True, "open"),
        ({"opens_on": days(-10), "closes_on": TODAY}, True, "open"),
        ({"opens_on": days(-10), "closes_on": days(-1)}, False, "closed"),
        ({"opens_on": days(1), "closes_on": days(10)}, False, "upcoming"),
        ({"opens_on": days(-1)}, True, "open"),
        ({"closes_on": TODAY}, True, "open"),
        ({"closes_on": days(-1)}, False, "closed"),
        ({"rolling": True}, True, "rolling"),
        ({}, False, "unknown"),
        ({"opens_on": days(-1), "status": ProgramStatus.PAUSED}, False, "closed"),
        ({"rolling": True, "status": ProgramStatus.ARCHIVED}, False, "closed"),
    ],
    ids=[
        "opens-today",
        "closes-today",
        "closed-yesterday",
        "opens-tomorrow",
        "opened-no-closing-date",
        "only-closing-date-today",
        "only-closing-date-yesterday",
        "rolling",
        "no-dates",
        "paused",
        "archived",
    ],
)
def test_open_now_at_its_boundaries_and_the_page_label_agree(
    window: dict, is_open: bool, state: str
) -> None:
    program = make_program(**window)
    assert (program.name in open_names()) is is_open
    assert program.window_state(TODAY) == state


def test_deadline_within_30_days_counts_today_and_the_30th_day_but_not_the_31st() -> None:
    make_program("Closes yesterday", closes_on=days(-1))
    make_program("Closes today", closes_on=TODAY)
    make_program("Closes on day 30", closes_on=days(30))
    make_program("Closes on day 31", closes_on=days(31))
    make_program("Rolling", rolling=True)
    make_program("Paused, closes soon", closes_on=days(3), status=ProgramStatus.PAUSED)
    names = set(Program.objects.closing_within(30, TODAY).values_list("name", flat=True))
    assert names == {"Closes today", "Closes on day 30"}


def test_needs_review_once_a_year_has_passed_since_the_last_review() -> None:
    make_program("Never reviewed", last_reviewed_on=None)
    make_program("Reviewed a year ago today", reviewed_on=shift_years(TODAY, -1))
    make_program("Reviewed a year ago tomorrow", reviewed_on=shift_years(days(1), -1))
    make_program("Reviewed today", reviewed_on=TODAY)
    make_program("Archived long ago", last_reviewed_on=None, status=ProgramStatus.ARCHIVED)
    names = set(Program.objects.needs_review(TODAY).values_list("name", flat=True))
    assert names == {"Never reviewed", "Reviewed a year ago today"}


def test_a_leap_day_review_is_due_on_the_first_of_march_next_year() -> None:
    make_program("Reviewed on leap day", reviewed_on=datetime.date(2024, 2, 29))
    assert not Program.objects.needs_review(datetime.date(2025, 2, 28)).exists()
    assert Program.objects.needs_review(datetime.date(2025, 3, 1)).exists()


def test_public_lists_active_and_paused_programs_but_not_drafts_or_archived_ones() -> None:
    for status in ProgramStatus.values:
        make_program(f"{status} program", status=status)
    names = set(Program.objects.public().values_list("name", flat=True))
    assert names == {"active program", "paused program"}


def test_virtual_means_a_virtual_location_or_e_mentoring() -> None:
    make_program("Online", location=Location.VIRTUAL)
    make_program("Both", location=Location.BOTH)
    make_program("By email", formats=[Format.E_MENTORING], location=Location.IN_PERSON)
    make_program("In person", location=Location.IN_PERSON, formats=[Format.ONE_TO_ONE])
    make_program("Not stated")
    names = set(Program.objects.virtual().values_list("name", flat=True))
    assert names == {"Online", "Both", "By email"}


def test_next_deadline_order_is_coming_deadlines_then_rolling_then_the_rest() -> None:
    make_program("Zeta, no dates")
    make_program("Alpha, closed last month", closes_on=days(-30))
    make_program("Rolling", rolling=True)
    make_program("Closes next week", closes_on=days(7))
    make_program("Closes today", closes_on=TODAY)
    make_program("Opens later, closes in two months", opens_on=days(30), closes_on=days(60))
    names = list(Program.objects.by_next_deadline(TODAY).values_list("name", flat=True))
    assert names == [
        "Closes today",
        "Closes next week",
        "Opens later, closes in two months",
        "Rolling",
        "Alpha, closed last month",
        "Zeta, no dates",
    ]


def test_database_refuses_a_window_that_closes_before_it_opens() -> None:
    with pytest.raises(IntegrityError):
        make_program(opens_on=TODAY, closes_on=days(-1))


def test_database_refuses_rolling_applications_with_window_dates() -> None:
    with pytest.raises(IntegrityError):
        make_program(rolling=True, closes_on=TODAY)


def test_a_member_saves_a_program_only_once() -> None:
    member, program = make_member(), make_program()
    SavedProgram.objects.create(user=member, program=program)
    with pytest.raises(IntegrityError):
        SavedProgram.objects.create(user=member, program=program)


def test_programs_for_a_member_put_their_stage_and_type_first_and_leave_out_the_rest() -> None:
    new, mid = CareerStage.objects.get(name="Mid-career (5-15 years)"), CareerStage.objects.first()
    public_library = LibraryType.objects.get(name="Public")
    school = LibraryType.objects.get(name="School: elementary")
    make_program("For every stage and type", rolling=True)
    make_program(
        "For mid-career public librarians", career_stages=[mid], library_types=[public_library]
    )
    make_program("For mid-career, any type", career_stages=[mid])
    make_program("For another stage", career_stages=[new])
    make_program("For school librarians", library_types=[school])
    make_program("Mid-career, archived", career_stages=[mid], status=ProgramStatus.ARCHIVED)
    profile = Profile.objects.create(
        user=make_member(), display_name="Ada", career_stage=mid, library_type=public_library
    )
    names = [program.name for program in Program.objects.ranked_for_member(profile, TODAY)]
    # The best fit comes first, whether or not it is open now; one merely open to everyone
    # has nothing to do with what the member said.
    assert names == ["For mid-career public librarians", "For mid-career, any type"]


def test_programs_for_a_member_without_a_profile_are_every_public_program_open_ones_first() -> None:
    make_program("Closed", closes_on=days(-1))
    make_program("Open", opens_on=days(-1), closes_on=days(5))
    make_program("Rolling", rolling=True)
    # Open now, but not to everyone: after those that are, which the dashboard calls "open
    # to many people".
    make_program(
        "For law libraries",
        rolling=True,
        library_types=[LibraryType.objects.get_or_create(name="Law")[0]],
    )
    make_program("Spectrum", rolling=True, audience=[Audience.UNDERREPRESENTED])
    names = [program.name for program in Program.objects.ranked_for_member(None, TODAY)]
    assert names == ["Open", "Rolling", "Closed", "For law libraries", "Spectrum"]
