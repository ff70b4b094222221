"""Curating honestly: reviews a curator made, notes only curators read, the list of programs to
review, and where each role lands after signing in."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile, User
from programs.cohorts.models import Coordinator
from programs.demo import load_demo_programs
from programs.models import Program, ProgramStatus
from tests.conftest import PASSWORD, make_member
from tests.programs.conftest import make_curator, make_program

pytestmark = pytest.mark.django_db

NOTE = "Pages seen date from 2011; low confidence, current status unconfirmed."


def public_texts(client: Client, program: Program) -> list[str]:
    """Every public page a program's facts appear on."""
    return [
        client.get(reverse("programs:directory")).content.decode(),
        client.get(program.get_absolute_url()).content.decode(),
        client.get(reverse("programs:feed")).content.decode(),
        client.get(reverse("sitemap")).content.decode(),
    ]


def test_curators_notes_never_appear_on_public_pages(
    client: Client, member: User, today: datetime.date
) -> None:
    program = make_program("Noted Program", internal_notes=NOTE, rolling=True)
    texts = public_texts(client, program)
    assert all("noted-program" in text for text in texts)  # the program is on each of them
    assert not any("low confidence" in text for text in texts)
    client.force_login(member)
    assert not any("low confidence" in text for text in public_texts(client, program))


def test_curators_read_the_notes_on_the_list_of_programs_to_review(
    client: Client, curator: User, today: datetime.date
) -> None:
    make_program("Noted Program", internal_notes=NOTE)
    client.force_login(curator)
    html = client.get(reverse("programs:needs_review")).content.decode()
    assert "Curators' notes" in html
    assert "low confidence" in html


def test_the_account_menu_leads_curators_to_their_list(
    client: Client, curator: User, member: User
) -> None:
    review = f'href="{reverse("programs:needs_review")}"'
    client.force_login(curator)
    assert review in client.get(reverse("home")).content.decode()
    client.force_login(member)
    assert review not in client.get(reverse("home")).content.decode()


def test_a_date_without_a_reviewer_is_not_a_review(client: Client, today: datetime.date) -> None:
    program = make_program("Loaded Program", last_reviewed_on=today)
    html = client.get(program.get_absolute_url()).content.decode()
    assert "Last checked by our curators" not in html
    assert "Not yet reviewed by our curators." in html
    assert Program.objects.needs_review(today).filter(pk=program.pk).exists()


def test_mark_as_reviewed_records_the_curator_and_the_day_and_the_page_says_so(
    client: Client, curator: User, today: datetime.date
) -> None:
    program = make_program("Checked Program")
    client.force_login(curator)
    response = client.post(
        reverse("programs:mark_reviewed", args=[program.slug]),
        {"next": reverse("programs:needs_review")},
        follow=True,
    )
    assert "Marked “Checked Program” as reviewed" in response.content.decode()
    assert "Checked Program" not in response.content.decode().split("to review</h2>")[-1]
    program.refresh_from_db()
    assert (program.last_reviewed_on, program.reviewed_by) == (today, curator)
    client.logout()
    html = client.get(program.get_absolute_url()).content.decode()
    assert "Last checked by our curators on 10 March 2025." in html


def test_members_may_not_mark_programs_reviewed_or_see_the_list(
    client: Client, member: User, today: datetime.date
) -> None:
    program = make_program("Checked Program")
    mark = reverse("programs:mark_reviewed", args=[program.slug])
    assert client.post(mark).status_code == 302  # to sign in
    client.force_login(member)
    assert client.post(mark).status_code == 403
    assert client.get(reverse("programs:needs_review")).status_code == 403
    program.refresh_from_db()
    assert program.last_reviewed_on is None
    assert "Mark as reviewed" not in client.get(program.get_absolute_url()).content.decode()


def test_programs_to_review_never_reviewed_first_then_the_longest_unchecked(
    client: Client, curator: User, today: datetime.date
) -> None:
    make_program("B checked two years ago", reviewed_on=datetime.date(2023, 3, 1))
    make_program("C checked last month", reviewed_on=datetime.date(2025, 2, 1))
    make_program("D checked three years ago", reviewed_on=datetime.date(2022, 3, 1))
    make_program("A never checked")
    make_program("E loaded, never checked", last_reviewed_on=datetime.date(2025, 3, 1))
    make_program("F archived", status=ProgramStatus.ARCHIVED)
    client.force_login(curator)
    response = client.get(reverse("programs:needs_review"))
    assert [program.name for program in response.context["programs"]] == [
        "A never checked",
        "E loaded, never checked",
        "D checked three years ago",
        "B checked two years ago",
    ]
    assert "4 programs to review" in response.content.decode()


def test_save_and_preview_opens_the_public_page_of_the_draft(
    client: Client, curator: User, today: datetime.date
) -> None:
    program = make_program("Draft Program", status=ProgramStatus.DRAFT, internal_notes=NOTE)
    client.force_login(curator)
    change = reverse("admin:programs_program_change", args=[program.pk])
    form = client.get(change).content.decode()
    assert 'name="internal_notes"' in form
    assert 'name="_preview"' in form
    response = client.post(
        change,
        {
            **{
                field: getattr(program, field)
                for field in ["name", "slug", "status", "summary", "membership"]
            },
            "unit": program.unit_id,
            "open_to_part_time": "True",
            "open_to_students": "True",
            "open_to_between_jobs": "True",
            "open_to_retired": "True",
            "summary": "A better summary.",
            "internal_notes": NOTE,
            "_preview": "Save and preview the public page",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == program.get_absolute_url()
    html = response.content.decode()
    assert "A better summary." in html
    assert "only curators can see this page" in html
    assert "low confidence" not in html


def test_an_existing_directory_is_made_honest_by_the_migration(
    client: Client, today: datetime.date
) -> None:
    """Programs loaded before curators' notes existed carried research notes in their public
    description and the load date as a review; the migration moves the one and clears the other."""
    load_demo_programs()
    Program.objects.update(last_reviewed_on=today)
    migration = importlib.import_module("programs.migrations.0004_curators_notes")
    migration.make_honest(apps, None)
    assert not Program.objects.reviewed().exists()
    assert Program.objects.exclude(internal_notes="").exists()
    for program in Program.objects.public():
        html = client.get(program.get_absolute_url()).content.decode()
        for phrase in ["low confidence", "unconfirmed", "Current status:", "Last checked"]:
            assert phrase not in html, (program.name, phrase)
    yalsa = Program.objects.get(name="YALSA Virtual Mentoring Program")
    assert "current status unconfirmed" in yalsa.internal_notes


def sign_in(client: Client, user: User) -> str:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def test_each_role_lands_where_its_work_is(db: None) -> None:
    curator = make_curator()
    admin = make_member("admin@example.org", is_staff=True, is_superuser=True)
    coordinator = make_member("coordinator@example.org")
    Coordinator.objects.create(program=make_program(), user=coordinator)
    with_profile = make_member("mentee@example.org")
    Profile.objects.create(user=with_profile, display_name="Mia", completed_at=timezone.now())
    without_profile = make_member("new@example.org")
    assert sign_in(Client(), curator) == reverse("programs:needs_review")
    assert sign_in(Client(), admin) == reverse("admin:index")
    assert sign_in(Client(), coordinator) == reverse("cohorts:coordinate")
    assert sign_in(Client(), with_profile) == reverse("dashboard")
    assert sign_in(Client(), without_profile) == reverse("profiles:setup", kwargs={"step": 1})
