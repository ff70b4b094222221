"""Members apply to cohorts; coordinators run them.

Every coordinator page gets its cohort through _get_cohort_for_coordinator, which answers 404
to anyone who does not coordinate the cohort's program (staff who may change programs, the
curators, coordinate every one). No page here shows anything of a mentorship: applications,
the draft pairs and the round's figures only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorconnect.dates import date_format
from mentorconnect.ids import ids_from, is_id
from profiles import matching
from profiles.http import AuthenticatedHttpRequest
from profiles.models import Profile, User
from programs.models import Program, program_today

from . import reminders, services
from .forms import ApplicationForm, CohortForm, person_label
from .models import (
    MOST_MENTEES,
    Application,
    ApplicationStatus,
    Cohort,
    DraftPair,
    Exclusion,
    RankedChoice,
    Role,
    WindowState,
)
from .services import CohortError

APPLICATIONS_PAGE_SIZE = 25
# The round's page lists this many pairs at a time; its two change forms (swap, assign) each
# list every pair or mentee once, so the page grows with the round, never with its square.
PAIRS_PAGE_SIZE = 50


def _get_cohort_for_coordinator(request: AuthenticatedHttpRequest, pk: int) -> Cohort:
    """The cohort, if the member coordinates its program or may change every program (the
    curators); 404 to anyone else. A coordinator costs one query: the permission check, two
    more, only for those who do not coordinate it."""
    cohorts = Cohort.objects.select_related("program")
    cohort = cohorts.filter(pk=pk, program__coordinators__user=request.user).first()
    if cohort is None:
        cohort = get_object_or_404(cohorts.coordinated_by(request.user), pk=pk)
    return cohort


def _get_program_for_coordinator(request: AuthenticatedHttpRequest, slug: str) -> Program:
    programs = Program.objects.all()
    if not request.user.has_perm("programs.change_program"):
        programs = programs.filter(coordinators__user=request.user)
    return get_object_or_404(programs, slug=slug)


def _get_listed_cohort(pk: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.listed()
        .filter(program__in=Program.objects.public())
        .select_related("program"),
        pk=pk,
    )


# Members


@login_required
def apply(request: AuthenticatedHttpRequest, pk: int, role: str) -> HttpResponse:
    if role not in Role.values:
        raise Http404
    cohort = _get_listed_cohort(pk)
    existing = Application.objects.live().filter(cohort=cohort, applicant=request.user).first()
    if existing is not None:
        messages.info(
            request, _("You have already applied to %(cohort)s.") % {"cohort": cohort.name}
        )
        return redirect("cohorts:my_applications")
    profile = Profile.objects.of(request.user)
    if role == Role.MENTEE:
        # The stages the cohort takes: the refusal and the page read them.
        prefetch_related_objects([cohort], "mentee_career_stages")
    # What can be said before the member types anything: the window, their profile, a career
    # stage the cohort does not take. Membership, studies and years are checked on sending.
    early_refusal = cohort.refusal(
        role=role,
        profile=profile,
        is_member=True,
        is_student=False,
        years=None if role == Role.MENTEE else 10**3,
        today=program_today(),
    )
    form = ApplicationForm(request.POST or None, cohort=cohort, role=role, applicant=request.user)
    if request.method == "POST" and early_refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_submit(
                cohort=cohort,
                applicant=request.user,
                role=role,
                answers=form.answers(),
                is_member=data["is_member"],
                is_student=data["is_student"],
                years_of_experience=data.get("years_of_experience"),
                capacity=data.get("capacity") or 1,
                orientation_confirmed=bool(data.get("orientation_confirmed")),
                ranked=form.ranked(),
                excluded=list(data["excluded"]),
            )
        except CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your application to %(program)s (%(cohort)s) is in. We email you when the "
                    "matches are published, by %(date)s."
                )
                % {
                    "program": cohort.program.name,
                    "cohort": cohort.name,
                    "date": date_format(cohort.matching_on, _("j F Y")),
                },
            )
            return redirect("cohorts:my_applications")
    return render(
        request,
        "cohorts/apply.html",
        {
            "cohort": cohort,
            "role": role,
            "form": form,
            "refusal": early_refusal,
            "profile": profile,
            "most_mentees": MOST_MENTEES,
            "nearby_km": matching.NEARBY_KM,
        },
        status=200,
    )


@login_required
@require_GET
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("cohort__program")
        .prefetch_related(
            Prefetch(
                "ranked_choices",
                queryset=RankedChoice.objects.select_related(
                    "mentor_application__applicant__profile"
                ),
            ),
            Prefetch(
                "exclusions", queryset=Exclusion.objects.select_related("excluded_user__profile")
            ),
        )
        .order_by("-created_at")
    )
    # A list: the circles a round offered are looked up once for them all (circles_tags).
    return render(request, "cohorts/my_applications.html", {"applications": list(applications)})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The applications page's Withdraw button leads here first: a page says what withdrawing
    does, since the round then leaves the member out and, once the window has closed, they
    cannot apply again. Its own button (a POST) withdraws."""
    application = get_object_or_404(
        Application.objects.select_related("cohort__program"), pk=pk, applicant=request.user
    )
    if application.status == ApplicationStatus.WITHDRAWN:
        messages.info(request, _("This application is already withdrawn."))
        return redirect("cohorts:my_applications")
    if request.method == "GET":
        cohort = application.cohort
        today = program_today()
        return render(
            request,
            "cohorts/withdraw_confirm.html",
            {
                "application": application,
                "cohort": cohort,
                "may_apply_again_until": (
                    cohort.window(application.role)[1]
                    if cohort.window_state(application.role, today) == WindowState.OPEN
                    else None
                ),
            },
        )
    try:
        services.application_withdraw(application=application, by=request.user)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your application is withdrawn. You may apply again while the window is open."),
        )
    return redirect("cohorts:my_applications")


# Coordinators


@login_required
@require_GET
def coordinate(request: AuthenticatedHttpRequest) -> HttpResponse:
    programs = Program.objects.all()
    if not request.user.has_perm("programs.change_program"):
        programs = programs.filter(coordinators__user=request.user)
    # The applications each cohort's page counts (ApplicationQuerySet.tally): live ones of
    # members whose account is active.
    counted = ~Q(applications__status=ApplicationStatus.WITHDRAWN) & ~Q(
        applications__applicant__in=User.objects.deactivated_ids()
    )
    programs = programs.prefetch_related(
        Prefetch(
            "cohorts",
            queryset=Cohort.objects.annotate(
                mentee_count=Count(
                    "applications", filter=Q(applications__role=Role.MENTEE) & counted
                ),
                mentor_count=Count(
                    "applications", filter=Q(applications__role=Role.MENTOR) & counted
                ),
            ).order_by("-starts_on"),
        )
    )
    # Curators see the programs that have cohorts; a coordinator sees their own, with or without.
    if request.user.has_perm("programs.change_program"):
        programs = programs.filter(
            Q(cohorts__isnull=False) | Q(coordinators__user=request.user)
        ).distinct()
    if not programs and not request.user.has_perm("programs.change_program"):
        raise Http404
    return render(request, "cohorts/coordinate.html", {"programs": programs})


@login_required
def cohort_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    program = _get_program_for_coordinator(request, slug)
    form = CohortForm(request.POST or None, program_cohorts=program.cohorts.all())
    form.instance.program = program
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("Cohort “%(cohort)s” created.") % {"cohort": cohort.name})
        return redirect(cohort)
    return render(request, "cohorts/cohort_form.html", {"form": form, "program": program})


@login_required
def cohort_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    form = CohortForm(
        request.POST or None, instance=cohort, program_cohorts=cohort.program.cohorts.all()
    )
    if request.method == "POST" and form.is_valid():
        closing = form.closes_without_matches
        # Saved and told together: a cohort closed without matches never leaves an applicant
        # waiting for them.
        with transaction.atomic():
            form.save()
            told = services.round_closed_without_matches(cohort=cohort) if closing else 0
        if told:
            messages.success(
                request,
                ngettext(
                    "Cohort closed. %(count)d applicant is told that the round closed "
                    "without matches: their application says so, and they are emailed unless "
                    "they turned those emails off.",
                    "Cohort closed. %(count)d applicants are told that the round closed "
                    "without matches: their applications say so, and they are emailed unless "
                    "they turned those emails off.",
                    told,
                )
                % {"count": told},
            )
        else:
            messages.success(request, _("Cohort saved."))
        return redirect(cohort)
    return render(
        request,
        "cohorts/cohort_form.html",
        {"form": form, "program": cohort.program, "cohort": cohort},
    )


@dataclass(frozen=True)
class PairRow:
    pair: DraftPair
    mentee: str
    mentor: str
    # Why the pair fits, in the reader's language (only the page's rows say it).
    why: str = ""


@login_required
@require_GET
def manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's page for its coordinators: the draft round, its pairs and figures, and the
    forms that change it. A handful of queries, whatever the round's size."""
    cohort = _get_cohort_for_coordinator(request, pk)
    figures = services.round_figures(cohort)
    pool, pairs = figures.pool, figures.pairs
    names = pool.names

    def row(pair: DraftPair) -> PairRow:
        return PairRow(
            pair=pair,
            mentee=names.get(pair.mentee_application_id, "—"),
            mentor=names.get(pair.mentor_application_id, "—"),
        )

    applicants = pool.by_pk()

    def row_with_reasons(pair: DraftPair) -> PairRow:
        # Worded now, for whoever reads the page, from what the round counted; the words
        # stored when the round ran (in the language of whoever ran it) only for a pair
        # whose applicant the round no longer takes.
        mentee = applicants.get(pair.mentee_application_id)
        mentor = applicants.get(pair.mentor_application_id)
        why = (
            services.reason_text(mentee, mentor, pool.area_names)
            if mentee is not None and mentor is not None
            else pair.reasons
        )
        return replace(row(pair), why=why)

    page = Paginator(pairs, PAIRS_PAGE_SIZE).get_page(request.GET.get("page"))
    taken = Counter(pair.mentor_application_id for pair in pairs)
    paired = {pair.mentee_application_id for pair in pairs}
    any_mentor_has_places = any(taken[mentor.pk] < mentor.capacity for mentor in pool.mentors)
    unmatched = sorted(
        ((mentee.pk, names[mentee.pk]) for mentee in pool.mentees if mentee.pk not in paired),
        key=lambda item: item[1].casefold(),
    )
    unlocked = sorted(
        (row(pair) for pair in pairs if not pair.locked),
        key=lambda pair_row: pair_row.mentee.casefold(),
    )
    # Assigning by hand takes two steps, so that the mentors offered are only those the
    # mentee can be paired with (services.assignable_mentors): first the mentee (?mentee=),
    # then one of their mentors.
    assignable = {pk for pk, _name in unmatched} | {
        pair_row.pair.mentee_application_id for pair_row in unlocked
    }
    chosen = request.GET.get("mentee", "")
    assign_mentee = int(chosen) if is_id(chosen) and int(chosen) in assignable else None
    return render(
        request,
        "cohorts/manage.html",
        {
            "cohort": cohort,
            "pairs": pairs,
            "page": page,
            "rows": [row_with_reasons(pair) for pair in page.object_list],
            "figures": figures,
            "mentee_count": pool.counts[Role.MENTEE],
            "mentor_count": pool.counts[Role.MENTOR],
            "unmatched": unmatched,
            "unlocked": unlocked,
            "any_mentor_has_places": any_mentor_has_places,
            "assign_mentee": assign_mentee,
            "assign_mentee_name": names.get(assign_mentee, "") if assign_mentee else "",
            "assign_current_mentor": next(
                (
                    pair_row.mentor
                    for pair_row in unlocked
                    if pair_row.pair.mentee_application_id == assign_mentee
                ),
                "",
            ),
            "assign_mentors": (
                services.assignable_mentors(pool, pairs, assign_mentee) if assign_mentee else []
            ),
            "milestones": reminders.with_sent_at(cohort.milestones.all()),
            "over_places": max(len(pairs) - cohort.places, 0),
            "mentee_window": cohort.window_state(Role.MENTEE, program_today()),
            "mentor_window": cohort.window_state(Role.MENTOR, program_today()),
            "WindowState": WindowState,
        },
    )


@login_required
@require_GET
def applications(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    role = request.GET.get("role", "")
    rows = (
        cohort.applications.select_related("applicant__profile__career_stage")
        .only(
            "pk",
            "cohort",
            "role",
            "answers",
            "capacity",
            "years_of_experience",
            "is_member",
            "is_student",
            "orientation_confirmed_at",
            "status",
            "created_at",
            "applicant__email",
            "applicant__is_active",
            "applicant__profile__display_name",
            "applicant__profile__headline",
            "applicant__profile__career_stage__name",
        )
        .order_by("role", "created_at", "pk")
    )
    if role in Role.values:
        rows = rows.filter(role=role)
    tally = rows.tally()
    page = Paginator(rows, APPLICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.cohort = cohort  # for its questions, without a query a row
    return render(
        request,
        "cohorts/applications.html",
        {"cohort": cohort, "page": page, "tally": tally, "role": role, "roles": Role.choices},
    )


@login_required
@require_POST
def round_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    try:
        count = services.round_run(cohort=cohort, by=request.user)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "The round ran: %(count)d pair in the draft, locked ones kept.",
                "The round ran: %(count)d pairs in the draft, locked ones kept.",
                count,
            )
            % {"count": count},
        )
    return redirect(cohort)


def _get_pair(cohort: Cohort, pair_pk: int) -> DraftPair:
    return get_object_or_404(DraftPair.objects.select_related("cohort"), pk=pair_pk, cohort=cohort)


@login_required
@require_POST
def pair_lock(request: AuthenticatedHttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    cohort = _get_cohort_for_coordinator(request, pk)
    pair = _get_pair(cohort, pair_pk)
    locked = request.POST.get("locked") == "1"
    try:
        services.pair_lock(pair=pair, locked=locked)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Pair locked: re-runs keep it.") if locked else _("Pair unlocked.")
        )
    return redirect(cohort)


@login_required
@require_http_methods(["GET", "POST"])
def pair_unassign(request: AuthenticatedHttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    """A pair's Unassign button leads here first: a page names the two people and says what
    unassigning does, since a pair the coordinator locked or chose by hand is lost with it.
    Its own button (a POST) unassigns."""
    cohort = _get_cohort_for_coordinator(request, pk)
    pair = _get_pair(cohort, pair_pk)
    if request.method == "GET":
        if cohort.is_published:
            messages.error(request, _("This round is published: its pairs are mentorships now."))
            return redirect(cohort)
        people = DraftPair.objects.select_related(
            "mentee_application__applicant__profile", "mentor_application__applicant__profile"
        ).get(pk=pair.pk)
        return render(
            request,
            "cohorts/unassign_confirm.html",
            {
                "cohort": cohort,
                "pair": pair,
                "mentee": person_label(people.mentee_application.applicant),
                "mentor": person_label(people.mentor_application.applicant),
            },
        )
    try:
        services.pair_unassign(pair=pair)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pair unassigned."))
    return redirect(cohort)


@login_required
@require_POST
def pair_swap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two pairs of the draft (`pair` and `with`, their pks) swap mentors."""
    cohort = _get_cohort_for_coordinator(request, pk)
    chosen = [request.POST.get("pair", ""), request.POST.get("with", "")]
    found = {
        pair.pk: pair
        for pair in DraftPair.objects.select_related("cohort").filter(
            cohort=cohort, pk__in=ids_from(chosen)
        )
    }
    if len(found) != 2:
        messages.error(request, _("Choose two different pairs of this draft to swap mentors."))
        return redirect(cohort)
    pair, other = (found[int(value)] for value in chosen)
    try:
        services.pair_swap(pair=pair, other=other)
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Mentors swapped. Both pairs are locked: re-runs keep them."))
    return redirect(cohort)


@login_required
@require_POST
def pair_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A mentee of the round (unmatched, or in an unlocked pair) gets a mentor with a place
    left."""
    cohort = _get_cohort_for_coordinator(request, pk)
    mentee, mentor = request.POST.get("mentee", ""), request.POST.get("mentor", "")
    if not (is_id(mentee) and is_id(mentor)):
        messages.error(request, _("Choose a mentee and a mentor with a place left."))
        return redirect(cohort)
    try:
        services.pair_assign(
            cohort=cohort, mentee_application=int(mentee), mentor_application=int(mentor)
        )
    except CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Mentee assigned. The pair is locked: re-runs keep it."))
    return redirect(cohort)
