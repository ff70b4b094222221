from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from profiles.http import AuthenticatedHttpRequest

from . import services
from .cohorts.services import cohorts_for_program_page, coordinates
from .filters import ProgramFilter
from .models import Program, SavedProgram, program_today

PAGE_SIZE = 20


def _get_program_for_user(request: HttpRequest, slug: str) -> Program:
    """A public program; curators (who may view programs in the admin) also see drafts and
    archived ones, so that the admin's "View on site" works for every program."""
    programs = Program.objects.select_related("unit", "reviewed_by").prefetch_related(
        "library_types", "career_stages"
    )
    if not request.user.has_perm("programs.view_program"):
        programs = programs.public()
    return get_object_or_404(programs.with_saved_by(request.user), slug=slug)


def _redirect_back(request: HttpRequest, program: Program) -> HttpResponseRedirect:
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect(program)


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    today = program_today()
    filterset = ProgramFilter(request.GET, queryset=Program.objects.public())
    programs = (
        filterset.qs.select_related("unit").with_saved_by(request.user).by_next_deadline(today)
    )
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/directory.html",
        {"filter": filterset, "page": page, "today": today},
    )


@require_GET
def program(request: HttpRequest, slug: str) -> HttpResponse:
    program = _get_program_for_user(request, slug)
    services.count_view(program)
    today = program_today()
    return render(
        request,
        "programs/program.html",
        {
            "program": program,
            "window": program.window_state(today),
            "today": today,
            "cohorts": cohorts_for_program_page(program, request.user, today),
            "coordinates": coordinates(program, request.user),
        },
    )


@require_GET
@login_required
@permission_required("programs.change_program", raise_exception=True)
def needs_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The curators' work list: programs never reviewed first, then the longest unchecked."""
    today = program_today()
    programs = (
        Program.objects.needs_review(today)
        .select_related("unit", "reviewed_by")
        .only(
            "name",
            "slug",
            "status",
            "source_url",
            "internal_notes",
            "last_reviewed_on",
            "unit__name",
            "unit__abbreviation",
            "reviewed_by__email",
        )
    )
    return render(request, "programs/needs_review.html", {"programs": programs, "today": today})


@login_required
@require_POST
@permission_required("programs.change_program", raise_exception=True)
def mark_reviewed(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(Program, slug=slug)
    today = program_today()
    program.mark_reviewed(by=request.user, on=today)
    messages.success(
        request,
        _(
            "Marked “%(name)s” as reviewed: its page now says “Last checked by our curators on "
            "%(date)s”."
        )
        % {"name": program.name, "date": date_format(today, _("j F Y"))},
    )
    return _redirect_back(request, program)


@login_required
def save(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    program = _get_program_for_user(request, slug)
    # A signed-out visitor who pressed Save comes back here by GET after signing in: send them
    # to the program, where the button now works, rather than answer 405.
    if request.method != "POST":
        return redirect(program)
    if not program.is_public:
        raise Http404
    SavedProgram.objects.get_or_create(user=request.user, program=program)
    messages.success(request, _("Saved “%(name)s” to your programs.") % {"name": program.name})
    return _redirect_back(request, program)


@login_required
def unsave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # A member may always remove what they saved, even a program since archived.
    saved_program = (
        SavedProgram.objects.filter(user=request.user, program__slug=slug)
        .select_related("program")
        .first()
    )
    if saved_program is None:
        program = _get_program_for_user(request, slug)
        return redirect(program)
    program = saved_program.program
    if request.method != "POST":
        return redirect(program if program.is_public else "programs:saved")
    saved_program.delete()
    messages.success(
        request, _("Removed “%(name)s” from your saved programs.") % {"name": program.name}
    )
    if not program.is_public:
        return redirect("programs:saved")
    return _redirect_back(request, program)


@require_GET
@login_required
def saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = program_today()
    programs = (
        Program.objects.public()
        .filter(saves__user=request.user)
        .select_related("unit")
        .with_saved_by(request.user)
        .by_next_deadline(today)
    )
    no_longer_listed = (
        Program.objects.filter(saves__user=request.user)
        .exclude(pk__in=Program.objects.public().values("pk"))
        .order_by("name")
    )
    return render(
        request,
        "programs/saved.html",
        {"programs": programs, "no_longer_listed": no_longer_listed, "today": today},
    )
