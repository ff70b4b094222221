"""The help page for coordinators: how a cohort runs, reached from the Help menu and from every
coordinator's cohort page, in the reader's language."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.cohorts.models import Cohort
from tests.cohorts.conftest import make_cohort, make_coordinator

GUIDE = reverse("running_a_cohort")


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort()


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def headings(page: str) -> list[str]:
    return [
        html.unescape(heading)
        for heading in re.findall(r"<h2 id=\"[a-z-]+\" [^>]*>(.*?)</h2>", page)
    ]


def test_the_guide_explains_each_step_of_a_cohort(client: Client) -> None:
    page = html.unescape(client.get(GUIDE).content.decode())
    assert headings(page) == [
        "Who coordinates",
        "A new cohort and its dates",
        "The application form",
        "Matching mentors and mentees",
        "Publishing",
        "Closing",
        "What applicants see",
    ]
    for said in [
        "The association's staff name each program's coordinators in the site's admin.",
        "Nothing happens by itself on that day: you publish when you are ready.",
        "A page names the two people and asks you to confirm",
        "each matched mentor, once, naming all their mentees in the cohort",
        "each of them is then emailed that the round closed without matches",
        "Once members have applied, the cohort cannot go back to “Draft”",
        "for mentees, up to three open circles in their areas with places",
        "as when you publish (open circles in their areas for mentees included)",
    ]:
        assert said in " ".join(page.split())


def test_the_guide_is_in_the_readers_language(client: Client) -> None:
    french = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content.decode()
    assert "Gérer une cohorte de programme sur MentorConnect" in html.unescape(french)
    spanish = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()
    assert "Cómo llevar una cohorte de programa en MentorConnect" in html.unescape(spanish)


def test_the_help_menu_and_the_other_guides_lead_to_it(client: Client, coordinator: User) -> None:
    link = f'href="{GUIDE}"'
    # Visitors: the footer's Help list and the guides beside each guide.
    assert link in client.get(reverse("faq")).content.decode()
    client.force_login(coordinator)
    page = client.get(reverse("how_it_works")).content.decode()
    menu = page[page.index('aria-labelledby="help-menu"') :].split("</ul>")[0]
    assert link in menu


def test_each_coordinators_cohort_page_leads_to_it(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    for url in [
        reverse("cohorts:coordinate"),
        reverse("cohorts:manage", args=[cohort.pk]),
        reverse("cohorts:edit", args=[cohort.pk]),
        reverse("cohorts:cohort_new", args=[cohort.program.slug]),
    ]:
        assert f'href="{GUIDE}' in client.get(url).content.decode(), url
