"""The dashboard takes the same number of queries however many mentorships a member has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
    for _ in range(3):
        make_active(make_mentee(), mentor)
    assert dashboard_queries() == with_one
