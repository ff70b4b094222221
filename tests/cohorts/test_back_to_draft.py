"""A cohort members have applied to cannot go back to draft, where they could no longer see it:
the coordinators' form and the admin refuse it, saying what to do instead, and the applicants'
pages keep telling the truth."""

from __future__ import annotations

import datetime
import html
import re
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox.models import Reminder
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Cohort, CohortStatus, Role
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.cohorts.test_closing import with_applicants
from tests.cohorts.test_publish import cohort_form
from tests.profiles.factories import make_mentee

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

REFUSAL = (
    "3 applicants are waiting for this cohort's matches, so it cannot go back to “Draft (not "
    "shown to members)”: they could no longer see it. To stop taking applications, choose "
    "“Matching” (or end the application windows sooner); to stop the cohort, choose "
    "“Closed”, which tells them."
)


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(questions=["Your goals for the year?"])


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def page_text(response: TestResponse) -> str:
    """The page's text with its line breaks and indents as single spaces (no-break spaces
    kept: French needs them)."""
    return re.sub(r"[ \n]+", " ", html.unescape(response.content.decode()))


def test_a_cohort_with_applicants_cannot_go_back_to_draft(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    people = with_applicants(cohort)
    client.force_login(coordinator)

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]), cohort_form(cohort, status=CohortStatus.DRAFT)
    )

    assert response.status_code == 200
    page = page_text(response)
    assert REFUSAL in page
    assert "Cohort saved." not in page
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN
    assert not mail.outbox
    assert not Reminder.objects.exists()

    # Still open, so what each applicant's page promises still holds, and the program's page
    # still shows them the cohort they applied to.
    client.force_login(people["milo"])
    mine = page_text(client.get(reverse("cohorts:my_applications")))
    assert "Submitted" in mine
    assert "Matches are published by 30 March 2025; we email you then." in mine
    assert "Spring 2025" in page_text(client.get(cohort.program.get_absolute_url()))


def test_the_refusal_is_in_the_coordinators_language(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort)
    User.objects.filter(pk=coordinator.pk).update(language="fr")
    client.force_login(coordinator)

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]), cohort_form(cohort, status=CohortStatus.DRAFT)
    )

    assert (
        "3 personnes candidates attendent les jumelages de cette cohorte, qui ne peut donc pas "
        "revenir à «\u00a0Brouillon (invisible pour les membres)\u00a0»\u00a0: ces personnes "
        "ne la verraient plus."
    ) in page_text(response)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN


def test_a_matching_cohort_with_applicants_cannot_go_back_to_draft_either(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort)
    Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.MATCHING)
    cohort.refresh_from_db()
    client.force_login(coordinator)

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]), cohort_form(cohort, status=CohortStatus.DRAFT)
    )

    assert REFUSAL in page_text(response)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.MATCHING


def test_stopping_applications_with_matching_is_allowed(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort)
    client.force_login(coordinator)

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(cohort, status=CohortStatus.MATCHING),
        follow=True,
    )

    assert "Cohort saved." in page_text(response)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.MATCHING
    assert not mail.outbox


def test_a_cohort_whose_only_applicant_withdrew_goes_back_to_draft(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    mentee = make_mentee(display_name="Milo Mentee", email="milo@example.org")
    application = make_application(mentee, cohort, Role.MENTEE)
    services.application_withdraw(application=application, by=mentee.user)
    client.force_login(coordinator)

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(cohort, status=CohortStatus.DRAFT),
        follow=True,
    )

    assert "Cohort saved." in page_text(response)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.DRAFT


def test_staff_cannot_move_it_back_to_draft_in_the_admin(
    client: Client, staff: User, cohort: Cohort
) -> None:
    with_applicants(cohort)
    client.force_login(staff)
    dates = [
        "mentors_open_on",
        "mentors_close_on",
        "mentees_open_on",
        "mentees_close_on",
        "matching_on",
        "starts_on",
        "ends_on",
    ]
    data = {name: getattr(cohort, name).isoformat() for name in dates} | {
        "program": cohort.program_id,
        "name": cohort.name,
        "places": cohort.places,
        "students_welcome": "on",
        "mentor_min_years": cohort.mentor_min_years,
        "questions": cohort.questions[0],
        "orientation": cohort.orientation,
        "status": CohortStatus.DRAFT,
    }

    response = client.post(reverse("admin:cohorts_cohort_change", args=[cohort.pk]), data)

    assert response.status_code == 200
    assert REFUSAL in page_text(response)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN
    assert not mail.outbox
