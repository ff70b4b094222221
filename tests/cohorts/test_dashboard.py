"""A member's dashboard lists their program applications with each one's status, in one query."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.cohorts import services
from programs.cohorts.models import Role
from tests.cohorts.conftest import make_application, make_cohort
from tests.profiles.factories import make_mentee
from tests.programs.conftest import make_program


def test_an_applicant_sees_each_application_and_its_status(
    client: Client, today: datetime.date
) -> None:
    mentee = make_mentee()
    spring = make_cohort(make_program("Career Mentoring Program"))
    autumn = make_cohort(make_program("Leadership Program"), name="Autumn 2025")
    withdrawn = make_cohort(make_program("Archives Program"), name="Winter 2025")
    make_application(mentee, spring, Role.MENTEE)
    make_application(mentee, autumn, Role.MENTEE)
    services.application_withdraw(
        application=make_application(mentee, withdrawn, Role.MENTEE), by=mentee.user
    )
    autumn.applications.update(status="not_matched")
    client.force_login(mentee.user)

    page = client.get(reverse("dashboard")).content.decode()
    assert "Your program applications" in page
    assert "Career Mentoring Program</a>: Spring 2025, as a mentee: <strong>Submitted" in page
    assert "Leadership Program</a>: Autumn 2025, as a mentee: <strong>Not matched" in page
    assert "Winter 2025" not in page
    assert reverse("cohorts:my_applications") in page


def test_a_member_without_applications_sees_no_such_section(
    client: Client, today: datetime.date
) -> None:
    client.force_login(make_mentee().user)
    assert "Your program applications" not in client.get(reverse("dashboard")).content.decode()


def test_the_applications_take_one_query_however_many(client: Client, today: datetime.date) -> None:
    mentee = make_mentee()
    client.force_login(mentee.user)
    client.get(reverse("dashboard"))  # the first page after sign-in saves the session

    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        return len(queries)

    # The programs exist from the start: the dashboard may suggest programs too.
    cohorts = [make_cohort(make_program(name)) for name in ("One", "Two", "Three", "Four")]
    none = dashboard_queries()
    make_application(mentee, cohorts[0], Role.MENTEE)
    one = dashboard_queries()
    for cohort in cohorts[1:]:
        make_application(mentee, cohort, Role.MENTEE)
    # Without an application the profile's query says so and nothing more is asked; with them,
    # one query reads them all.
    assert dashboard_queries() == one == none + 1
