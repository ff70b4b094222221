from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Window
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import cards, matching, recruitment
from .filters import MentorFilter
from .forms import SETUP_STEPS, StartMentoringForm
from .http import AuthenticatedHttpRequest, where_going
from .models import ACCEPTING, City, ExpertiseArea, Profile, User, languages_of_browser

RESULTS_PER_PAGE = 20
MAX_PAGE = 100_000
# Other mentors offered on the page of one who is full or paused.
ALTERNATIVES = 3


def _get_profile_for_user(request: AuthenticatedHttpRequest, pk: int) -> Profile:
    # With `ruled_out`: whether the reader's mentorships rule this mentor out (their mentor, an
    # open request, a recent no); only then is that mentorship looked up.
    profiles = (
        Profile.objects.visible_to(request.user)
        .with_availability_for(request.user)
        .select_related("user", "city", "career_stage", "library_type")
        .prefetch_related(Prefetch("expertise", ExpertiseArea.objects.select_related("group")))
    )
    return get_object_or_404(profiles, pk=pk)


def _profile_ready_message(profile: Profile) -> str:
    """The dashboard shows mentor suggestions only to a member who would like a mentor: one who
    only mentors is told what their finished profile now does for them instead."""
    if profile.wants_mentor:
        return _("Your profile is ready. Here are mentors who may suit you.")
    if profile.accepting_requests and not profile.hidden_from_search:
        return _("Your profile is ready. Mentees can now find you and send you requests.")
    return _(
        "Your profile is ready. Mentees can send you requests once your profile accepts "
        "requests and shows in search."
    )


@login_required
def setup(request: AuthenticatedHttpRequest, step: int = 1) -> HttpResponse:
    """The three short steps that make (and later edit) a profile."""
    if step not in {number for number, _title, _form in SETUP_STEPS}:
        raise Http404
    profile = Profile.objects.of(request.user)
    if profile is None:
        if step != 1:
            return redirect("profiles:setup", step=1)
        profile = Profile(
            user=request.user,
            display_name="",
            languages=languages_of_browser(request.headers.get("Accept-Language", "")),
        )
    # The progress box tells what is saved, read before the form changes the instance.
    missing_by_step = profile.missing_by_step
    percent = profile.completeness_percent
    _number, title, form_class = SETUP_STEPS[step - 1]

    if request.method == "POST":
        form = form_class(request.POST, instance=profile)
        if form.is_valid():
            profile = form.save(commit=False)
            profile.onboarding_step = max(profile.onboarding_step, min(step + 1, 3))
            # Back keeps what was typed on this step, as going on does.
            going_back = "back" in request.POST and step > 1
            # Step 3 (meeting and contact) is optional: a member may finish after step 2 and
            # add it later; the completeness meter keeps reminding them.
            finishing = not going_back and (step == 3 or (step == 2 and "finish" in request.POST))
            first_completion = finishing and profile.completed_at is None
            if first_completion:
                profile.completed_at = timezone.now()
            profile.save()
            form.save_m2m()
            if first_completion:
                going = where_going(request)
                if going:
                    messages.success(request, _("Your profile is ready."))
                    return redirect(going)
                messages.success(request, _profile_ready_message(profile))
                return redirect("dashboard")
            if going_back:
                return redirect("profiles:setup", step=step - 1)
            if step < 3 and profile.completed_at is None:
                return redirect("profiles:setup", step=step + 1)
            messages.success(request, _("Saved “%(step)s”.") % {"step": title})
            return redirect("profiles:setup", step=step)
    else:
        initial = {}
        if step == 2 and profile.completed_at is None and not profile.can_mentor:
            # Most people who join are looking for a mentor; one click less for them.
            initial["wants_mentor"] = True
        form = form_class(instance=profile, initial=initial)

    return render(
        request,
        "profiles/setup.html",
        {
            "form": form,
            "step": step,
            "title": title,
            "steps": [(number, name) for number, name, _form in SETUP_STEPS],
            "profile": profile,
            "editing": profile.completed_at is not None,
            "percent": percent,
            # What this page asks is on the page itself: the box names only the other steps'.
            "missing_elsewhere": [
                (label, number) for label, number in missing_by_step if number != step
            ],
        },
    )


def find_mentor(request: HttpRequest) -> HttpResponse:
    """Find a mentor: the whole directory for members; for visitors, a preview of who is
    there, each mentor without name, workplace, city or contact, and an invitation to join."""
    search = _mentor_filter(request)
    query = request.GET.copy()
    query.pop("page", None)
    visitor = not request.user.is_authenticated
    context: dict[str, object] = {
        "search": search,
        "visitor": visitor,
        "profile_finished": bool(search.viewer and search.viewer.completed_at),
        "filters_chosen": search.chosen_count,
        **_search_results(request, search, query.urlencode()),
    }
    if visitor:
        search_url = reverse("profiles:find_mentor") + (f"?{query.urlencode()}" if query else "")
        context["join_url"] = reverse("account_signup") + "?" + urlencode({"next": search_url})
        context["sign_in_url"] = reverse("account_login") + "?" + urlencode({"next": search_url})
    return render(request, "profiles/find_mentor.html", context)


def _mentor_filter(request: HttpRequest) -> MentorFilter:
    if not request.user.is_authenticated:
        return MentorFilter(
            request.GET,
            queryset=Profile.objects.searchable().shaped_for_lists().with_area_names(),
            request=request,
            for_visitor=True,
        )
    viewer = Profile.objects.with_wanted_area_ids().of(request.user)
    # of() answers a plain Profile; the annotation is there all the same.
    wanted_area_ids = viewer.wanted_area_ids if viewer else []  # type: ignore[attr-defined]
    return MentorFilter(
        request.GET,
        queryset=Profile.objects.mentors_for(request.user).with_area_names(),
        viewer=viewer,
        wanted_area_ids=wanted_area_ids,
        request=request,
    )


def _page_of(search: MentorFilter, requested: str | None) -> tuple[Page, int]:
    """The page of the search's mentors asked for, as Paginator.get_page would give it, and
    how many of them are accepting requests now.

    When the search narrowed the directory (MentorFilter.narrows), the page's query counts
    every match and those accepting as it goes (a window over all the matches), so that the
    counts cost no query of their own. Over the whole directory that window would keep every
    mentor's row until the last, which took half of the page's query (60 of 120 ms with
    100,000 members), so there they are counted apart, in a query that reads the mentor search
    index alone (3 to 5 ms); and the page is first looked for among the mentors who might rank
    first (MentorFilter.page_ranked_first)."""
    mentors, narrowed = search.qs, search.narrows
    try:
        number = int(requested or 1)
    except ValueError:
        number = 1
    window = slice((number - 1) * RESULTS_PER_PAGE, number * RESULTS_PER_PAGE)
    rows: list[Any] = []
    # A page far past any directory's end is not asked for (its offset could overflow).
    if 1 <= number <= MAX_PAGE:
        if narrowed:
            counted = mentors.annotate(
                mentors_total=Window(Count("pk")),
                accepting_total=Window(Count("pk", filter=ACCEPTING)),
            )
            rows = list(counted[window])
        else:
            rows = search.page_ranked_first(window) or list(mentors[window])
    if rows and narrowed:
        total, accepting = rows[0].mentors_total, rows[0].accepting_total
    else:
        counts = mentors.aggregate(total=Count("pk"), accepting=Count("pk", filter=ACCEPTING))
        total, accepting = counts["total"], counts["accepting"]
    paginator = Paginator(range(total), RESULTS_PER_PAGE)
    if not rows:
        # Past the end, or before the first: the last page, as get_page answers.
        number = paginator.num_pages
        if total:
            rows = list(mentors[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE])
    return Page(rows, number, paginator), accepting


def _search_results(
    request: HttpRequest, search: MentorFilter, querystring: str
) -> dict[str, object]:
    """What the results column of Find a mentor shows."""
    viewer = search.viewer
    page, accepting_count = _page_of(search, request.GET.get("page"))
    mentors = list(page.object_list)
    # The best-match order has already asked whether the member's mentorships rule each mentor
    # out (`ruled_out`): their mentorships are looked up only for those it names, and most
    # pages name none. The other orders did not ask, and every mentor listed is looked up.
    ruled_out = [mentor.user_id for mentor in mentors if getattr(mentor, "ruled_out", True)]
    ruling_out = (
        _mentorships_ruling_out(request.user, ruled_out) if request.user.is_authenticated else {}
    )
    unit = search.distance_unit
    results = cards.search_results(
        mentors,
        viewer=viewer,
        wanted_names=search.wanted_areas.values(),
        ruling_out=ruling_out,
        unit=unit,
    )
    return {
        "page": page,
        "results": results,
        "member_cards": cards.member_cards(results) if request.user.is_authenticated else "",
        "accepting_count": accepting_count,
        "querystring": querystring,
        "measured_from": search.reference_city,
        "unit": unit,
    }


def _mentorships_ruling_out(user: User, mentor_user_ids: list[int]) -> dict[int | None, Any]:
    """By mentor, the mentorship of `user`'s that rules them out of what `user` is suggested
    (MentorshipQuerySet.ruling_out_their_mentor), to name beside them: the mentorship under
    way, else the open request, else the latest no. One query."""

    def precedence(mentorship: Any) -> int:
        return 0 if mentorship.is_active else 1 if mentorship.is_pending else 2

    by_mentor: dict[int | None, Any] = {}
    if not mentor_user_ids:
        return by_mentor
    mentorships = (
        user.mentorships_as_mentee.ruling_out_their_mentor()
        .filter(mentor_id__in=mentor_user_ids)
        .order_by("-requested_at")
    )
    for mentorship in mentorships:
        kept = by_mentor.get(mentorship.mentor_id)
        if kept is None or precedence(mentorship) < precedence(kept):
            by_mentor[mentorship.mentor_id] = mentorship
    return by_mentor


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile_for_user(request, pk)
    viewer = Profile.objects.with_wanted_area_ids().of(request.user)
    is_self = profile.user_id == request.user.pk
    distance_km = None
    # Both cities come with their profiles (select_related), so this asks nothing more.
    if viewer and viewer.city and profile.city and not is_self:
        distance_km = matching.distance_km_between(viewer.city, profile.city)
    # What the page asks the viewer to do next: open their request or their mentorship with
    # this mentor, ask them, or (when they are full or paused) ask one of a few others.
    mentorship = None
    alternatives: list[Profile] = []
    if profile.can_mentor and not is_self:
        if profile.ruled_out:  # type: ignore[attr-defined]
            mentorship = _mentorships_ruling_out(request.user, [profile.user_id]).get(
                profile.user_id
            )
        declined = mentorship is not None and not mentorship.is_active and not mentorship.is_pending
        if declined or (profile.availability != "accepting" and not mentorship):
            # of() answers a plain Profile; the annotation is there all the same.
            wanted_ids = viewer.wanted_area_ids if viewer else []  # type: ignore[attr-defined]
            alternatives = Profile.objects.alternatives_to(
                profile,
                user=request.user,
                viewer=viewer,
                wanted_ids=wanted_ids,
                limit=ALTERNATIVES,
            )
    show_contact, account_email_shown = profile.contact_shown_to(request.user)
    return render(
        request,
        "profiles/detail.html",
        {
            "profile": profile,
            "distance_km": distance_km,
            "unit": matching.unit_for(viewer),
            "is_self": is_self,
            "show_contact": show_contact and (profile.has_chosen_channels or account_email_shown),
            "account_email_shown": account_email_shown,
            "mentorship": mentorship,
            "alternatives": alternatives,
        },
    )


@require_GET
def city_suggestions(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "").strip()
    cities = City.objects.suggestions(text) if len(text) >= 2 else []
    return JsonResponse({"cities": [city.label for city in cities]})


def become_mentor(request: HttpRequest) -> HttpResponse:
    """What mentoring asks of a mentor, honestly; shareable, so open to everyone."""
    profile = Profile.objects.of(request.user) if request.user.is_authenticated else None
    form = None
    if profile and profile.completed_at and not profile.can_mentor:
        form = StartMentoringForm(profile=profile)
    return _become_mentor_page(request, profile, form)


def _become_mentor_page(
    request: HttpRequest, profile: Profile | None, form: StartMentoringForm | None
) -> HttpResponse:
    return render(
        request,
        "profiles/become_mentor.html",
        {
            "profile": profile,
            "form": form,
            "accepting_mentors": Profile.objects.searchable().accepting().count(),
            "share_url": settings.SITE_URL + reverse("profiles:become_mentor"),
        },
    )


@login_required
@require_POST
def start_mentoring(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = Profile.objects.of(request.user)
    if profile is None or not profile.completed_at:
        messages.info(request, _("Make your profile first; you can say there that you can mentor."))
        return redirect("profiles:edit")
    form = StartMentoringForm(request.POST, profile=profile)
    if not form.is_valid():
        return _become_mentor_page(request, profile, form)
    recruitment.start_mentoring(
        profile=profile,
        capacity=form.cleaned_data["mentor_capacity"],
        expertise=list(form.cleaned_data["expertise"]),
    )
    messages.success(
        request,
        _(
            "Thank you: you are now a mentor, accepting requests. Mentees can find you in search, "
            "and you can pause or change your places in your profile at any time."
        ),
    )
    return redirect("dashboard")
