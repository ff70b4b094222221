"""The admin's longest lists open on a page read in order from an index, not on every row
sorted: with 100,000 members the sort took 370 ms for profiles and 280 ms for mentorships."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.mentorships.helpers import make_request
from tests.profiles.factories import city, make_mentee, make_mentor, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    # With a profile, in the factories' city, so that searches can find staff too.
    staff = make_profile(display_name="Sam Staff", email="sam@staff.example").user
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def plan_of_the_first_page(client: Client, url: str, table: str) -> str:
    """The plan PostgreSQL would follow for the list's first page if it could not sort: on
    the few rows of a test it would rather sort, which would hide a missing index. (With so
    few rows the admin asks for all of them; with more than a page it adds LIMIT 100.)"""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (rows,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(f'SELECT "{table}"."id"') and "ORDER BY" in query["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {rows} LIMIT 100")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/admin/profiles/profile/", "profiles_profile"),
        ("/admin/mentorships/mentorship/", "mentorships_mentorship"),
    ],
)
def test_the_first_page_of_a_long_admin_list_is_read_in_order(
    staff_client: Client, url: str, table: str
) -> None:
    for number in range(3):
        make_request(make_mentee(), make_mentor(display_name=f"Mentor {number}"))
    plan = plan_of_the_first_page(staff_client, url, table)
    assert "Sort" not in plan, plan


def found(client: Client, url: str, words: str) -> set[str]:
    """The rows of the admin list at `url` searched for `words`, as the links' texts."""
    page = client.get(url, {"q": words})
    assert page.status_code == 200
    rows = re.findall(r'<th class="field-[^"]+"><a href="[^"]+">([^<]+)</a>', page.content.decode())
    return set(rows)


def test_staff_find_a_profile_by_any_word_of_its_name_headline_workplace_address_or_city(
    staff_client: Client,
) -> None:
    make_mentor(
        display_name="Rosa Agarwal",
        email="ragarwal@evanston.example",
        headline="Head of Cataloging",
        workplace="Evanston Public Library",
        city=city("Evanston"),
    )
    make_mentee(display_name="Gene Alogy", email="gene@example.org", headline="Archivist")
    url = "/admin/profiles/profile/"

    assert found(staff_client, url, "agar") == {"Rosa Agarwal"}
    assert found(staff_client, url, "CATALOG") == {"Rosa Agarwal"}
    assert found(staff_client, url, "public") == {"Rosa Agarwal"}
    assert found(staff_client, url, "ragarwal@") == {"Rosa Agarwal"}
    # Everyone else lives in Chicago (the factories' city).
    assert found(staff_client, url, "chicago") == {"Gene Alogy", "Sam Staff"}
    # Every word must match, each in any of them; a quoted phrase is one word.
    assert found(staff_client, url, "gene chicago") == {"Gene Alogy"}
    assert found(staff_client, url, "rosa archivist") == set()
    assert found(staff_client, url, '"public library"') == {"Rosa Agarwal"}
    assert found(staff_client, url, '"library public"') == set()


def test_staff_find_a_mentorship_by_either_address(staff_client: Client) -> None:
    mentor = make_mentor(email="rosa@evanston.example")
    make_request(make_mentee(email="gene@example.org"), mentor)
    make_request(make_mentee(email="ada@example.org"), make_mentor(email="max@example.org"))
    url = "/admin/mentorships/mentorship/"

    every = {"rosa@evanston.example", "gene@example.org", "ada@example.org", "max@example.org"}

    def addresses(words: str) -> set[str]:
        page = staff_client.get(url, {"q": words})
        assert page.status_code == 200
        return {address for address in every if address in page.content.decode()}

    assert addresses("evanston") == {"rosa@evanston.example", "gene@example.org"}
    assert addresses("gene") == {"rosa@evanston.example", "gene@example.org"}
    assert addresses("ada max") == {"ada@example.org", "max@example.org"}
    assert "0 mentorships" in staff_client.get(url, {"q": "gene max"}).content.decode()
