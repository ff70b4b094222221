"""A mentorship's page is kept for each of the two once made, and never outlives a change."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorships import services
from mentorships.models import Meeting, MeetingStatus
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


def test_the_other_persons_proposal_shows_at_once_on_a_kept_page(client: Client) -> None:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Max")
    mentorship = make_active(mentee, mentor)
    client.force_login(mentor.user)
    url = mentorship.get_absolute_url()
    client.get(url)  # the first page after sign-in saves the session and sets the CSRF cookie
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert len(queries) == 1  # the member: the page was kept
    assert "Accept this time" not in first.content.decode()

    # Mia proposes a time: none of Max's own rows change.
    services.meeting_propose(
        mentorship=mentorship, by=mentee.user, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert "Accept this time" in client.get(url).content.decode()

    # Max accepts it: Mia's kept page moves on too.
    client.force_login(mentee.user)
    client.get(url)
    assert "Waiting for Max to answer." in client.get(url).content.decode()
    services.meeting_confirm(meeting=Meeting.objects.get(), by=mentor.user)
    page = client.get(url).content.decode()
    assert "Waiting for Max to answer." not in page
    assert MeetingStatus.CONFIRMED.label in page


def test_a_page_kept_for_one_browser_posts_from_another(client: Client) -> None:
    mentee = make_mentee()
    mentorship = make_active(mentee, make_mentor())
    url = mentorship.get_absolute_url()
    client.force_login(mentee.user)
    client.get(url)
    client.get(url)  # kept, with the forms' tokens of this browser's CSRF secret

    other_browser = Client(enforce_csrf_checks=True)
    other_browser.force_login(mentee.user)
    other_browser.get(url)  # no CSRF cookie yet: made afresh, and the cookie set
    page = other_browser.get(url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = other_browser.post(
        reverse("mentorships:plan_add", args=[mentorship.pk]),
        {"csrfmiddlewaretoken": token, "kind": "goal", "text": "Learn MARC"},
    )
    assert response.status_code == 302
    assert "Learn MARC" in other_browser.get(url).content.decode()
