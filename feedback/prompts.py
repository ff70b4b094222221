"""When to invite each participant to leave feedback: after the first meeting held, one month
in, and at the end of a mentorship; each invitation lasts until they write some."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from mentorships.models import Meeting, MeetingStatus, Mentorship, Status
from profiles.models import User

from .models import Feedback

ONE_MONTH = datetime.timedelta(days=30)
# Ended mentorships keep prompting for a while, then stop.
AFTER_THE_END = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Prompt:
    mentorship: Mentorship
    occasion: str


def prompts_for(user: User, now: datetime.datetime | None = None) -> list[Prompt]:
    now = now or timezone.now()
    my_latest = (
        Feedback.objects.filter(mentorship=OuterRef("pk"), author=user)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    # Subqueries rather than aggregates over joins: no GROUP BY over the profiles loaded too.
    first_held = (
        Meeting.objects.filter(mentorship=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    mentorships = (
        Mentorship.objects.involving(user)
        .filter(
            Q(status=Status.ACTIVE)
            | Q(
                status__in=[Status.COMPLETED, Status.ENDED_EARLY], ended_at__gte=now - AFTER_THE_END
            )
        )
        # Nobody is left to read feedback once the other person has deleted their account.
        .filter(mentee__isnull=False, mentor__isnull=False)
        .annotate(
            my_last_feedback=Subquery(my_latest),
            first_held=Subquery(first_held),
        )
        .select_related("mentee__profile", "mentor__profile")
    )
    prompts = []
    for mentorship in mentorships:
        occasion, since = occasion_of(mentorship, now)
        if occasion and (
            mentorship.my_last_feedback is None or mentorship.my_last_feedback < since
        ):
            prompts.append(Prompt(mentorship, occasion))
    return prompts


def occasion_of(
    mentorship: Mentorship, now: datetime.datetime
) -> tuple[str | None, datetime.datetime]:
    """The latest occasion for feedback that has come, and since when it applies."""
    if mentorship.ended_at:
        return "your mentorship has ended", mentorship.ended_at
    if mentorship.started_at and now - mentorship.started_at >= ONE_MONTH:
        return "you are one month in", mentorship.started_at + ONE_MONTH
    if mentorship.first_held:
        return "your first meeting was held", mentorship.first_held
    return None, now
