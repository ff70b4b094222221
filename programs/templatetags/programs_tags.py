from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import template
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector
from django.db.models import Exists, Func, IntegerField, OuterRef, Value, prefetch_related_objects
from django.utils.translation import gettext

from profiles.models import Profile, User

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

from ..models import (
    STAGE_AUDIENCES,
    Audience,
    Program,
    ProgramQuerySet,
    area_keyword,
    program_today,
)

register = template.Library()

PROGRAMS_FOR_YOU = 5


@dataclass
class Suggestions:
    programs: list[Program]
    # Whether the profile said enough (career stage or library type) to pick for the member.
    personal: bool
    # Why each program is there, by program id: "For your career stage (Mid-career) · covers
    # Cataloging".
    reasons: dict[int, str]

    def with_reasons(self) -> list[tuple[Program, str]]:
        return [(program, self.reasons.get(program.pk, "")) for program in self.programs]


@register.simple_tag
def programs_for_you(user: User, *page_profile: Profile | None) -> Suggestions:
    """Up to five public programs for this member, open or rolling ones first (see
    ProgramQuerySet.for_member). A fixed number of queries, however many programs there are.
    A page that has loaded the member's profile already passes it, to save loading it again."""
    if page_profile:
        profile = page_profile[0] or None
    else:
        try:
            profile = user.profile
        except Profile.DoesNotExist:
            profile = None
    today = program_today()
    programs = chosen_for(profile, today, user)
    personal = bool(
        profile
        and (
            profile.career_stage_id
            or profile.library_type_id
            or profile.wanted_areas.exists()
            or profile.expertise.exists()
        )
    )
    reasons = reasons_for(programs, profile) if personal and profile else {}
    return Suggestions(programs=programs, personal=personal, reasons=reasons)


def chosen_for(profile: Profile | None, today: datetime.date, user: User) -> list[Program]:
    if profile:
        # Loaded once here (nothing, when the page has already) for the ranking.
        prefetch_related_objects([profile], "wanted_areas", "expertise")
    programs = Program.objects.for_member(profile, today)
    if profile:
        programs = _with_what_fits(programs, profile)
    return list(programs.select_related("unit").with_saved_by(user)[:PROGRAMS_FOR_YOU])


def _with_what_fits(programs: ProgramQuerySet, profile: Profile) -> ProgramQuerySet:
    """What the reasons say of each program, in the query that chooses them: whether it names
    the member's career stage (`names_stage_of_member`) and library type
    (`names_type_of_member`), and which of `_interests(profile)` it speaks of
    (`interests_spoken`, their positions)."""
    stage_id, type_id = profile.career_stage_id, profile.library_type_id
    names_stage = Program.career_stages.through.objects.filter(
        program=OuterRef("pk"), careerstage_id=stage_id or 0
    )
    names_type = Program.library_types.through.objects.filter(
        program=OuterRef("pk"), librarytype_id=type_id or 0
    )
    keywords = [area_keyword(name) for name in _interests(profile)]
    return programs.annotate(
        names_stage_of_member=Exists(names_stage) if stage_id else Value(False),
        names_type_of_member=Exists(names_type) if type_id else Value(False),
        interests_spoken=KeywordsSpoken(
            SearchVector("name", "summary", "description", config="english"), Value(keywords)
        ),
    )


class KeywordsSpoken(Func):
    """The positions (from 0) of the keywords a text speaks of, by the rule of
    ProgramQuerySet.areas_spoken_of (the text's English vector matches the keyword's plain
    English query; an empty keyword matches nothing). One expression for every keyword: one
    `@@` per area, each with its own vector, took longer to compile than the query runs."""

    output_field = ArrayField(IntegerField())

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        text, keywords = self.get_source_expressions()
        text_sql, text_params = compiler.compile(text)
        keywords_sql, keywords_params = compiler.compile(keywords)
        # Only compiled expressions go into the SQL; the keywords and texts are parameters. The
        # text's vector is made once per program (OFFSET 0 keeps PostgreSQL from copying it
        # into the test of each keyword).
        sql = (
            f"ARRAY(SELECT k.position - 1 FROM (SELECT {text_sql} AS document OFFSET 0) AS d"  # noqa: S608
            f" CROSS JOIN unnest({keywords_sql}::text[]) WITH ORDINALITY AS k(word, position)"
            " WHERE k.word <> '' AND d.document @@ plainto_tsquery('english'::regconfig, k.word)"
            " ORDER BY k.position)"
        )
        return sql, (*text_params, *keywords_params)


def _interests(profile: Profile) -> list[str]:
    """The English names of the areas the member wants help with or mentors in, sorted."""
    return sorted(
        {area.name for area in profile.wanted_areas.all()}
        | {area.name for area in profile.expertise.all()}
    )


def reasons_for(programs: list[Program], profile: Profile) -> dict[int, str]:
    """What each suggestion has to do with the member, in the words of their profile: their
    stage and library type when the program names them, and the areas it speaks of
    (`programs` come from chosen_for, which says which)."""
    # Programs are searched by the areas' English names; the member reads them in their language.
    shown = {area.name: str(area) for area in profile.wanted_areas.all()} | {
        area.name: str(area) for area in profile.expertise.all()
    }
    areas = _interests(profile)
    stage = profile.career_stage
    audience = STAGE_AUDIENCES.get(stage.name, "") if stage else ""
    names = {
        "stage": short(str(profile.career_stage)),
        "type": short(str(profile.library_type)),
    }
    reasons = {}
    for program in programs:
        stage_named = program.names_stage_of_member  # type: ignore[attr-defined]
        type_named = program.names_type_of_member  # type: ignore[attr-defined]
        if stage_named and type_named:
            parts = [
                gettext("For your career stage (%(stage)s) and library type (%(type)s)") % names
            ]
        elif stage_named:
            parts = [gettext("For your career stage (%(stage)s)") % names]
        elif type_named:
            parts = [gettext("For your library type (%(type)s)") % names]
        elif audience in program.audience:
            parts = [gettext("For %(audience)s") % {"audience": Audience(audience).label.lower()}]
        else:
            parts = [gettext("Open to every career stage and library type")]
        covered = [areas[index] for index in program.interests_spoken]  # type: ignore[attr-defined]
        if covered:
            spoken = ", ".join(shown[name] for name in covered[:2])
            parts.append(gettext("covers %(areas)s") % {"areas": spoken})
        reasons[program.pk] = " · ".join(parts)
    return reasons


def short(name: str) -> str:
    """A stage's or type's name without its explanation: "Mid-career (5-15 years)" becomes
    "Mid-career"."""
    return name.split(" (")[0]


@register.filter
def window_state(program: Program) -> str:
    """The program's application window today: see Program.window_state."""
    return program.window_state(program_today())
