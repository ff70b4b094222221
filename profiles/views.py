from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import matching, recruitment
from .filters import MentorFilter
from .forms import SETUP_STEPS, StartMentoringForm
from .http import AuthenticatedHttpRequest
from .models import City, ExpertiseArea, Profile

RESULTS_PER_PAGE = 20


def _get_profile_for_user(request: AuthenticatedHttpRequest, pk: int) -> Profile:
    profile = (
        Profile.objects.visible_to(request.user)
        .select_related("user", "city", "career_stage", "library_type")
        .prefetch_related(Prefetch("expertise", ExpertiseArea.objects.select_related("group")))
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


@login_required
def setup(request: AuthenticatedHttpRequest, step: int = 1) -> HttpResponse:
    """The three short steps that make (and later edit) a profile."""
    if step not in {number for number, _, _ in SETUP_STEPS}:
        raise Http404
    profile = Profile.objects.of(request.user)
    if profile is None:
        if step != 1:
            return redirect("profiles:setup", step=1)
        profile = Profile(user=request.user, display_name="")
    _, title, form_class = SETUP_STEPS[step - 1]

    if request.method == "POST":
        form = form_class(request.POST, instance=profile)
        if form.is_valid():
            profile = form.save(commit=False)
            profile.onboarding_step = max(profile.onboarding_step, min(step + 1, 3))
            # Step 3 (bio and contact) is optional: a member may finish after step 2 and
            # add it later; the completeness meter keeps reminding them.
            finishing = step == 3 or (step == 2 and "finish" in request.POST)
            first_completion = finishing and profile.completed_at is None
            if first_completion:
                profile.completed_at = timezone.now()
            profile.save()
            form.save_m2m()
            if first_completion:
                messages.success(
                    request, "Your profile is ready. Here are mentors who may suit you."
                )
                return redirect("dashboard")
            if step < 3 and profile.completed_at is None:
                return redirect("profiles:setup", step=step + 1)
            messages.success(request, f"Saved “{title}”.")
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
            "steps": [(number, name) for number, name, _ in SETUP_STEPS],
            "profile": profile,
            "editing": profile.completed_at is not None,
        },
    )


@login_required
def find_mentor(request: AuthenticatedHttpRequest) -> HttpResponse:
    search = _mentor_filter(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "profiles/find_mentor.html",
        {
            "search": search,
            "profile_finished": bool(search.viewer and search.viewer.completed_at),
            **_search_results(request, search, query.urlencode()),
        },
    )


def _mentor_filter(request: AuthenticatedHttpRequest) -> MentorFilter:
    viewer = Profile.objects.with_wanted_area_ids().of(request.user)
    # of() answers a plain Profile; the annotation is there all the same.
    wanted_area_ids = viewer.wanted_area_ids if viewer else []  # type: ignore[attr-defined]
    return MentorFilter(
        request.GET,
        queryset=Profile.objects.mentors_for(request.user),
        viewer=viewer,
        wanted_area_ids=wanted_area_ids,
        request=request,
    )


def _search_results(
    request: HttpRequest, search: MentorFilter, querystring: str
) -> dict[str, object]:
    """What the results column of Find a mentor shows."""
    viewer = search.viewer
    page = Paginator(search.qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    wanted = search.wanted_areas.values()
    results = [
        (mentor, matching.reason_for(mentor, viewer, wanted) if viewer else None)
        for mentor in page.object_list
    ]
    return {
        "page": page,
        "results": results,
        "querystring": querystring,
        "measured_from": search.reference_city,
        "unit": (search.form.is_valid() and search.form.cleaned_data.get("unit")) or "km",
    }


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile_for_user(request, pk)
    viewer = Profile.objects.of(request.user)
    distance_km = None
    # Both cities come with their profiles (select_related), so this asks nothing more.
    if viewer and viewer.city and profile.city and viewer.pk != profile.pk:
        distance_km = matching.distance_km_between(viewer.city, profile.city)
    return render(
        request,
        "profiles/detail.html",
        {
            "profile": profile,
            "distance_km": distance_km,
            "is_self": profile.user_id == request.user.pk,
            "show_contact": profile.contact_visible_to(request.user),
        },
    )


@login_required
@require_GET
def city_suggestions(request: AuthenticatedHttpRequest) -> JsonResponse:
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
        messages.info(request, "Make your profile first; you can say there that you can mentor.")
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
        "Thank you: you are now a mentor, accepting requests. Mentees can find you in search, "
        "and you can pause or change your places in your profile at any time.",
    )
    return redirect("dashboard")
