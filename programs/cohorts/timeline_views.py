"""A cohort's timeline, edited by its coordinators, and its surveys, answered by its
participants.

Coordinators reach a cohort through views._get_cohort_for_coordinator (404 to anyone else);
participants reach a survey through _get_cohort_for_participant (404 to anyone not matched in
the cohort). The aggregate report is one layer up (mentorships/cohort_views.py), since it
counts the cohort's completed mentorships.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mentorconnect.dates import date_format
from profiles.http import AuthenticatedHttpRequest
from programs.models import program_today

from . import evaluation, reminders, timeline
from .forms import MilestoneForm, SurveyForm
from .models import Application, ApplicationStatus, Cohort, Milestone, Survey, SurveyResponse
from .services import CohortError
from .views import _get_cohort_for_coordinator

# Coordinators


@login_required
def milestone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    form = MilestoneForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        milestone = form.save()
        messages.success(request, _("Milestone “%(title)s” added.") % {"title": milestone.title})
        return redirect(cohort)
    return render(request, "cohorts/milestone_form.html", {"cohort": cohort, "form": form})


@login_required
@require_POST
def milestones_usual(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    added = timeline.milestones_add_usual(cohort=cohort)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d usual milestone added: edit any of them to put it in your own words.",
                "%(count)d usual milestones added: edit any of them to put it in your own words.",
                added,
            )
            % {"count": added},
        )
    else:
        messages.info(request, _("The cohort has the usual milestones already."))
    return redirect(cohort)


def _get_milestone(cohort: Cohort, milestone_pk: int) -> tuple[Milestone, datetime | None]:
    """The cohort's milestone, and when its email first went out (None: not yet)."""
    milestone = get_object_or_404(
        reminders.with_sent_at(Milestone.objects.filter(cohort=cohort)), pk=milestone_pk
    )
    return milestone, getattr(milestone, "sent_at", None)


def _sent_message(milestone: Milestone, sent_at: datetime) -> str:
    return _(
        "“%(title)s” went out on %(date)s: it stays as it was sent, the record of what the pairs "
        "were told."
    ) % {"title": milestone.title, "date": date_format(timezone.localtime(sent_at), _("j F Y"))}


@login_required
def milestone_edit(request: AuthenticatedHttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """Its date, kind, title and text, until its email goes out; then it only reads."""
    cohort = _get_cohort_for_coordinator(request, pk)
    milestone, sent_at = _get_milestone(cohort, milestone_pk)
    if sent_at is not None:
        if request.method == "POST":
            messages.error(request, _sent_message(milestone, sent_at))
            return redirect(cohort)
        return render(
            request,
            "cohorts/milestone_form.html",
            {"cohort": cohort, "milestone": milestone, "form": None},
        )
    form = MilestoneForm(request.POST or None, instance=milestone, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Milestone “%(title)s” saved.") % {"title": milestone.title})
        return redirect(cohort)
    return render(
        request,
        "cohorts/milestone_form.html",
        {"cohort": cohort, "milestone": milestone, "form": form},
    )


@login_required
@require_POST
def milestone_delete(request: AuthenticatedHttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    milestone, sent_at = _get_milestone(cohort, milestone_pk)
    if sent_at is not None:
        messages.error(request, _sent_message(milestone, sent_at))
        return redirect(cohort)
    milestone.delete()
    messages.success(request, _("Milestone “%(title)s” deleted.") % {"title": milestone.title})
    return redirect(cohort)


# Participants


def _get_cohort_for_participant(request: AuthenticatedHttpRequest, pk: int) -> Cohort:
    """A published cohort the member was matched in; 404 to everyone else, its coordinators
    and staff included (a survey is the respondent's own)."""
    application = get_object_or_404(
        Application.objects.select_related("cohort__program"),
        cohort_id=pk,
        applicant=request.user,
        status=ApplicationStatus.MATCHED,
    )
    return application.cohort


@login_required
def survey(request: AuthenticatedHttpRequest, pk: int, survey: str) -> HttpResponse:
    if survey not in Survey.values:
        raise Http404
    cohort = _get_cohort_for_participant(request, pk)
    today = program_today()
    response = SurveyResponse.objects.filter(
        cohort=cohort, respondent=request.user, survey=survey
    ).first()
    state = next(
        state
        for state in evaluation.survey_states(
            cohort, cohort.milestones.all(), {survey} if response else set(), today
        )
        if state.survey == survey
    )
    form = SurveyForm(request.POST or None, instance=response)
    if request.method == "POST" and state.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation.survey_respond(
                cohort=cohort,
                respondent=request.user,
                survey=survey,
                satisfaction=data["satisfaction"],
                goals_met=data["goals_met"],
                would_recommend=data["would_recommend"],
                comment=data["comment"],
                today=today,
            )
        except CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you: your answers are saved. You may change them until the cohort "
                    "closes."
                ),
            )
            return redirect("cohorts:my_applications")
    return render(
        request,
        "cohorts/survey.html",
        {"cohort": cohort, "form": form, "state": state, "response": response},
    )
