"""Deadlines of saved programs by email: registered with the outbox in ProgramsConfig.ready()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder, about_ids

from .models import Program, SavedProgram


def plan_program_deadlines(now: datetime.datetime) -> int:
    """Members who saved a program, 7 days before its applications close."""
    today = timezone.localdate(now)
    ahead = settings.REMINDERS["PROGRAM_DEADLINE_AHEAD_DAYS"]
    saved = SavedProgram.objects.filter(
        program__closes_on__gte=today,
        program__closes_on__lte=today + datetime.timedelta(days=ahead),
    ).values_list("user_id", "program_id", "program__closes_on")
    return Reminder.objects.plan(
        Reminder(
            recipient_id=user_id,
            kind=PROGRAM_DEADLINE.name,
            subject=f"program:{program_id}",
            period=f"closes-{closes_on:%Y-%m-%d}",
            due_at=now,
        )
        for user_id, program_id, closes_on in saved
    )


def program_deadline_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    programs = {
        str(program.pk): program
        for program in Program.objects.filter(pk__in=about_ids(reminders)).only(
            "pk", "name", "slug", "closes_on"
        )
    }
    contexts = {}
    for reminder in reminders:
        program = programs.get(reminder.about_id)
        if program is None or not program.closes_on:
            continue
        contexts[reminder.pk] = {
            "program_name": program.name,
            "closes_on": program.closes_on,
            "action_url": settings.SITE_URL + program.get_absolute_url(),
        }
    return contexts


PROGRAM_DEADLINE = ReminderKind(
    name="program_deadline",
    label=_("Deadlines of programs you saved"),
    plan=plan_program_deadlines,
    context=program_deadline_contexts,
)
