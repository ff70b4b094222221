"""Helpers for the program directory's tests: units, programs and a curator."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils.text import slugify

from profiles.models import User
from programs.models import Membership, Program, ProgramStatus, Unit, UnitKind
from tests.conftest import make_member

# A Monday well away from any year's end or leap day; tests that need "today" freeze it here.
TODAY = datetime.date(2025, 3, 10)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def make_unit(abbreviation: str = "NMRT", **fields: Any) -> Unit:
    fields.setdefault("name", f"{abbreviation} Round Table")
    fields.setdefault("kind", UnitKind.ROUND_TABLE)
    unit, _ = Unit.objects.get_or_create(abbreviation=abbreviation, defaults=fields)
    return unit


def make_program(name: str = "Career Mentoring Program", **fields: Any) -> Program:
    """An active program that answers every eligibility question, with no application window,
    not yet reviewed by a curator."""
    reviewed_on = fields.pop("reviewed_on", None)
    if reviewed_on is not None:
        # A review is a curator and a day (Program.mark_reviewed).
        fields["last_reviewed_on"] = reviewed_on
        reviewer = User.objects.filter(email="reviewer@example.org").first()
        fields["reviewed_by"] = reviewer or make_member("reviewer@example.org", is_staff=True)
    library_types = fields.pop("library_types", [])
    career_stages = fields.pop("career_stages", [])
    fields.setdefault("slug", slugify(name))
    fields.setdefault("unit", make_unit())
    fields.setdefault("summary", f"{name} pairs library workers with experienced mentors.")
    fields.setdefault("status", ProgramStatus.ACTIVE)
    fields.setdefault("membership", Membership.NONE)
    program = Program.objects.create(name=name, **fields)
    program.library_types.set(library_types)
    program.career_stages.set(career_stages)
    return program


def curators_group() -> Group:
    """The group the data migration makes. Transactional (browser) tests empty every table
    after them, taking migration data along, so the group is made again if it is gone."""
    group, created = Group.objects.get_or_create(name="Program curators")
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="programs",
                content_type__model__in=["program", "unit"],
                codename__regex=r"^(add|change|view|delete)_",
            )
        )
    return group


def make_curator(email: str = "curator@example.org") -> User:
    user = make_member(email, is_staff=True)
    user.groups.add(curators_group())
    return user


@pytest.fixture
def curator(db: None) -> User:
    return make_curator()


@pytest.fixture
def today(time_machine: Any) -> datetime.date:
    """Freezes the clock at noon UTC on TODAY."""
    time_machine.move_to(datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
    return TODAY
