"""The busiest dashboard, that of a member who mentors, has a mentor, has applied to a program's
cohort and wants help in an area no accepting mentor covers, stays within ten queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.cohorts.models import Role
from tests.circles.helpers import make_circle
from tests.cohorts.conftest import make_application, make_cohort
from tests.mentorships.helpers import make_active
from tests.profiles.factories import city, make_mentor

pytestmark = pytest.mark.django_db


def test_the_busiest_dashboard_takes_at_most_ten_queries(client: Client, time_machine: Any) -> None:
    # The cohorts' helpers date their windows from 10 March 2025.
    time_machine.move_to(datetime.datetime(2025, 3, 10, 17, tzinfo=datetime.UTC), tick=False)
    mentor = make_mentor(display_name="Rosa", expertise=["Reference services"], mentor_capacity=3)
    make_mentor(display_name="Other reference mentor", expertise=["Reference services"])
    make_mentor(
        display_name="Far grant writer",
        expertise=["Grant writing"],
        city=city("Seattle"),
        open_to_remote=False,
    )
    host = make_mentor(display_name="Gail", expertise=["Grant writing"], mentor_capacity=1)
    make_circle(host, title="Grant writing circle", areas=("Grant writing",))
    member = make_mentor(
        display_name="Mo",
        expertise=["Cataloging (original and copy)"],
        wants_mentor=True,
        wanted=["Grant writing", "Reference services"],
        city=city("Chicago"),
    )
    make_active(member, mentor)
    make_application(member, make_cohort(), Role.MENTEE)
    client.force_login(member.user)
    # The first page after signing in saves the session once (mentorconnect/sessions.py).
    client.get(reverse("dashboard"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("dashboard")).content.decode()

    # What makes it the busiest: every panel that asks for something of its own is there.
    assert "No mentor accepting requests now covers Grant writing" in page
    assert "Far grant writer" in page[page.index('id="closest-mentors"') :]
    assert "Grant writing circle" in page
    assert "Spring 2025" in page
    assert "Rosa" in page
    assert len(queries) <= 10, "\n".join(query["sql"][:120] for query in queries)
