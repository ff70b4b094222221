from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from feedback import prompts as feedback_prompts
from mentorships import activity_cache, waiting_list
from mentorships import dashboard as mentorship_dashboard
from profiles import directory_cache, matching, recruitment
from profiles.models import Profile
from programs import cache as program_cache

from . import health, insights, invitations, page_cache
from .forms import InviteColleagueForm, RecruitMentorsForm

RECOMMENDATIONS_ON_DASHBOARD = 5
# The home page's live figures are themselves a few minutes old (insights.public_figures).
HOME_PAGE_SECONDS = 60


def home(request: HttpRequest) -> HttpResponse:
    return page_cache.serve(
        request,
        "home",
        lambda: render(request, "pages/home.html", {"figures": insights.public_figures()}),
        seconds=HOME_PAGE_SECONDS,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # Kept whole for this member and day until their mentorships, the directory (their own
    # profile, suggestions, the waiting list), the programs or their saved programs change.
    return page_cache.serve(
        request,
        "dashboard",
        lambda: _dashboard_page(request),
        versions=[
            directory_cache.VERSION_KEY,
            activity_cache.version_key(request.user.pk),
            program_cache.VERSION_KEY,
            program_cache.saved_version_key(request.user.pk),
        ],
        parts=[timezone.localdate()],
        seconds=activity_cache.PIECE_SECONDS,
    )


def _dashboard_page(request: HttpRequest) -> HttpResponse:
    profile = Profile.objects.of(request.user)
    if profile:
        # Suggestions, the completeness meter and programs for you all read the member's
        # areas: load them once.
        prefetch_related_objects([profile], "wanted_areas", "expertise")
    activity = _activity(request, profile)
    suggested, waiting, can_wait = "", None, False
    if profile and profile.completed_at and profile.wants_mentor:
        wanted = {area.pk: area.name for area in profile.wanted_areas.all()}
        suggested = _suggested_mentors(request, profile, wanted)
        # Sending a request takes a mentee off the waiting list, and one with a mentor or an
        # open request cannot join it: only the others need it looked up.
        if not activity.has_mentor_or_open_request:
            waiting = waiting_list.waiting_entry_of(request.user)
            can_wait = waiting is None and waiting_list.can_join(profile, list(wanted))
    can_also_mentor = bool(profile and profile.completed_at and not profile.can_mentor)
    return render(
        request,
        "pages/dashboard.html",
        {
            "profile": profile,
            "suggested_mentors": suggested,
            "activity": activity,
            "waiting_entry": waiting,
            "can_join_waiting_list": can_wait,
            "can_also_mentor": can_also_mentor,
            "mentoring_first": can_also_mentor and recruitment.is_mid_career_or_later(profile),
        },
    )


@dataclass(frozen=True)
class Activity:
    """The dashboard's pieces about the member's own mentorships (activity_cache)."""

    alerts: str  # the next step and feedback prompts
    mentorships: str
    has_mentor_or_open_request: bool


def _activity(request: HttpRequest, profile: Profile | None) -> Activity:
    user = request.user
    stamp = directory_cache.stamp_of(profile) if profile else "nobody"
    # The directory's version counts too (the other people are shown by their names), and the
    # day: what is due, and the feedback prompts, move with the date alone.
    key = directory_cache.piece_key(
        "dashboard-activity",
        stamp,
        str(user.pk),
        str(activity_cache.version_of(user.pk)),
        str(timezone.localdate()),
    )
    activity = cache.get(key)
    if activity is None:
        panels = mentorship_dashboard.panels_for(user, profile)
        context = {
            "profile": profile,
            "panels": panels,
            "feedback_prompts": feedback_prompts.prompts_for(user),
        }
        activity = Activity(
            alerts=render_to_string("pages/_dashboard_alerts.html", context, request),
            mentorships=render_to_string("pages/_dashboard_mentorships.html", context, request),
            has_mentor_or_open_request=bool(panels.mentors or panels.requests_out),
        )
        cache.set(key, activity, activity_cache.PIECE_SECONDS)
    return activity


def _suggested_mentors(request: HttpRequest, profile: Profile, wanted: dict[int, str]) -> str:
    """The suggestions' list, rendered once per directory version (profiles/directory_cache.py):
    a mentor filling their last place or pausing makes it stale at once."""
    key = directory_cache.piece_key("suggested-mentors", directory_cache.stamp_of(profile))
    rendered = cache.get(key)
    if rendered is None:
        mentors = matching.cached_recommendations(
            profile,
            Profile.objects.mentors_for(request.user).accepting(),
            list(wanted),
            limit=RECOMMENDATIONS_ON_DASHBOARD,
        )
        recommendations = [
            (mentor, matching.reason_for(mentor, profile, wanted.values())) for mentor in mentors
        ]
        rendered = render_to_string(
            "pages/_suggested_mentors.html", {"recommendations": recommendations}, request
        )
        cache.set(key, rendered, directory_cache.PIECE_SECONDS)
    return rendered


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.report()
    down = [name for name, state in checks.items() if state != "up"]
    body = {"status": "down" if down else "up", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff only; other members get 403, visitors the sign-in page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
@never_cache
def insights_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "insights/insights.html",
        {"overview": insights.overview(now), "charts": insights.charts(now)},
    )


@staff_required
@never_cache
def insights_csv(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    if slug == "overview":
        rows = [["Figure", "Value"], *[list(row) for row in insights.overview(now)]]
    else:
        chart = insights.chart(slug, now)
        if chart is None:
            raise Http404
        rows = chart.csv_rows()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mentorconnect-{slug}-{now:%Y-%m-%d}.csv"'
    )
    csv.writer(response).writerows(rows)
    return response


@staff_required
def recruit_mentors(request: HttpRequest) -> HttpResponse:
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
                f"{campaign.invited} member{'s' if campaign.invited != 1 else ''} will be invited "
                "to mentor, in their daytime.",
            )
        else:
            messages.warning(
                request,
                "Nobody new to invite there: everyone who fits mentors already, has turned these "
                "emails off, or was invited this quarter.",
            )
        return redirect("recruit_mentors")
    return render(
        request,
        "insights/recruit.html",
        {"form": form, "per_campaign": recruitment.INVITATIONS_PER_CAMPAIGN},
    )


@login_required
def invite_colleague(request: HttpRequest) -> HttpResponse:
    form = InviteColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite_colleague(
                sender=request.user, to=form.cleaned_data["email"], note=form.cleaned_data["note"]
            )
        except invitations.InvitationLimitReached as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Your invitation is on its way. We have not kept the address."
            )
            return redirect("invite_colleague")
    return render(
        request,
        "pages/invite.html",
        {"form": form, "left_today": invitations.invitations_left_today(request.user)},
    )
