"""The emails of program cohorts, sent through the outbox (once): registered with it in
CohortsConfig.ready(). The applicants a published round did not match are told once, at any
hour; each milestone of a cohort's timeline reaches both people of every published pair on its
day, in their daytime."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder, ReminderStatus, about_ids
from programs.models import program_today

from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    Coordinator,
    Milestone,
    MilestoneKind,
    Role,
    WindowState,
)


def not_matched_reminders(
    applications: Sequence[Application], now: datetime.datetime
) -> list[Reminder]:
    """The rows that tell these applicants; planned by the transaction that publishes the
    round, or that closes the cohort without publishing it."""
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
            pk__in=about_ids(reminders),
            status=ApplicationStatus.NOT_MATCHED,
        ).select_related("cohort__program")
    }
    today = program_today()
    # Asked once for each cohort and role, not for each applicant: a round emails them all
    # in the same batches.
    following_of: dict[tuple[int, str], Cohort | None] = {}
    contexts = {}
    for reminder in reminders:
        application = applications.get(reminder.about_id)
        if application is None:
            continue  # matched after all, or gone
        cohort = application.cohort
        key = (cohort.pk, application.role)
        if key not in following_of:
            following_of[key] = next_cohort(cohort, application.role, today)
        following = following_of[key]
        contexts[reminder.pk] = {
            "program_name": cohort.program.name,
            "cohort_name": cohort.name,
            # Its coordinators may have closed it without publishing any matches
            # (services.round_closed_without_matches): the email says so instead.
            "closed_without_matches": cohort.published_at is None,
            "is_mentee": application.role == Role.MENTEE,
            "program_url": settings.SITE_URL + cohort.program.get_absolute_url(),
            "next_cohort": following,
            "waiting_list_url": settings.SITE_URL + reverse("mentorships:waiting_list"),
            "find_mentor_url": settings.SITE_URL + reverse("profiles:find_mentor"),
            "directory_url": settings.SITE_URL + reverse("programs:directory"),
            "circles": [
                {"title": circle["title"], "url": settings.SITE_URL + circle["path"]}
                for circle in application.circles_offered
            ],
            "circles_url": settings.SITE_URL + reverse("circles:list"),
            "host_circle_url": settings.SITE_URL + reverse("circles:new"),
            "action_url": settings.SITE_URL + reverse("cohorts:my_applications"),
        }
    return contexts


# Publishing the round tells the matched at once (their mentorships' emails), and the others
# with them, at any hour: they have waited for the result since they applied, and the circles
# the email offers have places now, which others may take by morning.
COHORT_NOT_MATCHED = ReminderKind(
    name="cohort_not_matched",
    label=gettext_lazy("Results of program rounds you applied to"),
    context=not_matched_contexts,
    waits_for_daytime=False,
    notification=True,
)


# A milestone reaches the pairs from its day on, and for this many days after: long enough for
# the sweep to catch up after an outage, short enough that a cohort published late, or a
# milestone added in hindsight, does not send news of weeks ago.
MILESTONE_LATE_DAYS = 7


def plan_milestones(now: datetime.datetime) -> int:
    """Both people of every published pair, on each milestone's day (from midnight in the
    association's time zone; the outbox waits for each person's daytime). The period names the
    cohort, not the date, so a milestone moved after it was sent is not sent again."""
    zone = zoneinfo.ZoneInfo(settings.PROGRAMS_TIME_ZONE)
    today = timezone.localdate(now, timezone=zone)
    milestones = list(
        Milestone.objects.filter(
            cohort__status=CohortStatus.PUBLISHED,
            on__lte=today,
            on__gte=today - datetime.timedelta(days=MILESTONE_LATE_DAYS),
        ).values_list("pk", "cohort_id", "on")
    )
    if not milestones:
        return 0
    people: dict[int, list[int]] = {}
    for cohort_id, applicant_id in Application.objects.filter(
        cohort_id__in={cohort_id for _, cohort_id, _ in milestones},
        status=ApplicationStatus.MATCHED,
    ).values_list("cohort_id", "applicant_id"):
        people.setdefault(cohort_id, []).append(applicant_id)
    return Reminder.objects.plan(
        Reminder(
            recipient_id=person,
            kind=COHORT_MILESTONE.name,
            subject=f"milestone:{pk}",
            period=f"cohort-{cohort_id}",
            due_at=datetime.datetime.combine(on, datetime.time(0), tzinfo=zone),
        )
        for pk, cohort_id, on in milestones
        for person in people.get(cohort_id, [])
    )


def milestone_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    milestones = {
        str(milestone.pk): milestone
        for milestone in Milestone.objects.filter(
            pk__in=about_ids(reminders),
            cohort__status=CohortStatus.PUBLISHED,
        ).select_related("cohort__program")
    }
    # Still a participant: matched in that cohort (a deleted account takes its rows with it).
    matched = set(
        Application.objects.filter(
            cohort_id__in={milestone.cohort_id for milestone in milestones.values()},
            applicant_id__in={reminder.recipient_id for reminder in reminders},
            status=ApplicationStatus.MATCHED,
        ).values_list("cohort_id", "applicant_id")
    )
    contexts = {}
    for reminder in reminders:
        milestone = milestones.get(reminder.about_id)
        if milestone is None or (milestone.cohort_id, reminder.recipient_id) not in matched:
            continue  # deleted, the cohort closed, or no longer theirs
        cohort = milestone.cohort
        survey_url = (
            settings.SITE_URL + reverse("cohorts:survey", args=[cohort.pk, milestone.survey])
            if milestone.survey
            else ""
        )
        contexts[reminder.pk] = {
            "program_name": cohort.program.name,
            "cohort_name": cohort.name,
            # Lazy: the email is worded in its recipient's language.
            "kind": MilestoneKind(milestone.kind).label,
            "title": milestone.title,
            "text": milestone.text,
            "on": milestone.on,
            "survey_url": survey_url,
            "mentorships_url": settings.SITE_URL + reverse("mentorships:list"),
            "action_url": survey_url or settings.SITE_URL + reverse("cohorts:my_applications"),
        }
    return contexts


COHORT_MILESTONE = ReminderKind(
    name="cohort_milestone",
    label=gettext_lazy("Milestones and surveys of program cohorts you take part in"),
    plan=plan_milestones,
    context=milestone_contexts,
)


def with_sent_at(milestones: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """Each milestone with `sent_at`: when its email first went out to someone, or None. A
    sent milestone is the record of what the pairs were told, so it can no longer change."""
    first_sent = (
        Reminder.objects.filter(
            kind=COHORT_MILESTONE.name,
            status=ReminderStatus.SENT,
            subject=Concat(Value("milestone:"), Cast(OuterRef("pk"), CharField())),
        )
        .order_by("sent_at")
        .values("sent_at")[:1]
    )
    return milestones.annotate(sent_at=Subquery(first_sent))


def coordinator_named(coordinator: Coordinator, now: datetime.datetime) -> int:
    """Plans the email that welcomes a member staff just named coordinator of a program (in
    the admin), with where to start: nothing else tells them."""
    return Reminder.objects.plan(
        [
            Reminder(
                recipient_id=coordinator.user_id,
                kind=COHORT_COORDINATOR.name,
                subject=f"coordinator:{coordinator.pk}",
                period=f"program-{coordinator.program_id}",
                due_at=now,
            )
        ]
    )


def coordinator_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    coordinators = {
        str(coordinator.pk): coordinator
        for coordinator in Coordinator.objects.filter(pk__in=about_ids(reminders)).select_related(
            "program"
        )
    }
    coordinate_url = settings.SITE_URL + reverse("cohorts:coordinate")
    contexts = {}
    for reminder in reminders:
        coordinator = coordinators.get(reminder.about_id)
        if coordinator is None or coordinator.user_id != reminder.recipient_id:
            continue  # no longer theirs to coordinate
        program = coordinator.program
        contexts[reminder.pk] = {
            "program_name": program.name,
            "coordinate_url": coordinate_url,
            "new_cohort_url": settings.SITE_URL
            + reverse("cohorts:cohort_new", args=[program.slug]),
            "program_url": settings.SITE_URL + program.get_absolute_url(),
            "action_url": coordinate_url,
        }
    return contexts


# Planned when staff name a coordinator (CoordinatorAdmin.save_model).
COHORT_COORDINATOR = ReminderKind(
    name="cohort_coordinator",
    label=gettext_lazy("Being named coordinator of a program"),
    context=coordinator_contexts,
    notification=True,
)
