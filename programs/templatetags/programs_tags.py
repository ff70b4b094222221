from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.utils import timezone

from profiles.models import Profile, User

from .. import cache as program_cache
from ..models import Program

register = template.Library()

PROGRAMS_FOR_YOU = 5
# A change the signals cannot see (a bulk update in the admin) shows within this time.
CHOICE_SECONDS = 60 * 60


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
    today = timezone.localdate()
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
    """The ranking query is costly to build and the same for every member with the same career
    stage, library type and areas on the same day: which programs it chose is kept in Redis
    until a program changes (programs/cache.py) or the day ends. The programs themselves are
    loaded afresh each time, with whether this member saved them."""
    fits: list[int | None] = []
    if profile:
        # Loaded once here (nothing, when the page has already) for the key and the ranking.
        prefetch_related_objects([profile], "wanted_areas", "expertise")
        areas = {area.pk for area in [*profile.wanted_areas.all(), *profile.expertise.all()]}
        fits = [profile.career_stage_id, profile.library_type_id, *sorted(areas)]
    fit = ",".join("" if part is None else str(part) for part in fits)
    key = f"programs-for-you:{program_cache.version()}:{today}:{fit}"
    programs = Program.objects.select_related("unit").with_saved_by(user)
    chosen_ids = cache.get(key)
    if chosen_ids is None:
        chosen = list(programs.for_member(profile, today)[:PROGRAMS_FOR_YOU])
        cache.set(key, [program.pk for program in chosen], CHOICE_SECONDS)
        return chosen
    found = {program.pk: program for program in programs.public().filter(pk__in=chosen_ids)}
    return [found[pk] for pk in chosen_ids if pk in found]


@register.filter
def window_state(program: Program) -> str:
    """The program's application window today: see Program.window_state."""
    return program.window_state(timezone.localdate())
