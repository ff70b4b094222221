from __future__ import annotations

import datetime
import logging

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from .models import Program, ProgramMonthlyViews, ProgramStatus, program_today, shift_years

logger = logging.getLogger(__name__)


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
    year = shift_years(first_day, 1).year if first_day else program_today().year + 1
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


# Page views, for staff insights. A page view must not write to the database (a GET never
# writes, and a busy page would contend on one row), so it is counted in Redis, in one hash per
# month, and a periodic task folds the counts into ProgramMonthlyViews.

VIEWS_KEY_PREFIX = "program-views:"


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)


def count_view(program: Program) -> None:
    """Counts one view of a public program page; while Redis is down, the view goes uncounted
    (logged) rather than the page failing."""
    if not program.is_public:
        return
    try:
        _redis().hincrby(f"{VIEWS_KEY_PREFIX}{timezone.now():%Y-%m}", str(program.pk), 1)
    except redis.RedisError as error:
        logger.warning("Program view not counted, Redis unavailable: %s", error)


def record_counted_views() -> int:
    """Moves the counted views into the database; returns how many views it moved.

    Each month's hash is renamed before it is read, so views counted meanwhile go into a fresh
    hash and none is lost or counted twice.
    """
    client = _redis()
    moved = 0
    for key in client.scan_iter(match=f"{VIEWS_KEY_PREFIX}????-??"):
        key = key.decode()
        taking = f"{key}:folding"
        try:
            client.renamenx(key, taking)  # if a fold failed midway, its hash is taken first
        except redis.ResponseError:
            continue  # another fold took it a moment ago
        counts = {int(pk): int(views) for pk, views in client.hgetall(taking).items()}
        month = datetime.date.fromisoformat(key.removeprefix(VIEWS_KEY_PREFIX) + "-01")
        known = set(Program.objects.filter(pk__in=counts).values_list("pk", flat=True))
        with transaction.atomic():
            for pk, views in counts.items():
                if pk not in known:
                    continue
                updated = ProgramMonthlyViews.objects.filter(program_id=pk, month=month).update(
                    views=F("views") + views
                )
                if not updated:
                    ProgramMonthlyViews.objects.create(program_id=pk, month=month, views=views)
                moved += views
            client.delete(taking)
    return moved
