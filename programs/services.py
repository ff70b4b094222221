from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Program, ProgramStatus, shift_years


def _unused_slug(base: str) -> str:
    slug, number = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def program_copy_for_next_cycle(*, program: Program) -> Program:
    """A draft of the program's next cycle, with its application window a year on.

    The copy is not public and has no review until a curator checks and publishes it; the
    original stays as it is, and curators archive it once the new cycle is out.
    """
    copy = Program.objects.get(pk=program.pk)
    library_types = list(copy.library_types.all())
    career_stages = list(copy.career_stages.all())
    first_day = copy.opens_on or copy.closes_on
    year = shift_years(first_day, 1).year if first_day else timezone.localdate().year + 1
    copy.pk = None
    copy._state.adding = True
    copy.slug = _unused_slug(slugify(f"{program.slug}-{year}")[:200])
    copy.opens_on = shift_years(copy.opens_on, 1) if copy.opens_on else None
    copy.closes_on = shift_years(copy.closes_on, 1) if copy.closes_on else None
    copy.status = ProgramStatus.DRAFT
    copy.last_reviewed_on = None
    copy.reviewed_by = None
    copy.save()
    copy.library_types.set(library_types)
    copy.career_stages.set(career_stages)
    return copy
