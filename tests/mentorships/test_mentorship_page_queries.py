"""A mentorship's page takes the same few queries however many meetings, plan items and
events it holds; its blank forms, drawn once per language, speak the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorships import services
from mentorships.models import Mentorship
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


def add_meeting_and_plan_item(mentorship: Mentorship, hours: int) -> None:
    mentee, mentor = mentorship.mentee, mentorship.mentor
    assert mentee and mentor
    services.meeting_propose(
        mentorship=mentorship,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(hours=hours),
        duration_minutes=45,
        format="video",
        place_or_link="https://meet.example.org/abc",
        agenda="Budget talk",
    )
    services.plan_item_add(mentorship=mentorship, by=mentor, kind="goal", text=f"Goal {hours}")


def test_a_mentorship_page_does_not_query_per_meeting_plan_item_or_event(client: Client) -> None:
    mentorship = make_active(make_mentee(display_name="Mia"), make_mentor(display_name="Max"))
    assert mentorship.mentee
    client.force_login(mentorship.mentee)
    url = mentorship.get_absolute_url()
    client.get(url)  # the first page after signing in saves the session

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "Your mentor: Max" in response.content.decode()
        return len(queries)

    add_meeting_and_plan_item(mentorship, 24)
    with_one = page_queries()
    assert with_one <= 10
    for hours in (48, 72, 96):
        add_meeting_and_plan_item(mentorship, hours)
    assert page_queries() == with_one


def test_the_end_form_speaks_each_readers_language(client: Client) -> None:
    mentorship = make_active(make_mentee(display_name="Mia"), make_mentor(display_name="Max"))
    assert mentorship.mentee and mentorship.mentor
    mentorship.mentee.language = "fr"
    mentorship.mentee.save(update_fields=["language"])
    client.force_login(mentorship.mentee)
    french = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Comment se termine-t-il\u00a0?" in french
    client.force_login(mentorship.mentor)
    english = client.get(mentorship.get_absolute_url()).content.decode()
    assert "How is it ending?" in english
    assert "Comment se termine-t-il?" not in english
