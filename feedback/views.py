"""Feedback pages. Each answers 404 to anyone but the mentorship's two participants (staff and
superusers included), is never cached, and keeps posted text out of error reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from mentorships.models import Mentorship
from mentorships.services import MentorshipError
from profiles.http import AuthenticatedHttpRequest
from profiles.models import Profile

from . import services
from .forms import FeedbackForm
from .models import Feedback


def _get_mentorship_for_user(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    """A mentorship of the signed-in member that has feedback: once accepted (a request
    still waiting, declined or withdrawn has none), 404 otherwise."""
    mentorships = Mentorship.objects.visible_to(request.user).filter(
        status__in=services.FEEDBACK_STATES
    )
    return get_object_or_404(mentorships, pk=pk)


def _get_own_feedback_for_user(
    request: AuthenticatedHttpRequest, pk: int, feedback_pk: int
) -> Feedback:
    mentorship = _get_mentorship_for_user(request, pk)
    feedback = mentorship.feedback.filter(pk=feedback_pk, author=request.user).first()
    if feedback is None:
        raise Http404
    return feedback


@sensitive_post_parameters("text")
@never_cache
@login_required
def archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """All feedback of a mentorship, both directions, newest first, with the form to write."""
    mentorship = _get_mentorship_for_user(request, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_send(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Feedback sent. You can edit or withdraw it for 10 minutes.")
            )
            return redirect("feedback:archive", pk=mentorship.pk)

    entries = list(mentorship.feedback.select_related("author__profile"))
    # Opening the archive is reading it: what was new is flagged on this page once, then
    # no longer on the dashboard.
    new_ids = {
        entry.pk for entry in entries if entry.recipient_id == request.user.pk and not entry.seen_at
    }
    if new_ids:
        Feedback.objects.filter(pk__in=new_ids).update(seen_at=timezone.now())
    # Times in the member's own zone, as on the mentorship page; read with the profile the
    # page's header names the member from (Profile.objects.of), so it costs no query.
    profile = Profile.objects.of(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        # The text is encrypted in the database, so the search runs here, over one archive.
        entries = [entry for entry in entries if query.casefold() in entry.text.casefold()]
    return render(
        request,
        "feedback/archive.html",
        {
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "entries": [(entry, entry.can_be_changed_by(request.user)) for entry in entries],
            "new_ids": new_ids,
            "form": form,
            "query": query,
            "can_write": mentorship.status in services.FEEDBACK_STATES
            and mentorship.other(request.user) is not None,
            "disclosures": mentorship.legal_disclosures.all(),
            "time_zone": (profile.time_zone if profile else "") or "UTC",
        },
    )


@sensitive_post_parameters("text")
@never_cache
@login_required
def edit(request: AuthenticatedHttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    feedback = _get_own_feedback_for_user(request, pk, feedback_pk)
    archive_url = reverse("feedback:archive", args=[pk])
    if not feedback.can_be_changed_by(request.user):
        messages.error(request, services.TOO_LATE)
        return redirect(archive_url)
    form = FeedbackForm(request.POST or None, instance=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_edit(feedback=feedback, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Feedback updated; it shows as edited."))
        return redirect(archive_url)
    return render(request, "feedback/edit.html", {"form": form, "feedback": feedback})


@never_cache
@login_required
def withdraw(request: AuthenticatedHttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    feedback = _get_own_feedback_for_user(request, pk, feedback_pk)
    if request.method != "POST":
        return redirect("feedback:archive", pk=pk)
    try:
        services.feedback_withdraw(feedback=feedback, by=request.user)
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Feedback withdrawn."))
    return redirect("feedback:archive", pk=pk)
