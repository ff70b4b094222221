"""Helpers for cohort tests: a program with an open cohort, its coordinator, applications."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from profiles.models import Profile, User
from programs.cohorts import services
from programs.cohorts.models import Application, Cohort, CohortStatus, Coordinator, Role
from programs.models import Program
from tests.conftest import make_member
from tests.programs.conftest import make_program

# A Monday; the clock is frozen at 17:00 UTC, late morning in Chicago (the association's day
# and the demo members' daytime, when the outbox sends).
TODAY = datetime.date(2025, 3, 10)
QUESTION = "What would you like to get from the program?"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def make_cohort(program: Program | None = None, **fields: Any) -> Cohort:
    stages = fields.pop("mentee_career_stages", [])
    defaults: dict[str, Any] = {
        "name": "Spring 2025",
        "mentors_open_on": days(-10),
        "mentors_close_on": days(10),
        "mentees_open_on": days(-10),
        "mentees_close_on": days(10),
        "matching_on": days(20),
        "starts_on": days(30),
        "ends_on": days(210),
        "places": 10,
        "membership_required": False,
        "questions": [QUESTION],
        "orientation": "Meet once a month and keep what you hear confidential.",
        "status": CohortStatus.OPEN,
    }
    defaults.update(fields)
    cohort = Cohort.objects.create(program=program or make_program(), **defaults)
    cohort.mentee_career_stages.set(stages)
    return cohort


def make_coordinator(program: Program, email: str = "coordinator@example.org") -> User:
    user = make_member(email)
    Coordinator.objects.create(program=program, user=user)
    return user


def make_application(profile: Profile, cohort: Cohort, role: str, **fields: Any) -> Application:
    fields.setdefault("answers", [f"Answer of {profile.display_name}"] * len(cohort.questions))
    fields.setdefault("is_member", True)
    fields.setdefault("is_student", False)
    if role == Role.MENTOR:
        fields.setdefault("years_of_experience", 12)
        fields.setdefault("orientation_confirmed", True)
    return services.application_submit(cohort=cohort, applicant=profile.user, role=role, **fields)


@pytest.fixture
def today(db: None, time_machine: Any) -> datetime.date:
    time_machine.move_to(datetime.datetime(2025, 3, 10, 17, tzinfo=datetime.UTC), tick=False)
    return TODAY
