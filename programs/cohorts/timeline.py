"""A cohort's timeline: its dated milestones, and the usual ones a coordinator can start from.

Each milestone reaches both people of every published pair by email on its day, once each, in
their daytime: reminders.COHORT_MILESTONE plans and words it, the outbox sends it.
"""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from .models import ONCE_A_COHORT, Cohort, Milestone, MilestoneKind

# Monthly topics offered by "Add the usual milestones", in order; a longer cohort starts over.
# They are written in the coordinator's language when added, and are theirs to edit from then on.
USUAL_TOPICS = [
    (
        gettext_lazy("Goals and how you will work together"),
        gettext_lazy(
            "Agree what you want from these months, how often you meet and how you keep in touch."
        ),
    ),
    (
        gettext_lazy("Career paths"),
        gettext_lazy(
            "Talk about the paths that brought the mentor here and the ones the mentee is weighing."
        ),
    ),
    (
        gettext_lazy("Professional networks"),
        gettext_lazy(
            "Which associations, conferences and online groups are worth the mentee's time, and "
            "how to take part."
        ),
    ),
    (
        gettext_lazy("Leading without the title"),
        gettext_lazy(
            "Projects, committees and teams: where the mentee can lead from where they are."
        ),
    ),
    (
        gettext_lazy("Applications and interviews"),
        gettext_lazy("CVs, cover letters and interviews for library posts: practise one together."),
    ),
    (
        gettext_lazy("Balance and boundaries"),
        gettext_lazy("Workload, saying no and looking after yourself in a service job."),
    ),
]
# A monthly topic this close to the midpoint or the wrap-up would crowd it out.
TOPIC_CLEARANCE = datetime.timedelta(days=10)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def midpoint_of(cohort: Cohort) -> datetime.date:
    return cohort.starts_on + (cohort.ends_on - cohort.starts_on) / 2


def usual_milestones(cohort: Cohort) -> list[Milestone]:
    """Kick-off on the first day, a topic each month, the midpoint halfway and the wrap-up on
    the last day (unsaved)."""
    midpoint = midpoint_of(cohort)
    milestones = [
        Milestone(
            cohort=cohort,
            on=cohort.starts_on,
            kind=MilestoneKind.KICK_OFF,
            title=gettext("Kick-off"),
            text=gettext(
                "Your mentorships start today. Meet in the next two weeks, read the program's "
                "orientation together and agree your goals in the mentorship's agreement."
            ),
        )
    ]
    topics = 0
    month = 1
    while (on := add_months(cohort.starts_on, month)) < cohort.ends_on:
        month += 1
        if abs(on - midpoint) < TOPIC_CLEARANCE or cohort.ends_on - on < TOPIC_CLEARANCE:
            continue
        title, text = USUAL_TOPICS[topics % len(USUAL_TOPICS)]
        topics += 1
        milestones.append(
            Milestone(
                cohort=cohort,
                on=on,
                kind=MilestoneKind.TOPIC,
                title=gettext("This month's topic: %(topic)s") % {"topic": title},
                text=str(text),
            )
        )
    if cohort.starts_on < midpoint < cohort.ends_on:
        milestones.append(
            Milestone(
                cohort=cohort,
                on=midpoint,
                kind=MilestoneKind.MIDPOINT,
                title=gettext("Halfway"),
                text=gettext(
                    "Look back at your goals together: what has moved, what needs more time? "
                    "Tell the program how it is going in the midpoint survey (a minute)."
                ),
            )
        )
    milestones.append(
        Milestone(
            cohort=cohort,
            on=cohort.ends_on,
            kind=MilestoneKind.WRAP_UP,
            title=gettext("Wrap-up"),
            text=gettext(
                "The program ends today. Meet once more to close well, decide whether to "
                "carry on, and tell the program how it went in the closing survey."
            ),
        )
    )
    return sorted(milestones, key=lambda milestone: milestone.on)


@transaction.atomic
def milestones_add_usual(*, cohort: Cohort) -> int:
    """Adds the usual milestones the cohort does not have yet: a kick-off, midpoint or wrap-up
    unless it has one on any day (ONCE_A_COHORT), a topic unless it has one on that day.
    Returns how many were added. Pressing the button twice adds them once."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    have = set(cohort.milestones.values_list("kind", "on"))
    kinds = {kind for kind, _on in have}
    missing = [
        m
        for m in usual_milestones(cohort)
        if (m.kind, m.on) not in have and not (m.kind in ONCE_A_COHORT and m.kind in kinds)
    ]
    Milestone.objects.bulk_create(missing)
    return len(missing)
