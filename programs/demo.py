"""Demo content for the directory: the real units and programs in programs/data/*.json.

`null` in those files means the program's page did not say, so it stays blank or "unknown" here;
nothing is filled in that the pages did not state. A few fields are read off what the pages did
state (an audience of "students" means open to students; "any career stage" means no stage
limit), through the tables below, which name every phrase they understand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from profiles.demo import DEMO_PASSWORD, ensure_demo_login
from profiles.models import CareerStage, LibraryType

from . import curators, reference
from .models import (
    Audience,
    Format,
    Membership,
    Program,
    ProgramStatus,
    Unit,
    UnitKind,
    UnitStatus,
)

DATA = Path(__file__).resolve().parent / "data"
CURATOR_EMAIL = "curator@mentorconnect.example"

UNIT_KINDS = {
    "division": UnitKind.DIVISION,
    "round table": UnitKind.ROUND_TABLE,
    "office": UnitKind.OFFICE,
    "affiliate": UnitKind.AFFILIATE,
    "association": UnitKind.ASSOCIATION,
    "external association": UnitKind.EXTERNAL,
}

# A phrase that names no stage limit, so the program stays open to every career stage.
ANY_STAGE = "any"
NEW = ["New professional (0-2 years)", "Early career (under 5 years)"]
SCHOOL = [
    "School: elementary",
    "School: middle",
    "School: high school",
    "School: K-12 / district office",
]
LAW = ["Law (academic, firm, court or county)"]
SUPPORT = ["Library support staff / paraprofessional"]
CHANGER = ["Career changer or returning to the profession"]

# Audience phrase -> (audience choices, career stages it limits to, library types it limits to).
# Stages None: the phrase says nothing about career stage. A phrase missing from this table
# counts as ANY_STAGE, so an unfamiliar phrase never narrows a program.
AUDIENCE_PHRASES: dict[str, tuple[list[str], list[str] | str | None, list[str]]] = {
    "students": ([Audience.STUDENTS], ["LIS student"], []),
    "new librarians": ([Audience.NEW_LIBRARIANS], NEW, []),
    "new librarians (under 5 years)": ([Audience.NEW_LIBRARIANS], NEW, []),
    "early career (under 5 years)": ([Audience.NEW_LIBRARIANS], NEW, []),
    "new archivists": ([Audience.NEW_LIBRARIANS], NEW, ["Archives"]),
    "new law librarians": ([Audience.NEW_LIBRARIANS], NEW, LAW),
    "new school librarians": ([Audience.NEW_LIBRARIANS], NEW, SCHOOL),
    "mid-career": ([Audience.MID_CAREER], ["Mid-career (5-15 years)"], []),
    "new library directors": ([Audience.LEADERS], ["New manager or first-year director"], []),
    "aspiring leaders": ([Audience.LEADERS], None, []),
    "underrepresented groups": ([Audience.UNDERREPRESENTED], None, []),
    "library assistants": ([Audience.SUPPORT_STAFF], SUPPORT, []),
    "library technicians": ([Audience.SUPPORT_STAFF], SUPPORT, []),
    "returning professionals": ([Audience.CAREER_CHANGERS], CHANGER, []),
    "career changers": ([Audience.CAREER_CHANGERS], CHANGER, []),
    "retirees": ([Audience.RETIREES], ["Retired"], []),
    "any career stage": ([Audience.ANY_STAGE], ANY_STAGE, []),
    "ALA members at any career stage": ([Audience.ANY_STAGE], ANY_STAGE, []),
    "school librarians": ([], None, SCHOOL),
    "health sciences librarians": ([], None, ["Health sciences / medical / hospital"]),
    "special librarians": ([], None, ["Special / corporate"]),
    "law library staff": ([], None, LAW),
    "library staff at baccalaureate institutions": ([], None, ["Academic: 4-year college"]),
    "tenure-track librarians": ([], None, []),
    "librarians serving Latino communities": ([], None, []),
    "library staff serving teens": ([], None, []),
    "new members": ([], None, []),
    "new association members": ([], None, []),
    "first-time meeting attendees": ([], None, []),
}

FORMAT_PHRASES = {
    "one-to-one": Format.ONE_TO_ONE,
    "one-to-one (mentor-sponsor)": Format.ONE_TO_ONE,
    "e-mentoring": Format.E_MENTORING,
    "peer": Format.PEER,
    "group": Format.GROUP,
    "cohort": Format.GROUP,
    "project team with member guide": Format.GROUP,
    "residency": Format.RESIDENCY,
}

# Cost texts that answer "is it free?"; every other text (or none) leaves it unknown.
FREE_COSTS = ("No application or participation fee",)
PAID_COSTS = ("Institutional annual fee", "Program fees exist")
ROLLING_CYCLES = ("Rolling;", "Ongoing", "On request")


def _read(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text())


def _unit_fields(item: dict[str, Any]) -> dict[str, Any]:
    active = item["status"] == "active"
    return {
        "name": item["name"],
        "kind": UNIT_KINDS[item["kind"]],
        "url": item["url"] or "",
        "status": UnitStatus.ACTIVE if active else UnitStatus.FORMER,
        "status_notes": "" if active else item["status"],
    }


def _membership(item: dict[str, Any], unit: Unit) -> str:
    if item["membership_required"] is None:
        return Membership.UNKNOWN
    if not item["membership_required"]:
        return Membership.NONE
    notes = item["membership_notes"] or ""
    if unit.kind == UnitKind.ASSOCIATION or notes.startswith("ALA membership required"):
        return Membership.ASSOCIATION
    return Membership.UNIT


def _is_free(cost: str | None) -> bool | None:
    if cost is None:
        return None
    if cost.startswith(FREE_COSTS):
        return True
    if cost.startswith(PAID_COSTS):
        return False
    return None


def _description(item: dict[str, Any], unit: Unit) -> str:
    parts = []
    if item["organization"] and unit.name not in item["organization"]:
        parts.append(f"Organised by {item['organization']}.")
    # The research notes and any doubt about the status are for curators (internal_notes).
    return "\n\n".join(parts)


def _audience(phrases: list[str]) -> tuple[list[str], set[str], set[str]]:
    """The audience choices, career stages and library types the program's phrases name."""
    audience: list[str] = []
    stages: set[str] = set()
    types: set[str] = set()
    any_stage = False
    for phrase in phrases:
        choices, phrase_stages, phrase_types = AUDIENCE_PHRASES.get(phrase, ([], ANY_STAGE, []))
        audience += [choice for choice in choices if choice not in audience]
        types.update(phrase_types)
        if phrase_stages == ANY_STAGE:
            any_stage = True
        elif phrase_stages:
            stages.update(phrase_stages)
    return audience, (set() if any_stage else stages), types


def _program_fields(item: dict[str, Any], unit: Unit) -> dict[str, Any]:
    phrases = item["audience"] or []
    audience, _, _ = _audience(phrases)
    formats: list[str] = []
    for phrase in item["format"] or []:
        if phrase in FORMAT_PHRASES and FORMAT_PHRASES[phrase] not in formats:
            formats.append(FORMAT_PHRASES[phrase])
    cycle = item["application_cycle"] or ""
    return {
        "name": item["name"],
        "unit": unit,
        "summary": item["summary"],
        "description": _description(item, unit),
        "audience": audience,
        "audience_notes": "; ".join(phrases),
        "formats": formats,
        "duration": item["duration"] or "",
        "is_free": _is_free(item["cost"]),
        "cost_notes": reference.public_wording(item["cost"]),
        "membership": _membership(item, unit),
        "membership_notes": reference.public_wording(item["membership_notes"]),
        # Only what the audience states; part-time staff and people between jobs are never named.
        "open_to_students": True if "students" in phrases else None,
        "open_to_retired": True if "retirees" in phrases else None,
        "rolling": cycle.startswith(ROLLING_CYCLES),
        "application_notes": cycle,
        "status": (
            ProgramStatus.ARCHIVED
            if item["status"].startswith("historical")
            else ProgramStatus.ACTIVE
        ),
        "source_url": item["url"],
        "internal_notes": reference.curators_notes(item),
    }


@transaction.atomic
def load_demo_programs() -> int:
    """Loads the reference units and programs (idempotent) and returns how many programs there
    are. Programs already loaded are left as they are, so curators' demo edits survive."""
    units = {}
    for item in _read("units.json"):
        units[item["abbreviation"]], _ = Unit.objects.update_or_create(
            abbreviation=item["abbreviation"], defaults=_unit_fields(item)
        )
    stages = {stage.name: stage for stage in CareerStage.objects.all()}
    types = {library_type.name: library_type for library_type in LibraryType.objects.all()}
    items = _read("programs.json")
    for item in items:
        unit = units[item["unit"]]
        program, created = Program.objects.get_or_create(
            slug=slugify(item["name"])[:200],
            # Loaded, not reviewed: "Last checked by our curators" waits for a curator.
            defaults=_program_fields(item, unit),
        )
        if created:
            _, stage_names, type_names = _audience(item["audience"] or [])
            program.career_stages.set([stages[name] for name in stage_names if name in stages])
            program.library_types.set([types[name] for name in type_names if name in types])
    return len(items)


@transaction.atomic
def ensure_demo_curator() -> tuple[str, str]:
    """A staff member (not a superuser) in the Program curators group; returns the login."""
    user = ensure_demo_login(CURATOR_EMAIL, is_staff=True)
    user.groups.add(Group.objects.get(name=curators.GROUP))
    return CURATOR_EMAIL, DEMO_PASSWORD
