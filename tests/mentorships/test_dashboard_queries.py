"""The dashboard takes the same number of queries however many mentorships a member has."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorships import services
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


def test_a_mentors_dashboard_does_not_query_per_mentee(client: Client) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=5)
    client.force_login(mentor.user)
    make_active(make_mentee(), mentor)
    client.get(reverse("dashboard"))  # the first page after sign-in saves the session

    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        return len(queries)

    with_one = dashboard_queries()
    assert with_one <= 10
    for _ in range(3):
        make_active(make_mentee(), mentor)
    assert dashboard_queries() == with_one


def test_a_repeated_dashboard_shows_the_other_persons_change_at_once(client: Client) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=5)
    mentee = make_mentee(display_name="Mia")
    client.force_login(mentor.user)
    client.get(reverse("dashboard"))  # the first page after sign-in saves the session
    assert "You have no mentorships yet." in client.get(reverse("dashboard")).content.decode()

    # The mentee asks: nothing of the mentor's own rows changes, yet their dashboard must say so.
    services.mentorship_request(
        mentee=mentee.user, mentor_profile=mentor, help_wanted="Budgets", why_this_mentor="You"
    )
    page = client.get(reverse("dashboard")).content.decode()
    assert "Requests waiting for your answer" in page
    assert "Mia" in page


def test_a_mentorship_page_takes_the_same_few_queries_however_much_happened(
    client: Client,
) -> None:
    mentee, mentor = make_mentee(), make_mentor(contact_visibility="matched")
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)
    client.get(mentorship.get_absolute_url())  # the first page after sign-in saves the session

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(mentorship.get_absolute_url()).status_code == 200
        return len(queries)

    few = page_queries()
    assert few <= 10
    for day in range(1, 6):
        services.meeting_propose(
            mentorship=mentorship,
            by=mentee.user,
            starts_at=timezone.now() + datetime.timedelta(days=day),
        )
        services.plan_item_add(mentorship=mentorship, by=mentor.user, kind="goal", text=f"{day}")
    assert page_queries() == few
