"""The coordinators' Publish button for a program cohort's round (see cohort_rounds.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from profiles.http import AuthenticatedHttpRequest
from programs.cohorts.models import Cohort
from programs.cohorts.services import CohortError

from . import cohort_rounds


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(
        Cohort.objects.coordinated_by(request.user).select_related("program"), pk=pk
    )
    try:
        mentorships = cohort_rounds.publish(cohort=cohort, by=request.user)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        count = len(mentorships)
        messages.success(
            request,
            f"Published: {count} mentorship{'s' if count != 1 else ''} started, and everyone "
            "who applied is told by email.",
        )
    return redirect(cohort)
