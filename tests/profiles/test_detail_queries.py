"""A member's page: the distance from the viewer without another query, in a fixed number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles import matching
from profiles.models import Profile
from tests.mentorships.helpers import make_active, make_request

from .factories import city, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def test_the_distance_is_the_one_search_measures() -> None:
    hamilton = city("Hamilton", "CA")
    mentor = make_mentor(city=hamilton)
    toronto = city("Toronto", "CA")
    measured = (
        Profile.objects.filter(pk=mentor.pk)
        .annotate(km=matching.distance_km_from(toronto))
        .values_list("km", flat=True)
        .get()
    )
    assert matching.distance_km_between(toronto, hamilton) == pytest.approx(measured)
    assert matching.distance_km_between(toronto, toronto) == 0


def page_and_queries(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_mentors_page_shows_the_distance_in_five_queries(client: Client) -> None:
    mentor = make_mentor(display_name="Max", city=city("Hamilton", "CA"))
    viewer = make_mentee(city=city("Toronto", "CA"))
    client.force_login(viewer.user)
    url = reverse("profiles:detail", args=[mentor.pk])
    client.get(url)  # the first page after sign-in saves the session
    page, queries = page_and_queries(client, url)
    assert "km" in page
    # The user, the mentor with whether the viewer's mentorships rule them out, their
    # expertise, the viewer's own profile, and whether the two were ever matched (who sees
    # contacts).
    assert queries == 5

    # With a request waiting, the page names it: one query more, for that request.
    request = make_request(viewer, mentor)
    page, queries = page_and_queries(client, url)
    assert request.get_absolute_url() in page
    assert queries == 6


def test_a_full_mentors_page_adds_one_query_for_the_alternatives(client: Client) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=1)
    make_active(make_mentee(), mentor)
    for _ in range(5):
        make_mentor()
    viewer = make_mentee()
    client.force_login(viewer.user)
    url = reverse("profiles:detail", args=[mentor.pk])
    client.get(url)  # the first page after sign-in saves the session
    page, queries = page_and_queries(client, url)
    assert "Max is full for now" in page
    # The five of an accepting mentor's page, then the alternatives, their areas in the same
    # query.
    assert queries == 6


def test_a_kept_page_is_not_shown_once_the_member_is_hidden_or_deactivated(client: Client) -> None:
    mentor = make_mentor(display_name="Max", contact_email="max@example.org")
    client.force_login(make_mentee().user)
    url = reverse("profiles:detail", args=[mentor.pk])
    assert "Max" in client.get(url).content.decode()

    mentor.hidden_by_staff = True
    mentor.moderation_reason = "Spam"
    mentor.save()
    assert client.get(url).status_code == 404

    mentor.hidden_by_staff = False
    mentor.save()
    assert client.get(url).status_code == 200
    mentor.user.is_active = False
    mentor.user.save()
    assert client.get(url).status_code == 404


def test_a_mentors_page_asks_once_whether_the_reader_is_their_match(client: Client) -> None:
    mentor = make_mentor(display_name="Max", share_account_email=True, contact_email="m@x.org")
    mentee = make_mentee()
    make_active(mentee, mentor)
    client.force_login(mentee.user)
    url = reverse("profiles:detail", args=[mentor.pk])
    client.get(url)  # the first page after sign-in saves the session
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    # Both the channels (shared with matches) and the account email show to his mentee...
    assert "m@x.org" in page and mentor.user.email in page
    # ...and whether the two were ever matched was asked once.
    asked = [q["sql"] for q in queries.captured_queries if "mentorships_mentorship" in q["sql"]]
    assert len([sql for sql in asked if sql.startswith("SELECT 1 AS")]) == 1, asked
