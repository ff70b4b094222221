"""Demo content: one program of the directory runs a cohort on MentorConnect, open now, with a
dozen applicants of both roles from the generated members, and the demo curator as its
coordinator, so that a new user sees the whole flow (apply, run the round, publish)."""

from __future__ import annotations

import datetime

from django.db import transaction

from profiles.models import Profile, User
from programs.models import Program, program_today

from .models import MOST_MENTEES, Application, Cohort, CohortStatus, Coordinator, RankedChoice, Role

HOSTED_PROGRAM = "NMRT Career Mentoring Program"
QUESTIONS = [
    "What would you like to get from the program this year?",
    "Anything the coordinators should know to match you well?",
]
ORIENTATION = (
    "Mentors meet their mentee at least once a month for six months, keep what they hear "
    "confidential, and tell the coordinators if the mentorship stops working. Mentoring is "
    "listening first: you are not expected to have every answer."
)
MENTORS, MENTEES = 5, 9
DEMO_COHORT = "Pilot cohort"


@transaction.atomic
def ensure_demo_cohort(coordinator: User) -> Cohort | None:
    """The hosted program's open cohort (idempotent); None if the directory has no programs."""
    program = (
        Program.objects.public().filter(name=HOSTED_PROGRAM).first()
        or Program.objects.public().order_by("name").first()
    )
    if program is None:
        return None
    Coordinator.objects.get_or_create(program=program, user=coordinator)
    today = program_today()
    cohort, created = Cohort.objects.get_or_create(
        program=program,
        name=DEMO_COHORT,
        defaults={
            "mentors_open_on": today - datetime.timedelta(days=14),
            "mentors_close_on": today + datetime.timedelta(days=7),
            "mentees_open_on": today - datetime.timedelta(days=14),
            "mentees_close_on": today + datetime.timedelta(days=14),
            "matching_on": today + datetime.timedelta(days=21),
            "starts_on": today + datetime.timedelta(days=30),
            "ends_on": today + datetime.timedelta(days=210),
            "places": 12,
            "membership_required": False,
            "mentor_min_years": 3,
            "questions": QUESTIONS,
            "orientation": ORIENTATION,
            "status": CohortStatus.OPEN,
        },
    )
    if created or not cohort.applications.exists():
        add_demo_applicants(cohort)
    return cohort


def add_demo_applicants(cohort: Cohort) -> None:
    """Generated members apply: mentors with room first, then mentees, a few ranking mentors."""
    now = cohort.created_at
    generated = Profile.objects.filter(
        completed_at__isnull=False, user__email__startswith="member"
    ).order_by("pk")
    mentors = list(
        generated.filter(can_mentor=True, active_mentee_count__lt=MOST_MENTEES)[:MENTORS]
    )
    mentees = list(
        generated.filter(wants_mentor=True).exclude(pk__in=[m.pk for m in mentors])[:MENTEES]
    )
    mentor_applications = Application.objects.bulk_create(
        Application(
            cohort=cohort,
            applicant_id=profile.user_id,
            role=Role.MENTOR,
            answers=[
                "Helping someone newer find their footing, as someone once did for me.",
                "I can meet by video in the evenings.",
            ],
            capacity=1 + index % 3,
            years_of_experience=8 + 2 * index,
            is_member=True,
            orientation_confirmed_at=now,
        )
        for index, profile in enumerate(mentors)
    )
    mentee_applications = Application.objects.bulk_create(
        Application(
            cohort=cohort,
            applicant_id=profile.user_id,
            role=Role.MENTEE,
            answers=[
                profile.help_wanted or "Confidence in my first professional role.",
                "Nothing in particular: I am glad to learn from anyone.",
            ],
            is_member=index % 4 != 0,
            is_student=index % 5 == 0,
        )
        for index, profile in enumerate(mentees)
    )
    # Every other mentee ranks two mentors, so that the report's ranked-choice share means
    # something.
    RankedChoice.objects.bulk_create(
        RankedChoice(mentee_application=application, mentor_application=choice, rank=rank)
        for index, application in enumerate(mentee_applications)
        if index % 2 == 0 and len(mentor_applications) >= 2
        for rank, choice in enumerate(
            [
                mentor_applications[index % len(mentor_applications)],
                mentor_applications[(index + 1) % len(mentor_applications)],
            ],
            start=1,
        )
    )
