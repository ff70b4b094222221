"""Closing a cohort whose matches were never published: the coordinator confirms, told how many
people it emails, and every applicant still waiting hears that the round closed without
matches."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox.models import Reminder
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import ApplicationStatus, Cohort, CohortStatus, DraftPair, Role
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.cohorts.test_publish import cohort_form
from tests.profiles.factories import make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(questions=["Your goals for the year?"])


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def with_applicants(cohort: Cohort) -> dict[str, User]:
    """A mentor and two mentees apply, one of them in French."""
    mentor = make_mentor(display_name="Mona Mentor", email="mona@example.org")
    make_application(mentor, cohort, Role.MENTOR)
    milo = make_mentee(display_name="Milo Mentee", email="milo@example.org")
    make_application(milo, cohort, Role.MENTEE)
    lea = make_mentee(display_name="Léa Martin", email="lea@example.org")
    User.objects.filter(pk=lea.user_id).update(language="fr")
    make_application(lea, cohort, Role.MENTEE)
    return {"mona": mentor.user, "milo": milo.user, "lea": lea.user}


def test_closing_an_unpublished_cohort_asks_first_naming_how_many_are_told(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort)
    client.force_login(coordinator)
    edit = reverse("cohorts:edit", args=[cohort.pk])
    assert "tell its 3 applicants that the round closed without matches" in (
        client.get(edit).content.decode()
    )

    response = client.post(edit, cohort_form(cohort, status=CohortStatus.CLOSED))

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Cohort saved." not in page
    assert (
        "3 applicants are still waiting for this round's matches. Closing the cohort tells "
        "them that the round closed without matches: tick the box to confirm."
    ) in page
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN
    assert not cohort.applications.exclude(status=ApplicationStatus.SUBMITTED).exists()
    assert not Reminder.objects.exists()


def test_closing_an_unpublished_cohort_tells_each_applicant_in_their_language(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people = with_applicants(cohort)
    services.round_run(cohort=cohort, by=coordinator)
    assert DraftPair.objects.filter(cohort=cohort).exists()
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:edit", args=[cohort.pk]),
            cohort_form(cohort, status=CohortStatus.CLOSED, tell_applicants="on"),
            follow=True,
        )

    page = response.content.decode()
    assert (
        "Cohort closed. 3 applicants are told that the round closed without matches: their "
        "applications say so, and they are emailed unless they turned those emails off."
    ) in page
    assert "Closed without matches: nobody was matched in this round" in page
    assert "Published on" not in page
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CLOSED
    assert not DraftPair.objects.filter(cohort=cohort).exists()
    assert set(cohort.applications.values_list("status", flat=True)) == {
        ApplicationStatus.NOT_MATCHED
    }

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"mona@example.org", "milo@example.org", "lea@example.org"}
    program = cohort.program.name
    to_milo = by_recipient["milo@example.org"]
    assert to_milo.subject == f"{program} · Spring 2025: the round closed without matches"
    assert "closed this round without publishing any matches" in to_milo.body
    assert "The round's matches are published" not in to_milo.body
    assert "Join the waiting list" in to_milo.body
    assert isinstance(to_milo, EmailMultiAlternatives)
    assert "closed this round without publishing any matches" in str(to_milo.alternatives[0][0])
    assert "Host a circle" in by_recipient["mona@example.org"].body
    to_lea = by_recipient["lea@example.org"]
    assert to_lea.subject == f"{program} · Spring 2025\u00a0: la cohorte est close sans jumelages"
    assert "sans publier de jumelages" in to_lea.body
    assert isinstance(to_lea, EmailMultiAlternatives)
    assert "sans publier de jumelages" in str(to_lea.alternatives[0][0])
    assert (
        "Vous recevez ce courriel parce que les courriels sur «\u00a0résultats des jumelages des "
        "programmes auxquels vous avez postulé\u00a0» sont activés."
    ) in to_lea.body

    # Each applicant sees it on their applications, and nobody waits for matches.
    client.force_login(people["milo"])
    mine = html.unescape(client.get(reverse("cohorts:my_applications")).content.decode())
    assert "Not matched this time" in mine
    assert "The program closed this round without publishing any matches" in mine
    assert "we email you then" not in mine


def test_a_cohort_closed_without_matches_stays_closed(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with_applicants(cohort)
    client.force_login(coordinator)
    edit = reverse("cohorts:edit", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, cohort_form(cohort, status=CohortStatus.CLOSED, tell_applicants="on"))
    cohort.refresh_from_db()
    mail.outbox.clear()

    response = client.post(edit, cohort_form(cohort, status=CohortStatus.OPEN))

    assert "This cohort closed without matches, and everyone waiting for them was told" in (
        html.unescape(response.content.decode())
    )
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CLOSED
    assert not mail.outbox


def test_a_cohort_nobody_applied_to_closes_without_asking(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    edit = reverse("cohorts:edit", args=[cohort.pk])
    assert "round closed without matches" not in client.get(edit).content.decode()
    response = client.post(edit, cohort_form(cohort, status=CohortStatus.CLOSED), follow=True)
    assert "Cohort saved." in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CLOSED
    assert not mail.outbox


def test_staff_closing_it_in_the_admin_tells_the_applicants_too(
    client: Client, staff: User, cohort: Cohort, django_capture_on_commit_callbacks: Any
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
        "status": CohortStatus.CLOSED,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:cohorts_cohort_change", args=[cohort.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CLOSED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lea@example.org",
        "milo@example.org",
        "mona@example.org",
    ]
