"""programs/demo.py: the reference units and programs, loaded without inventing anything."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.demo import ensure_demo_curator, load_demo_programs
from programs.models import Membership, Program, ProgramStatus, Unit

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "programs" / "data"
PROGRAMS = json.loads((DATA / "programs.json").read_text())


def test_loader_is_idempotent_and_a_load_is_not_a_review(today: datetime.date) -> None:
    assert load_demo_programs() == 30
    assert load_demo_programs() == 30
    assert Program.objects.count() == 30
    assert Unit.objects.count() == 62
    # Nobody has checked the loaded facts yet: every program waits for a curator.
    assert not Program.objects.reviewed().exists()
    not_archived = Program.objects.exclude(status=ProgramStatus.ARCHIVED)
    assert Program.objects.needs_review(today).count() == not_archived.count()


def test_every_program_keeps_its_source_and_summary(db: None) -> None:
    load_demo_programs()
    for item in PROGRAMS:
        program = Program.objects.get(name=item["name"])
        assert program.source_url == item["url"]
        assert program.summary == item["summary"]
        assert program.unit.abbreviation == item["unit"]


def test_what_the_pages_did_not_say_stays_blank(db: None) -> None:
    load_demo_programs()
    for item in PROGRAMS:
        program = Program.objects.get(name=item["name"])
        # No page stated these, so none is filled in.
        assert program.open_to_part_time is None
        assert program.open_to_between_jobs is None
        assert program.location == ""
        assert program.application_url == ""
        assert program.contact == ""
        assert (program.opens_on, program.closes_on) == (None, None)
        if item["membership_required"] is None:
            assert program.membership == Membership.UNKNOWN
        if item["cost"] is None:
            assert (program.is_free, program.cost_notes) == (None, "")
        if item["duration"] is None:
            assert program.duration == ""
        if item["application_cycle"] is None:
            assert (program.rolling, program.application_notes) == (False, "")
        if "students" not in item["audience"]:
            assert program.open_to_students is None


def test_stated_facts_are_read_carefully(db: None) -> None:
    load_demo_programs()
    cls = Program.objects.get(slug="acrl-college-libraries-section-cls-mentoring-program")
    assert cls.membership == Membership.NONE
    assert not cls.career_stages.exists()  # "any career stage"
    assert [t.name for t in cls.library_types.all()] == ["Academic: 4-year college"]
    emerging = Program.objects.get(slug="ala-emerging-leaders")
    assert emerging.membership == Membership.ASSOCIATION
    assert Program.objects.get(slug="alcts-mentoring-program").status == ProgramStatus.ARCHIVED
    assert Unit.objects.get(abbreviation="ALCTS").url == ""


def test_the_directory_lists_the_demo_programs(client: Client) -> None:
    load_demo_programs()
    response = client.get(reverse("programs:directory"))
    assert response.context["page"].paginator.count == 29  # all but the historical ALCTS one


def test_demo_curator_is_staff_in_the_curators_group_and_not_a_superuser(client: Client) -> None:
    assert ensure_demo_curator() == ("curator@mentorconnect.example", "mentor-connect-demo")
    assert ensure_demo_curator() == ("curator@mentorconnect.example", "mentor-connect-demo")
    curator = User.objects.get(email="curator@mentorconnect.example")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Program curators"]
    assert EmailAddress.objects.get(user=curator).verified
    assert client.login(email="curator@mentorconnect.example", password="mentor-connect-demo")
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 200


def test_a_fresh_load_keeps_research_notes_off_the_public_pages(client: Client) -> None:
    load_demo_programs()
    with_notes = [item for item in PROGRAMS if item["notes"]]
    assert with_notes
    for item in with_notes:
        program = Program.objects.get(name=item["name"])
        assert item["notes"] in program.internal_notes
        page = client.get(reverse("programs:program", args=[program.slug])).content.decode()
        assert item["notes"] not in page
    directory = client.get(reverse("programs:directory")).content.decode()
    for doubt in ["low confidence", "unconfirmed", "Current status:", "(conflict)"]:
        assert doubt not in directory
        for program in Program.objects.exclude(status=ProgramStatus.ARCHIVED):
            page = client.get(reverse("programs:program", args=[program.slug])).content.decode()
            assert doubt not in page, (doubt, program.slug)
