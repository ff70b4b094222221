"""Feedback prompts by email: registered with the outbox in FeedbackConfig.ready()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder
from mentorships.dashboard import RECENTLY_ENDED
from mentorships.models import MeetingStatus, Mentorship, Status
from mentorships.reminders import about_mentorships

from .models import Feedback
from .prompts import occasion_of


def plan_feedback_prompts(now: datetime.datetime) -> int:
    """Each participant, after the first meeting held, one month in, and at the end, unless
    they have written feedback since (the same occasions as the dashboard's invitations)."""

    def latest_by(role: str) -> Subquery:
        return Subquery(
            Feedback.objects.filter(mentorship=OuterRef("pk"), author=OuterRef(role))
            .order_by("-created_at")
            .values("created_at")[:1]
        )

    mentorships = (
        Mentorship.objects.filter(
            Q(status=Status.ACTIVE)
            | Q(
                status__in=[Status.COMPLETED, Status.ENDED_EARLY],
                ended_at__gte=now - RECENTLY_ENDED,
            )
        )
        # Nobody is left to read feedback once the other person has left.
        .filter(mentee__is_active=True, mentor__is_active=True)
        .annotate(
            first_held=Min("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
            mentee_wrote=latest_by("mentee"),
            mentor_wrote=latest_by("mentor"),
        )
        .only("pk", "mentee_id", "mentor_id", "started_at", "ended_at", "status")
    )
    rows = []
    for mentorship in mentorships.iterator(chunk_size=5000):
        occasion = occasion_of(mentorship, now)
        if occasion is None:
            continue
        for recipient, wrote in (
            (mentorship.mentee_id, mentorship.mentee_wrote),
            (mentorship.mentor_id, mentorship.mentor_wrote),
        ):
            if recipient and occasion.is_owed(wrote):
                rows.append(
                    Reminder(
                        recipient_id=recipient,
                        kind=FEEDBACK_PROMPT.name,
                        subject=f"mentorship:{mentorship.pk}",
                        period=f"{occasion.came_at:%Y-%m-%d}",
                        due_at=occasion.came_at,
                    )
                )
    return Reminder.objects.plan(rows)


def feedback_prompt_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    return {
        reminder.pk: {
            "other_name": other_name,
            "action_url": settings.SITE_URL + reverse("feedback:archive", args=[mentorship.pk]),
        }
        for reminder, mentorship, other_name in about_mentorships(reminders)
    }


FEEDBACK_PROMPT = ReminderKind(
    name="feedback_prompt",
    label=_("Invitations to leave feedback"),
    plan=plan_feedback_prompts,
    context=feedback_prompt_contexts,
)
