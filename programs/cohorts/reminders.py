"""The email to applicants a published round did not match, sent through the outbox (in their
daytime, once): registered with it in CohortsConfig.ready()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder
from programs.models import program_today

from .models import Application, ApplicationStatus, Cohort, Role, WindowState


def not_matched_reminders(
    applications: Sequence[Application], now: datetime.datetime
) -> list[Reminder]:
    """The rows that tell these applicants; planned by the publishing transaction."""
    return [
        Reminder(
            recipient_id=application.applicant_id,
            kind=COHORT_NOT_MATCHED.name,
            subject=f"application:{application.pk}",
            period=f"cohort-{application.cohort_id}",
            due_at=now,
        )
        for application in applications
    ]


def next_cohort(cohort: Cohort, role: str, today: datetime.date) -> Cohort | None:
    """The same program's next cohort this role may still apply to, if any."""
    later = Cohort.objects.filter(program_id=cohort.program_id).exclude(pk=cohort.pk).listed()
    for candidate in later.order_by("starts_on"):
        if candidate.window_state(role, today) != WindowState.CLOSED:
            return candidate
    return None


def not_matched_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    applications = {
        str(application.pk): application
        for application in Application.objects.filter(
            pk__in=[reminder.subject.partition(":")[2] for reminder in reminders],
            status=ApplicationStatus.NOT_MATCHED,
        ).select_related("cohort__program")
    }
    today = program_today()
    contexts = {}
    for reminder in reminders:
        application = applications.get(reminder.subject.partition(":")[2])
        if application is None:
            continue  # matched after all, or gone
        cohort = application.cohort
        following = next_cohort(cohort, application.role, today)
        contexts[reminder.pk] = {
            "program_name": cohort.program.name,
            "cohort_name": cohort.name,
            "is_mentee": application.role == Role.MENTEE,
            "program_url": settings.SITE_URL + cohort.program.get_absolute_url(),
            "next_cohort": following,
            "waiting_list_url": settings.SITE_URL + reverse("mentorships:waiting_list"),
            "find_mentor_url": settings.SITE_URL + reverse("profiles:find_mentor"),
            "action_url": settings.SITE_URL + reverse("cohorts:my_applications"),
        }
    return contexts


COHORT_NOT_MATCHED = ReminderKind(
    name="cohort_not_matched",
    label="Results of program rounds you applied to",
    context=not_matched_contexts,
)
