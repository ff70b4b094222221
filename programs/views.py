from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentorconnect.dates import date_format
from profiles.http import AuthenticatedHttpRequest

from . import services
from .cohorts.services import cohorts_for_program_page, coordinates
from .filters import ProgramFilter
from .models import Program, ProgramQuerySet, SavedProgram, WindowBadge, program_today

PAGE_SIZE = 20
# What a card shows of a program (see templates/programs/_program_cards.html).
CARD_FIELDS = [
    "name",
    "slug",
    "summary",
    "unit__name",
    "is_free",
    "membership",
    "formats",
    "status",
    "rolling",
    "opens_on",
    "closes_on",
]


def _get_program_for_user(request: HttpRequest, slug: str) -> Program:
    """A public program, with its application window (ProgramQuerySet.with_application_window);
    curators (who may view programs in the admin) also see drafts and archived ones, so that
    the admin's "View on site" works for every program."""
    programs = (
        Program.objects.select_related("unit", "reviewed_by")
        .prefetch_related("library_types", "career_stages")
        .with_application_window(program_today())
    )
    if not request.user.has_perm("programs.view_program"):
        programs = programs.public()
    return get_object_or_404(programs.with_saved_by(request.user), slug=slug)


class DirectoryPaginator(Paginator):
    """Pages of programs. Asked for the first page, it reads that page first: when the programs
    all fit on it (most searches), they are their own count, and no COUNT query is needed."""

    def __init__(self, programs: ProgramQuerySet, *, first_page_asked: bool) -> None:
        super().__init__(programs, PAGE_SIZE)
        self.first_page_asked = first_page_asked

    @cached_property
    def first_page_programs(self) -> list[Program]:
        return list(self.object_list[: self.per_page])

    @cached_property
    def count(self) -> int:
        if self.first_page_asked and len(self.first_page_programs) < self.per_page:
            return len(self.first_page_programs)
        return super().count

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        if number == 1 and self.first_page_asked:
            return Page(self.first_page_programs, number, self)
        return super().page(number)


@dataclass(frozen=True)
class ProgramCard:
    """A program as the directory and the saved list show it, with its links and words worked
    out once in Python: per card, templates and {% url %}s cost more than the rest of the page."""

    program: Program
    url: str
    window: WindowBadge
    # The button's form: save the program, or unsave it once saved.
    save_url: str
    save_label: SafeString


def _paths_by_slug(name: str) -> Callable[[str], str]:
    """reverse(name, args=[slug]) for each of many slugs, at the cost of one reverse()."""
    placeholder = "program-slug"
    before, after = reverse(name, args=[placeholder]).split(placeholder)
    return lambda slug: f"{before}{slug}{after}"


def program_cards(programs: Iterable[Program], today: datetime.date) -> list[ProgramCard]:
    program_path = _paths_by_slug("programs:program")
    save_path = _paths_by_slug("programs:save")
    unsave_path = _paths_by_slug("programs:unsave")
    cards = []
    for program in programs:
        saved = getattr(program, "is_saved", False)
        # As {% blocktranslate %} writes an aria-label: the translation as it is, the name escaped.
        label = _("Unsave %(name)s") if saved else _("Save %(name)s")
        cards.append(
            ProgramCard(
                program=program,
                url=program_path(program.slug),
                window=program.window_badge(today),
                save_url=(unsave_path if saved else save_path)(program.slug),
                save_label=mark_safe(label % {"name": conditional_escape(program.name)}),  # noqa: S308
            )
        )
    return cards


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
        filterset.qs.select_related("unit")
        .only(*CARD_FIELDS)
        .with_saved_by(request.user)
        .by_next_deadline(today)
    )
    asked = request.GET.get("page")
    paginator = DirectoryPaginator(programs, first_page_asked=asked in {None, "", "1"})
    page = paginator.get_page(asked)
    return render(
        request,
        "programs/directory.html",
        {
            "filter": filterset,
            "page": page,
            "cards": program_cards(page, today),
            "today": today,
        },
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
            "window": program.application_window,
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
    programs = list(
        Program.objects.public()
        .filter(saves__user=request.user)
        .select_related("unit")
        .only(*CARD_FIELDS)
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
        {
            "programs": programs,
            "cards": program_cards(programs, today),
            "no_longer_listed": no_longer_listed,
            "today": today,
        },
    )
