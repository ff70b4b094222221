from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.utils.translation import gettext

from profiles import taxonomy_names
from profiles.models import Profile, User

from ..models import STAGE_AUDIENCES, Audience, Program, interests_of, program_today

register = template.Library()

PROGRAMS_FOR_YOU = 5
# What ranked_for_member, reasons_for and the list of suggestions read of a program.
SUGGESTED_PROGRAM_FIELDS = (
    *("name", "slug", "audience", "status", "rolling", "opens_on", "closes_on"),
    *("unit__name", "unit__abbreviation"),
)


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
    ProgramQuerySet.ranked_for_member). One query, however many programs there are.
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
        profile and (profile.career_stage_id or profile.library_type_id or profile.own_areas.names)
    )
    reasons = reasons_for(programs, profile) if personal and profile else {}
    return Suggestions(programs=programs, personal=personal, reasons=reasons)


def chosen_for(profile: Profile | None, today: datetime.date, user: User) -> list[Program]:
    # Every public program is loaded to be ranked, with only what the ranking and the list
    # read: their descriptions and search vectors would take longer to load than the rest.
    programs = (
        Program.objects.select_related("unit").only(*SUGGESTED_PROGRAM_FIELDS).with_saved_by(user)
    )
    return programs.ranked_for_member(profile, today)[:PROGRAMS_FOR_YOU]


def reasons_for(programs: list[Program], profile: Profile) -> dict[int, str]:
    """What each suggestion has to do with the member, in the words of their profile: their
    stage and library type when the program names them, and the areas it speaks of, or else
    the field of one of them (`programs` come from ProgramQuerySet.ranked_for_member, which says
    which)."""
    # Programs are searched by the areas' English names; the member reads them in their language.
    shown = {name: taxonomy_names.translated(name) for name in profile.own_areas.names}
    areas = interests_of(profile)
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
        fields = program.fields_spoken  # type: ignore[attr-defined]
        if covered:
            spoken = ", ".join(shown[name] for name in covered[:2])
            parts.append(gettext("covers %(areas)s") % {"areas": spoken})
        elif fields:
            # It speaks of the member's field, not of the areas they named: say which field.
            field = taxonomy_names.translated(fields[0])
            parts.append(gettext("in your field (%(field)s)") % {"field": field})
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
