from __future__ import annotations

import csv
import json
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from feedback import prompts as feedback_prompts
from mentorships import dashboard as mentorship_dashboard
from mentorships import suggestions, waiting_list
from mentorships.circles.models import CircleMembership
from profiles import recruitment
from profiles.http import AuthenticatedHttpRequest
from profiles.models import Profile
from programs.cohorts.models import Application, Coordinator

from . import emails, health, insights, invitations, spreadsheets
from . import privacy as privacy_rules
from .forms import InviteColleagueForm, RecruitMentorsForm


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The header's language menu: Django's set_language (a cookie, and back to the page),
    and for a member the choice kept on their account, for every device and their emails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that was out of date (CSRF_FAILURE_VIEW): the member signed in or
    out in another tab, which gives a new security token, or left the page open past their
    session. Django's own page speaks to developers; this one says what happened in the site's
    design and leads back to the form, where static/js/drafts.js puts back what was typed."""
    return render(request, "403_csrf.html", {"form_url": _same_site_referer(request)}, status=403)


def _same_site_referer(request: HttpRequest) -> str:
    """The path and query of the page the request came from when it is on this site, or "":
    a link built from a header anyone can set must not lead elsewhere."""
    referer = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    # One leading slash: "//elsewhere.example/" in a path would be a link to another site.
    return urlunsplit(("", "", "/" + parts.path.lstrip("/"), parts.query, ""))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"figures": insights.public_figures()})


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    live_applications = Application.objects.live()
    profile = (
        Profile.objects.annotate(
            waiting_since=waiting_list.waiting_since(OuterRef("user")),
            # Most members never apply to a program's cohort: asked along, so that their
            # dashboards do not query the applications.
            has_applied=Exists(live_applications.filter(applicant=OuterRef("user"))),
            # Likewise few members run a circle that someone asks to join.
            has_circle_requests=Exists(CircleMembership.objects.waiting_for(OuterRef("user"))),
            # A program's coordinators find their cohorts from here.
            coordinates=Exists(Coordinator.objects.filter(user=OuterRef("user"))),
        )
        .with_own_areas()
        .of(request.user)
    )  # Suggestions, completeness, programs for you; the header and greeting's name.
    now = timezone.now()
    mentorships = list(
        feedback_prompts.with_feedback_timing(
            mentorship_dashboard.mentorships_of(request.user, now), request.user
        )
    )
    panels = mentorship_dashboard.panels_for(request.user, profile, mentorships, now)
    suggested, waiting_since, can_wait = None, None, False
    if profile and profile.completed_at and profile.wants_mentor:
        wanted = profile.own_areas.wanted
        suggested = suggestions.suggestions_for(
            request.user,
            profile,
            wanted,
            today=timezone.localdate(now),
            areas_in_hand=panels.areas_in_hand,
        )
        # Sending a request takes a mentee off the waiting list, and one with a mentor or an
        # open request cannot join it.
        if not panels.has_mentor_or_open_request:
            waiting_since = profile.waiting_since  # type: ignore[attr-defined]
            can_wait = waiting_since is None and waiting_list.can_join(
                profile, has_mentor_or_open_request=False, uncovered=suggested.uncovered_ids
            )
    panels.next_step = mentorship_dashboard.next_step(
        request.user, profile, panels, suggested, waiting=waiting_since is not None
    )
    can_also_mentor = mentoring_first = False
    if profile and profile.completed_at and not profile.can_mentor:
        can_also_mentor = True
        mentoring_first = recruitment.is_mid_career_or_later(profile)
    program_applications = []
    if profile is None or profile.has_applied:  # type: ignore[attr-defined]
        program_applications = list(
            live_applications.filter(applicant=request.user)
            .select_related("cohort__program")
            .order_by("-created_at")
        )
    circle_requests = []
    if profile is not None and profile.has_circle_requests:  # type: ignore[attr-defined]
        circle_requests = list(
            CircleMembership.objects.waiting_for(request.user)
            .select_related("circle", "member__profile")
            .order_by("requested_at")
        )
    coordinates = (
        profile.coordinates  # type: ignore[attr-defined]
        if profile is not None
        else Coordinator.objects.filter(user=request.user).exists()
    )
    return render(
        request,
        "pages/dashboard.html",
        {
            "profile": profile,
            # Curators coordinate every program (asked of staff only: it costs two queries).
            "coordinates": coordinates
            or (request.user.is_staff and request.user.has_perm("programs.change_program")),
            "circle_requests": circle_requests,
            "program_applications": program_applications,
            "panels": panels,
            "feedback_prompts": feedback_prompts.prompts_among(mentorships, now),
            "suggested": suggested,
            "waiting_since": waiting_since,
            "can_join_waiting_list": can_wait,
            "can_also_mentor": can_also_mentor,
            "mentoring_first": mentoring_first,
            # Someone who came to find a mentor sees the mentors suggested for them first, their
            # next step; the invitation to mentor, however warm, comes right after them.
            "mentoring_on_top": mentoring_first and suggested is None,
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the database and Redis, each answered at once or counted down."""
    return _health_response(health.report())


@require_GET
@never_cache
def healthz_workers(request: HttpRequest) -> JsonResponse:
    """Whether a Celery worker answers, asked at most every 30 s per web process."""
    return _health_response(health.workers_report())


def _health_response(checks: dict[str, str]) -> JsonResponse:
    down = [name for name, state in checks.items() if state == "down"]
    body = {"status": "down" if down else "up", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff with the insights permission only (not program curators); other members
    get 403, visitors the sign-in page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not (request.user.is_staff and request.user.has_perm("profiles.view_insights")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
@never_cache
def insights_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "insights/insights.html",
        {"overview": insights.overview(now), "charts": insights.charts(now)},
    )


@staff_required
@never_cache
def insights_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    if slug == "overview":
        rows = [[_("Figure"), _("Value")], *[list(row) for row in insights.overview(now)]]
    else:
        chart = insights.chart(slug, now)
        if chart is None:
            raise Http404
        rows = chart.csv_rows()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mentorconnect-{slug}-{now:%Y-%m-%d}.csv"'
    )
    csv.writer(response).writerows([[spreadsheets.inert(cell) for cell in row] for row in rows])
    return response


@staff_required
def recruit_mentors(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff invite members to mentor where mentees outnumber free places."""
    areas = insights.most_needed(insights.demand_by_area())
    regions = insights.most_needed(insights.demand_by_region())
    form = RecruitMentorsForm(request.POST or None, areas=areas, regions=regions)
    if request.method == "POST" and form.is_valid():
        campaign = recruitment.invite_mentors(
            by=request.user,
            areas=list(form.cleaned_data["areas"]),
            regions=form.cleaned_data["regions"],
        )
        if campaign.invited:
            messages.success(
                request,
                ngettext(
                    "%(count)s member will be invited to mentor, in their daytime.",
                    "%(count)s members will be invited to mentor, in their daytime.",
                    campaign.invited,
                )
                % {"count": campaign.invited},
            )
        else:
            messages.warning(
                request,
                _(
                    "Nobody new to invite there: everyone who fits mentors already, has turned "
                    "these emails off, or was invited this quarter."
                ),
            )
        return redirect("recruit_mentors")
    return render(
        request,
        "insights/recruit.html",
        {"form": form, "per_campaign": recruitment.INVITATIONS_PER_CAMPAIGN},
    )


@login_required
def invite_colleague(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteColleagueForm(request.POST or None, sender=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite_colleague(
                sender=request.user, to=form.cleaned_data["email"], note=form.cleaned_data["note"]
            )
        except (invitations.InvitationLimitReached, emails.DeliveryFailed) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your invitation is on its way. We have not kept the address.")
            )
            return redirect("invite_colleague")
    return render(
        request,
        "pages/invite.html",
        {"form": form, "left_today": invitations.invitations_left_today(request.user)},
    )


# A member's own data


@login_required
def privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where a member downloads their data, sees what staff did to their account, or deletes
    it."""
    return render(
        request,
        "pages/privacy.html",
        {"staff_actions": privacy_rules.staff_actions_on(request.user)},
    )


@sensitive_variables()
@never_cache
@login_required
@require_GET
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything about the member as one JSON file (their feedback decrypted)."""
    body = json.dumps(
        privacy_rules.export_for(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{privacy_rules.export_filename()}"'
    return response


@never_cache
@login_required
@reauthentication_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the member re-enters their password: what deleting does, then doing it."""
    if request.method == "POST":
        plan = privacy_rules.account_delete(user=request.user)
        logout(request)
        if plan.people_told > 1:
            message = _(
                "Your account is deleted and you are signed out. We have told the people whose "
                "requests, mentorships or circles with you were open."
            )
        elif plan.people_told:
            message = _(
                "Your account is deleted and you are signed out. We have told the person whose "
                "request, mentorship or circle with you was open."
            )
        else:
            message = _("Your account is deleted and you are signed out.")
        messages.success(request, message)
        return redirect("home")
    return render(
        request,
        "pages/privacy_delete.html",
        {
            "plan": privacy_rules.deletion_plan(request.user),
            "profile": Profile.objects.of(request.user),
        },
    )
