"""The program directory is never stale, for visitors and members, and members always see
their own saved programs."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import User
from programs.models import SavedProgram
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def directory(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programs:directory"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_visitors_see_a_change_at_once(client: Client, today: datetime.date) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    first, first_queries = directory(client)
    assert first_queries <= 10
    assert "Sign in to save" in first

    program.name = "Career Mentoring Program for New Librarians"
    program.save()
    assert "for New Librarians" in directory(Client())[0]


def test_a_member_sees_their_own_saved_programs(
    client: Client, member: User, today: datetime.date
) -> None:
    program = make_program("Career Mentoring Program", rolling=True)
    directory(Client())
    SavedProgram.objects.create(user=member, program=program)
    client.force_login(member)
    html, _ = directory(client)
    assert 'aria-label="Unsave Career Mentoring Program"' in html
    assert "Sign in to save" not in html
