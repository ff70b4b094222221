from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.db.models import prefetch_related_objects

from profiles.models import Profile, User

from ..models import Program, program_today

register = template.Library()

PROGRAMS_FOR_YOU = 5


@dataclass
class Suggestions:
    programs: list[Program]
    # Whether the profile said enough (career stage or library type) to pick for the member.
    personal: bool


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
    return Suggestions(programs=programs, personal=personal)


def chosen_for(profile: Profile | None, today: datetime.date, user: User) -> list[Program]:
    if profile:
        # Loaded once here (nothing, when the page has already) for the ranking.
        prefetch_related_objects([profile], "wanted_areas", "expertise")
    programs = Program.objects.select_related("unit").with_saved_by(user)
    return list(programs.for_member(profile, today)[:PROGRAMS_FOR_YOU])


@register.filter
def window_state(program: Program) -> str:
    """The program's application window today: see Program.window_state."""
    return program.window_state(program_today())
