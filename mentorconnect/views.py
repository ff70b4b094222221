from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from feedback import prompts as feedback_prompts
from mentorships import dashboard as mentorship_dashboard
from profiles import matching
from profiles.models import Profile

from . import health

RECOMMENDATIONS_ON_DASHBOARD = 5


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = Profile.objects.of(request.user)
    recommendations = []
    if profile and profile.completed_at and profile.wants_mentor:
        mentors = Profile.objects.mentors_for(request.user).accepting()
        wanted = dict(profile.wanted_areas.values_list("pk", "name"))
        mentors = matching.recommended_for(
            profile, mentors, list(wanted), limit=RECOMMENDATIONS_ON_DASHBOARD
        )
        recommendations = [
            (mentor, matching.reason_for(mentor, profile, wanted.values())) for mentor in mentors
        ]
    return render(
        request,
        "pages/dashboard.html",
        {
            "profile": profile,
            "recommendations": recommendations,
            "panels": mentorship_dashboard.panels_for(request.user, profile),
            "feedback_prompts": feedback_prompts.prompts_for(request.user),
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.report()
    down = [name for name, state in checks.items() if state != "up"]
    body = {"status": "down" if down else "up", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)
