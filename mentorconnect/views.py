from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/dashboard.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.report()
    down = [name for name, state in checks.items() if state != "up"]
    body = {"status": "down" if down else "up", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)
