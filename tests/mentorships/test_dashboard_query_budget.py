"""The dashboard's queries: a mentee with mentors suggested and a busy mentor each see their
whole dashboard in a small fixed number of queries, whatever they have on it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorships import services
from mentorships.models import PlannedMatch
from profiles.models import Profile
from programs.models import SavedProgram
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

from .helpers import make_active, make_request

pytestmark = pytest.mark.django_db

CATALOGING = ["Cataloging (original and copy)"]


def dashboard(client: Client, profile: Profile) -> tuple[str, int]:
    client.force_login(profile.user)
    client.get(reverse("dashboard"))  # the first page after sign-in saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_mentee_sees_suggestions_their_plan_and_programs_in_ten_queries(
    client: Client,
) -> None:
    mentee = make_mentee(display_name="Mia", wanted=CATALOGING)
    mentors = [make_mentor(display_name=f"Mentor {n}", expertise=CATALOGING) for n in range(6)]
    PlannedMatch.objects.create(
        mentee=mentee.user, mentor=mentors[5].user, planned_at=timezone.now()
    )
    program = make_program("Cataloging Circle", summary="Mentoring in cataloging.", rolling=True)
    SavedProgram.objects.create(user=mentee.user, program=program)

    page, queries = dashboard(client, mentee)

    # The planned mentor first, four others after; the program with why it is there, saved.
    suggested = page.split('id="suggested-mentors"')[1].split("</ol>")[0]
    assert suggested.index("Mentor 5") < min(
        suggested.index(f"Mentor {n}") for n in range(5) if f"Mentor {n}" in suggested
    )
    assert suggested.count("Ask Mentor") == 5
    box = page.split('id="programs-for-you"')[1]
    assert "Cataloging Circle" in box and "covers Cataloging (original and copy)" in box
    assert 'aria-label="Unsave Cataloging Circle"' in box
    # Session, member, profile (with when they joined the waiting list), wanted areas,
    # expertise, mentorships, the candidates with the wanted areas each knows, the five shown,
    # applications, programs.
    assert queries <= 10


def test_a_busy_mentor_sees_mentees_requests_and_meetings_in_ten_queries(
    client: Client,
) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=5, expertise=CATALOGING)
    for name in ["Ana", "Ben", "Cy"]:
        mentorship = make_active(make_mentee(display_name=name), mentor)
        services.meeting_propose(
            mentorship=mentorship,
            by=mentor.user,
            starts_at=timezone.now() + datetime.timedelta(days=3),
        )
    make_request(make_mentee(display_name="Dee"), mentor)

    page, queries = dashboard(client, mentor)

    assert all(name in page for name in ["Ana", "Ben", "Cy", "Dee"])
    assert "Upcoming meetings" in page and "Requests waiting for your answer" in page
    assert queries <= 10
