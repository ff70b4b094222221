"""When to invite each participant to leave feedback: after the first meeting held, one month
in, and at the end of a mentorship; each invitation lasts until they write some."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorships.dashboard import RECENTLY_ENDED
from mentorships.models import Meeting, MeetingStatus, Mentorship, MentorshipQuerySet, Status
from profiles.models import User

from .models import Feedback

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ONE_MONTH = datetime.timedelta(days=30)
# Feedback written in the week before a mentorship ends already says how it went: whoever
# wrote some and then ended it is not asked again.
LAST_WEEK = datetime.timedelta(days=7)


class FirstHeld(TypedDict):
    """What occasion_of needs annotated on a mentorship."""

    first_held: datetime.datetime | None


class FeedbackTiming(FirstHeld):
    """What with_feedback_timing annotates."""

    my_last_feedback: datetime.datetime | None
    new_feedback: int


@dataclass(frozen=True)
class Occasion:
    """An occasion for feedback that has come: what the invitation says of it, when it came,
    and since when feedback written answers it."""

    words: str
    came_at: datetime.datetime
    answered_by_feedback_since: datetime.datetime

    def is_owed(self, last_written: datetime.datetime | None) -> bool:
        """Whether feedback last written at `last_written` leaves this occasion unanswered."""
        return last_written is None or last_written < self.answered_by_feedback_since


@dataclass(frozen=True)
class Prompt:
    mentorship: Mentorship
    occasion: str


def with_feedback_timing(
    mentorships: MentorshipQuerySet, user: User
) -> QuerySet[WithAnnotations[Mentorship, FeedbackTiming]]:
    """`mentorships` with what prompts_among needs: when `user` last wrote feedback in each,
    and when its first meeting was held; and how much feedback `user` received there and has
    not opened yet (the dashboard's "new" badge)."""
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
    unseen = (
        Feedback.objects.filter(mentorship=OuterRef("pk"))
        .unseen_by(user)
        .order_by()
        .values("mentorship")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return mentorships.annotate(
        my_last_feedback=Subquery(my_latest),
        first_held=Subquery(first_held),
        new_feedback=Coalesce(Subquery(unseen, output_field=IntegerField()), 0),
    )


def prompts_among(
    mentorships: list[WithAnnotations[Mentorship, FeedbackTiming]], now: datetime.datetime
) -> list[Prompt]:
    """The feedback prompts of these mentorships (annotated by with_feedback_timing)."""
    prompts = []
    for mentorship in mentorships:
        if not _may_prompt(mentorship, now):
            continue
        occasion = occasion_of(mentorship, now)
        if occasion and occasion.is_owed(mentorship.my_last_feedback):
            prompts.append(Prompt(mentorship, occasion.words))
    return prompts


def _may_prompt(mentorship: Mentorship, now: datetime.datetime) -> bool:
    # Nobody is left to read feedback once the other person has left (deleted or closed their
    # account); ended mentorships keep prompting for a while, then stop.
    if mentorship.mentee is None or mentorship.mentor is None:
        return False
    if not (mentorship.mentee.is_active and mentorship.mentor.is_active):
        return False
    if mentorship.status == Status.ACTIVE:
        return True
    return (
        mentorship.status in {Status.COMPLETED, Status.ENDED_EARLY}
        and mentorship.ended_at is not None
        and mentorship.ended_at >= now - RECENTLY_ENDED
    )


def occasion_of(
    mentorship: WithAnnotations[Mentorship, FirstHeld], now: datetime.datetime
) -> Occasion | None:
    """The latest occasion for feedback that has come, if any."""
    if mentorship.ended_at:
        return Occasion(
            _("your mentorship has ended"),
            came_at=mentorship.ended_at,
            answered_by_feedback_since=mentorship.ended_at - LAST_WEEK,
        )
    if mentorship.started_at and now - mentorship.started_at >= ONE_MONTH:
        # The one-month occasion lasts until feedback is written, so say how far in they are
        # now: four months on, "one month in" would not be true.
        months = (now - mentorship.started_at) // ONE_MONTH
        words = ngettext("you are %(months)s month in", "you are %(months)s months in", months) % {
            "months": months
        }
        one_month_in = mentorship.started_at + ONE_MONTH
        return Occasion(words, came_at=one_month_in, answered_by_feedback_since=one_month_in)
    if mentorship.first_held:
        return Occasion(
            _("your first meeting was held"),
            came_at=mentorship.first_held,
            answered_by_feedback_since=mentorship.first_held,
        )
    return None
