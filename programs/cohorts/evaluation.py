"""A cohort's midpoint and closing surveys: who answers, when, and what coordinators see.

Every matched participant (mentor or mentee) answers each survey once: satisfaction and goals
met from 1 to 5, whether they would recommend the program from 0 to 10, and a comment if they
like. They may change their answers until the coordinators close the cohort; then the survey
is over. A survey opens on the day of its milestone (the first midpoint, the first wrap-up),
or halfway and on the last day when the cohort has none.

Coordinators see aggregates only (survey_figures): no figure from fewer than MIN_SHOWN
responses, and comments only from MIN_SHOWN responses on, in alphabetical order and without
names. Nobody but the respondent ever sees a response with a name. This is separate from the
confidential feedback between the two people of a mentorship, which no coordinator sees.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils.functional import lazy
from django.utils.translation import gettext

from mentorconnect.dates import date_format
from profiles.models import User

from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    Milestone,
    MilestoneKind,
    Survey,
    SurveyResponse,
)
from .services import CohortError
from .timeline import midpoint_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Smaller groups are not shown: a figure from a handful of people points at each of them.
MIN_SHOWN = 5


def _fewer() -> str:
    return gettext("fewer than %(count)s") % {"count": MIN_SHOWN}


# In the reader's language, whenever it is shown.
FEWER = lazy(_fewer, str)()


def opens_on(cohort: Cohort, survey: str, milestones: Iterable[Milestone]) -> datetime.date:
    """The day `survey` opens: its milestone's, else halfway or the cohort's last day."""
    kind = MilestoneKind.MIDPOINT if survey == Survey.MIDPOINT else MilestoneKind.WRAP_UP
    days = [milestone.on for milestone in milestones if milestone.kind == kind]
    if days:
        return min(days)
    return midpoint_of(cohort) if survey == Survey.MIDPOINT else cohort.ends_on


@dataclass(frozen=True)
class SurveyState:
    survey: str
    label: StrOrPromise
    opens_on: datetime.date
    is_open: bool
    answered: bool


def survey_states(
    cohort: Cohort, milestones: Iterable[Milestone], answered: set[str], today: datetime.date
) -> list[SurveyState]:
    """Both surveys of a published cohort as one participant sees them."""
    milestones = list(milestones)
    states = []
    for survey, label in Survey.choices:
        day = opens_on(cohort, survey, milestones)
        states.append(
            SurveyState(
                survey=survey,
                label=label,
                opens_on=day,
                is_open=cohort.status == CohortStatus.PUBLISHED and today >= day,
                answered=survey in answered,
            )
        )
    return states


def is_participant(cohort: Cohort, user: User) -> bool:
    return Application.objects.filter(
        cohort=cohort, applicant=user, status=ApplicationStatus.MATCHED
    ).exists()


@transaction.atomic
def survey_respond(
    *,
    cohort: Cohort,
    respondent: User,
    survey: str,
    satisfaction: int,
    goals_met: int,
    would_recommend: int,
    comment: str,
    today: datetime.date,
) -> SurveyResponse:
    """Saves the participant's one response to `survey`, replacing their earlier answers;
    raises CohortError while the survey is not open to them."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not is_participant(cohort, respondent):
        raise CohortError(gettext("Only the cohort's matched participants answer its surveys."))
    if cohort.status != CohortStatus.PUBLISHED:
        raise CohortError(gettext("The cohort is closed: its surveys are over."))
    day = opens_on(cohort, survey, cohort.milestones.all())
    if today < day:
        raise CohortError(
            gettext("This survey opens on %(date)s.")
            % {"date": date_format(day, gettext("l j F Y"))}
        )
    response, _ = SurveyResponse.objects.update_or_create(
        cohort=cohort,
        respondent=respondent,
        survey=survey,
        defaults={
            "satisfaction": satisfaction,
            "goals_met": goals_met,
            "would_recommend": would_recommend,
            "comment": comment.strip(),
        },
    )
    return response


def shown(count: int) -> str:
    """A count as coordinators may see it."""
    return str(count) if count >= MIN_SHOWN else FEWER


@dataclass(frozen=True)
class SurveyFigures:
    """One survey's aggregate: None wherever fewer than MIN_SHOWN people answered."""

    survey: str
    label: StrOrPromise
    responses: int
    satisfaction: float | None = None
    goals_met: float | None = None
    nps: int | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def is_shown(self) -> bool:
        return self.responses >= MIN_SHOWN

    @property
    def responses_shown(self) -> str:
        return shown(self.responses)


def survey_figures(cohort: Cohort) -> list[SurveyFigures]:
    """Both surveys' aggregates, in two queries (and one for comments where they are shown).
    The net promoter score is the share who would recommend at 9 or 10 minus the share at 0
    to 6, in percent."""
    rows = {
        row["survey"]: row
        for row in SurveyResponse.objects.filter(cohort=cohort)
        .values("survey")
        .annotate(
            n=Count("pk"),
            satisfaction=Avg("satisfaction"),
            goals_met=Avg("goals_met"),
            promoters=Count("pk", filter=Q(would_recommend__gte=9)),
            detractors=Count("pk", filter=Q(would_recommend__lte=6)),
        )
        .order_by()
    }
    figures = []
    for survey, label in Survey.choices:
        row = rows.get(survey)
        n = row["n"] if row else 0
        if n < MIN_SHOWN or row is None:
            figures.append(SurveyFigures(survey=survey, label=label, responses=n))
            continue
        comments = sorted(
            SurveyResponse.objects.filter(cohort=cohort, survey=survey)
            .exclude(comment="")
            .values_list("comment", flat=True),
            key=str.casefold,
        )
        figures.append(
            SurveyFigures(
                survey=survey,
                label=label,
                responses=n,
                satisfaction=round(row["satisfaction"], 1),
                goals_met=round(row["goals_met"], 1),
                nps=round(100 * (row["promoters"] - row["detractors"]) / n),
                comments=comments,
            )
        )
    return figures
