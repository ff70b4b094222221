"""The Atom feed of new and opening programs, and sitemap.xml."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from programs.models import ProgramStatus
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def entry_titles(client: Client) -> list[str]:
    response = client.get(reverse("programs:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert '<feed xml:lang="en" xmlns="http://www.w3.org/2005/Atom">' in xml
    return re.findall(r"<entry><title>(.*?)</title>", xml)


def test_feed_lists_new_programs_newest_first_and_no_hidden_ones(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 1, 5, 9, tzinfo=datetime.UTC), tick=False)
    make_program("Older program")
    time_machine.move_to(datetime.datetime(2025, 2, 5, 9, tzinfo=datetime.UTC), tick=False)
    make_program("Newer program")
    make_program("Archived program", status=ProgramStatus.ARCHIVED)
    make_program("Draft program", status=ProgramStatus.DRAFT)
    assert entry_titles(client) == ["New program: Newer program", "New program: Older program"]


def test_feed_announces_a_program_when_its_window_opens_not_before(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 1, 5, 9, tzinfo=datetime.UTC), tick=False)
    make_program(
        "Opens in March", opens_on=datetime.date(2025, 3, 1), closes_on=datetime.date(2025, 3, 31)
    )
    time_machine.move_to(datetime.datetime(2025, 2, 5, 9, tzinfo=datetime.UTC), tick=False)
    make_program("Added in February")
    assert entry_titles(client) == ["New program: Added in February", "New program: Opens in March"]

    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
    assert entry_titles(client) == [
        "Open for applications: Opens in March",
        "New program: Added in February",
    ]


def test_feed_entries_link_to_the_program_pages_and_date_an_opening_by_its_day(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
    program = make_program("Peer Circles", opens_on=datetime.date(2025, 3, 9))
    time_machine.move_to(datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
    xml = client.get(reverse("programs:feed")).content.decode()
    assert f'<link href="http://testserver{program.get_absolute_url()}" rel="alternate"/>' in xml
    assert "<published>2025-03-09T00:00:00+00:00</published>" in xml
    assert f"<id>{settings.SITE_URL}{program.get_absolute_url()}#opening-2025-03-09</id>" in xml


def test_sitemap_lists_the_public_pages_and_every_public_program(client: Client) -> None:
    public = make_program("Public program")
    paused = make_program("Paused program", status=ProgramStatus.PAUSED)
    archived = make_program("Archived program", status=ProgramStatus.ARCHIVED)
    draft = make_program("Draft program", status=ProgramStatus.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>http://testserver(.*?)</loc>", response.content.decode())
    assert set(locations) == {
        "/",
        "/how-it-works/",
        "/best-practices/",
        "/faq/",
        "/programs/",
        public.get_absolute_url(),
        paused.get_absolute_url(),
    }
    assert archived.get_absolute_url() not in locations
    assert draft.get_absolute_url() not in locations


def test_feed_summaries_are_plain_text(client: Client) -> None:
    make_program("Q&A program", summary="Mentors & mentees <in> pairs.")
    xml = client.get(reverse("programs:feed")).content.decode()
    assert '<summary type="text">Mentors &amp; mentees &lt;in&gt; pairs.</summary>' in xml
    assert 'type="html"' not in xml
