"""'Programs for you' is never stale."""

from __future__ import annotations

import datetime

import pytest

from profiles.models import CareerStage, User
from programs.models import Program, ProgramStatus
from programs.templatetags.programs_tags import programs_for_you
from tests.programs.conftest import make_program

from .test_programs_for_you import make_profile

pytestmark = pytest.mark.django_db


def names(user: User) -> list[str]:
    return [program.name for program in programs_for_you(user).programs]


def test_a_program_given_another_career_stage_is_chosen_again_at_once(
    member: User, today: datetime.date
) -> None:
    profile = make_profile(member)
    program = make_program(
        "For students", career_stages=[CareerStage.objects.get(name="LIS student")]
    )
    assert names(member) == []
    assert profile.career_stage
    program.career_stages.set([profile.career_stage])
    assert names(member) == ["For students"]


def test_an_archived_program_drops_out_even_when_archived_in_bulk(
    member: User, today: datetime.date
) -> None:
    profile = make_profile(member)
    make_program("Soon archived", library_types=[profile.library_type], rolling=True)
    assert names(member) == ["Soon archived"]
    Program.objects.update(status=ProgramStatus.ARCHIVED)  # no signal for a bulk update
    assert names(member) == []
