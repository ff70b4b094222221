"""The coordinators' Publish button for a program cohort's round (see cohort_rounds.py), and the
cohort's report: its figures and the surveys' aggregates, on a page and as CSV. The report lives
here, a layer above programs, because it counts the cohort's completed mentorships; it shows no
mentorship's content and no survey answer with a name (programs/cohorts/evaluation.py)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from mentorconnect import spreadsheets
from mentorconnect.dates import date_format
from profiles.http import AuthenticatedHttpRequest
from programs.cohorts import evaluation
from programs.cohorts.models import ApplicationStatus, Cohort, Role
from programs.cohorts.services import CohortError
from programs.cohorts.views import _get_cohort_for_coordinator
from programs.models import program_today

from . import cohort_rounds
from .models import Status


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort page's Publish button leads here first: a page says what publishing does,
    and warns while applications are still open, since it emails everyone and cannot be
    undone. Its own button (a POST) publishes."""
    cohort = _get_cohort_for_coordinator(request, pk)
    if request.method == "GET":
        preview = cohort_rounds.publish_preview(cohort)
        if preview.refusal:
            messages.error(request, preview.refusal)
            return redirect(cohort)
        return render(
            request, "cohorts/publish_confirm.html", {"cohort": cohort, "preview": preview}
        )
    try:
        mentorships = cohort_rounds.publish(cohort=cohort, by=request.user)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        count = len(mentorships)
        if cohort.starts_on > program_today():
            # They start on the cohort's first day (cohort_rounds.start_of), not now.
            published = ngettext(
                "Published: %(count)s mentorship, starting on %(date)s; everyone who applied "
                "is told by email.",
                "Published: %(count)s mentorships, starting on %(date)s; everyone who applied "
                "is told by email.",
                count,
            ) % {"count": count, "date": date_format(cohort.starts_on, _("j F Y"))}
        else:
            published = ngettext(
                "Published: %(count)s mentorship started, and everyone who applied is told by "
                "email.",
                "Published: %(count)s mentorships started, and everyone who applied is told by "
                "email.",
                count,
            ) % {"count": count}
        messages.success(request, published)
    return redirect(cohort)


def cohort_figures(cohort: Cohort) -> dict[str, Any]:
    """The report's figures. Applications and pairs are shown as they are (the coordinators
    see each one by name anyway), applications counted as the cohort's page counts them
    (ApplicationQuerySet.tally), those of closed accounts apart; how the mentorships ended is
    not theirs to see pair by pair, so those counts follow the surveys' rule of at least
    evaluation.MIN_SHOWN."""
    tally = cohort.applications.tally()
    outcomes = cohort_rounds.cohort_outcomes(cohort)
    return {
        "mentee_applications": tally["mentees"],
        "mentor_applications": tally["mentors"],
        "closed_account_applications": tally["account_closed"],
        "pairs": cohort.applications.filter(
            role=Role.MENTEE, status=ApplicationStatus.MATCHED
        ).count(),
        "completed": evaluation.shown(outcomes.get(Status.COMPLETED, 0)),
        "ended_early": evaluation.shown(outcomes.get(Status.ENDED_EARLY, 0)),
        "surveys": evaluation.survey_figures(cohort),
    }


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    return render(
        request,
        "cohorts/report.html",
        {"cohort": cohort, "figures": cohort_figures(cohort), "min_shown": evaluation.MIN_SHOWN},
    )


def _shown(value: object) -> object:
    return evaluation.FEWER if value is None else value


@login_required
@require_GET
def report_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One row of the cohort's figures, aggregates only: no comments, no names."""
    cohort = _get_cohort_for_coordinator(request, pk)
    figures = cohort_figures(cohort)
    header = [
        _("program"),
        _("cohort"),
        _("status"),
        _("mentee applications"),
        _("mentor applications"),
        _("applications from closed accounts (not counted)"),
        _("pairs matched"),
        _("mentorships completed"),
        _("mentorships ended early"),
    ]
    row: list[object] = [
        cohort.program.name,
        cohort.name,
        cohort.get_status_display(),
        figures["mentee_applications"],
        figures["mentor_applications"],
        figures["closed_account_applications"],
        figures["pairs"],
        figures["completed"],
        figures["ended_early"],
    ]
    for survey in figures["surveys"]:
        name = survey.label.lower()
        header += [
            _("%(survey)s responses") % {"survey": name},
            _("%(survey)s satisfaction (1-5)") % {"survey": name},
            _("%(survey)s goals met (1-5)") % {"survey": name},
            _("%(survey)s NPS (%%)") % {"survey": name},
        ]
        row += [
            survey.responses_shown,
            _shown(survey.satisfaction),
            _shown(survey.goals_met),
            _shown(survey.nps),
        ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.pk}-report-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    csv.writer(response).writerows([header, [spreadsheets.inert(cell) for cell in row]])
    return response
