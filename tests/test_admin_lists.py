"""The admin's longest lists open on a page read in order from an index, not on every row
sorted: with 100,000 members the sort took 370 ms for profiles and 280 ms for mentorships."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorconnect.outbox.models import Reminder
from mentorships import waiting_list
from tests.cohorts.conftest import make_application, make_cohort
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


def test_staff_find_a_member_by_name_and_see_their_name_in_the_list(staff_client: Client) -> None:
    make_mentee(display_name="Emeka Obi", email="eo@example.org")
    make_mentor(display_name="Yara Haddad", email="yh@example.org")
    url = "/admin/profiles/user/"

    page = staff_client.get(url, {"q": "emeka"}).content.decode()
    assert "eo@example.org" in page
    assert "Emeka Obi" in page
    assert "yh@example.org" not in page
    assert "yh@example.org" in staff_client.get(url, {"q": "haddad"}).content.decode()
    assert "eo@example.org" in staff_client.get(url, {"q": "eo@"}).content.decode()


def test_the_name_column_of_the_members_list_costs_no_query_a_row(staff_client: Client) -> None:
    url = "/admin/profiles/user/"
    staff_client.get(url)  # The first page a staff member opens loads their session once.
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for number in range(3):
        make_mentee(display_name=f"Mentee {number}")
    with CaptureQueriesContext(connection) as more:
        page = staff_client.get(url).content.decode()
    assert "Mentee 2" in page
    assert len(more) == len(few)


def test_staff_find_a_mentorship_by_either_name(staff_client: Client) -> None:
    make_request(make_mentee(display_name="Emeka Obi"), make_mentor(email="rosa@example.org"))
    make_request(make_mentee(email="gene@example.org"), make_mentor(display_name="Yara Haddad"))
    url = "/admin/mentorships/mentorship/"

    emeka = staff_client.get(url, {"q": "Emeka"}).content.decode()
    assert "rosa@example.org" in emeka
    assert "gene@example.org" not in emeka
    yara = staff_client.get(url, {"q": "Yara"}).content.decode()
    assert "gene@example.org" in yara
    assert "rosa@example.org" not in yara
    assert "0 mentorships" in staff_client.get(url, {"q": "Emeka Yara"}).content.decode()


def test_staff_find_a_members_reminders_by_name(staff_client: Client) -> None:
    for name, email in [("Emeka Obi", "eo@example.org"), ("Yara Haddad", "yh@example.org")]:
        Reminder.objects.create(
            recipient=make_mentee(display_name=name, email=email).user,
            kind="check_in_due",
            subject="profile",
            period="day-3",
            due_at=timezone.now(),
        )

    page = staff_client.get("/admin/outbox/reminder/", {"q": "Emeka"}).content.decode()
    assert "eo@example.org" in page
    assert "yh@example.org" not in page


def test_staff_find_a_waiting_mentee_by_name(staff_client: Client) -> None:
    for name, email in [("Emeka Obi", "eo@example.org"), ("Yara Haddad", "yh@example.org")]:
        waiting_list.join(
            mentee=make_mentee(
                display_name=name, email=email, wanted=["Cataloging (original and copy)"]
            ).user
        )

    page = staff_client.get("/admin/mentorships/waitinglistentry/", {"q": "Emeka"}).content.decode()
    assert "eo@example.org" in page
    assert "yh@example.org" not in page


def test_staff_find_a_cohort_application_by_the_applicants_name(
    staff_client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 3, 10, 17, tzinfo=datetime.UTC), tick=False)
    cohort = make_cohort()
    make_application(
        make_mentee(display_name="Emeka Obi", email="eo@example.org"), cohort, "mentee"
    )
    make_application(
        make_mentee(display_name="Yara Haddad", email="yh@example.org"), cohort, "mentee"
    )

    page = staff_client.get("/admin/cohorts/application/", {"q": "Emeka"}).content.decode()
    assert "eo@example.org" in page
    assert "yh@example.org" not in page
