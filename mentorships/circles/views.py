"""Circle pages. Every page inside a circle gets it through _get_circle_for_user, which answers
404 to anyone but its members and host, staff and superusers included; the join page shows
only the circle's public card."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentorconnect.ids import ids_from
from mentorships import calendar
from profiles import matching
from profiles.http import AuthenticatedHttpRequest
from profiles.models import Profile, User

from . import reminders, services
from .forms import (
    AgreementForm,
    AreaFilterForm,
    CircleFeedbackForm,
    CircleForm,
    CircleMeetingForm,
    JoinForm,
    PlanItemForm,
)
from .models import (
    LIVE_MEMBERSHIP,
    Circle,
    CircleFeedback,
    CircleFormat,
    CircleMeeting,
    CircleMeetingStatus,
    CircleMembership,
    CirclePlanItem,
    CircleRsvp,
    MembershipStatus,
)
from .services import CircleError

LISTED = 30


def _get_circle_for_user(request: AuthenticatedHttpRequest, pk: int) -> Circle:
    circles = (
        Circle.objects.visible_to(request.user)
        .with_member_count()
        .select_related("host__profile", "convener__profile", "city")
    )
    return get_object_or_404(circles, pk=pk)


def _name_for(reader: User, person: User | None) -> str:
    """How a circle's page names someone to `reader`: "you", their name, or "a former
    member" once they have deleted their account or profile. Needs their profile loaded."""
    if person is not None and person.pk == reader.pk:
        return pgettext("a step of the plan added or ticked off by", "you")
    profile = getattr(person, "profile", None) if person is not None else None
    return getattr(profile, "display_name", "") or _("a former member")


def _time_zone_of(user: User) -> str:
    """The member's time zone, UTC without one (their profile, which the header reads too)."""
    profile = Profile.objects.of(user)
    return (profile.time_zone if profile else "") or "UTC"


@login_required
def circle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open circles ranked for the viewer: those sharing most of the chosen areas (or, with
    none chosen, of their wanted areas) first, then those with most free places; a circle
    meeting in person only where the viewer can go. Above them, the viewer's own circles and
    requests."""
    me = request.user
    now = timezone.now()
    profile = Profile.objects.with_wanted_area_ids().of(me)
    wanted = list(getattr(profile, "wanted_area_ids", None) or [])
    chosen = ids_from(request.GET.getlist("area"))
    area_filter = AreaFilterForm(chosen=chosen)
    involved = (
        Q(host=me)
        | Q(convener=me)
        | Exists(
            CircleMembership.objects.filter(
                circle=OuterRef("pk"),
                member=me,
                status__in=[MembershipStatus.MEMBER, MembershipStatus.REQUESTED],
            )
        )
    )
    # A request declined lately stays on the list, saying so: the email about answers may be
    # turned off, and the request must not just disappear.
    mine_shown = CircleMembership.objects.filter(member=me).filter(
        Q(status__in=LIVE_MEMBERSHIP) | Q(pk__in=CircleMembership.objects.recently_declined(now))
    )
    mine = (
        Circle.objects.filter(involved | Exists(mine_shown.filter(circle=OuterRef("pk"))))
        .with_member_count()
        .prefetch_related(
            Prefetch("memberships", mine_shown.order_by("-requested_at"), to_attr="my_memberships")
        )
        .order_by("status", "-created_at")
    )
    open_circles = (
        Circle.objects.open_to_join()
        .exclude(involved | Exists(mine_shown.filter(circle=OuterRef("pk"))))
        .with_area_names()
        .annotate(
            shared=Count("areas", filter=Q(areas__in=chosen or wanted), distinct=True),
        )
        .select_related("host__profile", "convener__profile", "city")
        .order_by("-shared", (F("places") - F("member_count")).desc(), "-created_at")
    )
    if profile is not None and profile.city is not None:
        # In person means near enough to go: the same distance as for a mentor.
        near = matching.bounding_box(profile.city, matching.NEARBY_KM)
        open_circles = open_circles.filter(~Q(format=CircleFormat.IN_PERSON) | near)
    else:
        open_circles = open_circles.exclude(format=CircleFormat.IN_PERSON)
    if chosen:
        covering = Circle.areas.through.objects.filter(
            circle=OuterRef("pk"), expertisearea_id__in=chosen
        )
        open_circles = open_circles.filter(Exists(covering))
    ranked = list(open_circles[:LISTED])
    return render(
        request,
        "circles/list.html",
        {
            "mine": list(mine),
            "circles": ranked,
            "profile": profile,
            "wanted": wanted,
            "area_filter": area_filter,
            "chosen_names": matching.join_names(
                [area_filter.names[pk] for pk in chosen if pk in area_filter.names]
            ),
        },
    )


@login_required
def circle_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A mentor sets up a circle they host, or a member a peer circle they convene."""
    profile = Profile.objects.of(request.user)
    if profile is None or profile.completed_at is None:
        messages.info(request, _("Finish your profile first: circles are for members with one."))
        return redirect("profiles:edit")
    can_host = profile.can_mentor
    own_areas = [
        *profile.expertise.values_list("pk", flat=True),
        *profile.wanted_areas.values_list("pk", flat=True),
    ]
    kwargs: dict[str, Any] = {"city": profile.city, "can_host": can_host, "own_areas": own_areas}
    if request.method == "POST":
        form = CircleForm(request.POST, **kwargs)
        if form.is_valid():
            peer = not can_host or form.cleaned_data.get("kind") == "peer"
            try:
                circle = services.circle_create(
                    by=request.user, peer=peer, areas=form.cleaned_data["areas"], **form.details()
                )
            except CircleError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your circle is open. Members who want help in its areas will find it, "
                        "and it is offered where no mentor has a free place."
                    ),
                )
                return redirect(circle)
    else:
        form = CircleForm(
            initial={"areas": list(profile.expertise.all() if can_host else [])},
            **kwargs,
        )
    return render(
        request,
        "circles/new.html",
        {"form": form, "profile": profile, "can_host": can_host},
    )


@login_required
def join(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A circle's public card with the one-step join form (a short note). Its members and host
    are taken to the circle itself; an ended circle is not there for anyone else but those
    whose request its end left unanswered, who read so, and a request sent just as it ended is
    told so on the form, with the note kept. A request declined lately is named on the card."""
    circles = (
        Circle.objects.with_member_count()
        .with_area_names()
        .select_related("host__profile", "convener__profile", "city")
    )
    now = timezone.now()
    if request.method != "POST":
        left_unanswered = CircleMembership.objects.recently_declined(now).filter(
            circle=OuterRef("pk"), member=request.user, left_at=F("circle__ended_at")
        )
        circles = circles.filter(~Q(status="ended") | Exists(left_unanswered))
    circle = get_object_or_404(circles, pk=pk)
    if Circle.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect(circle)
    latest = (
        circle.memberships.filter(member=request.user)
        .filter(
            Q(status=MembershipStatus.REQUESTED)
            | Q(pk__in=circle.memberships.recently_declined(now))
        )
        .order_by("-requested_at")
        .first()
    )
    waiting = latest if latest and latest.status == MembershipStatus.REQUESTED else None
    declined = latest if latest and latest.status == MembershipStatus.DECLINED else None
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                membership = services.circle_join(
                    circle=circle, by=request.user, note=form.cleaned_data["note"]
                )
            except CircleError as error:
                form.add_error(None, str(error))
            else:
                if membership.status == MembershipStatus.MEMBER:
                    messages.success(
                        request, _("Welcome to %(circle)s.") % {"circle": circle.title}
                    )
                    return redirect(circle)
                messages.success(
                    request,
                    _("Your request is with the host; the circle opens for you once they say yes."),
                )
                return redirect("circles:list")
    else:
        form = JoinForm()
    return render(
        request,
        "circles/join.html",
        {"circle": circle, "form": form, "waiting": waiting, "declined": declined},
    )


@login_required
@never_cache
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _get_circle_for_user(request, pk))


def _detail_page(
    request: AuthenticatedHttpRequest, circle: Circle, **refused_form: forms.BaseForm
) -> HttpResponse:
    me = request.user
    leads = circle.is_led_by(me)
    memberships = list(
        circle.memberships.filter(status__in=[MembershipStatus.MEMBER, MembershipStatus.REQUESTED])
        .exclude(member__in=User.objects.deactivated_ids())
        .select_related("member__profile")
        .order_by("joined_at", "requested_at")
    )
    members = [m for m in memberships if m.status == MembershipStatus.MEMBER]
    # Each member's contact details as they chose: shared with matches (a circle is a match)
    # or with every member; nobody's otherwise.
    people = [
        (
            membership,
            getattr(membership.member, "profile", None),
            bool(
                getattr(membership.member, "profile", None)
                and membership.member.profile.contact_visible_to(me, matched=True)
            ),
        )
        for membership in members
    ]
    host_profile = getattr(circle.host, "profile", None) if circle.host else None
    now = timezone.now()
    meetings = list(
        circle.meetings.filter(status=CircleMeetingStatus.PLANNED).prefetch_related(
            Prefetch(
                "rsvps",
                CircleRsvp.objects.select_related("member__profile").order_by(
                    "member__profile__display_name", "pk"
                ),
            )
        )
    )
    # Answers count only from those in the circle now: whoever left it, or whose account was
    # deactivated, drops off its meetings' lists.
    in_circle = {m.member_id for m in members} | {circle.host_id, circle.convener_id}
    for meeting in meetings:
        answers = [r for r in meeting.rsvps.all() if r.member_id in in_circle]
        meeting.coming = [r for r in answers if r.coming]  # type: ignore[attr-defined]
        meeting.not_coming = [r for r in answers if not r.coming]  # type: ignore[attr-defined]
        meeting.my_answer = next(  # type: ignore[attr-defined]
            (r.coming for r in answers if r.member_id == me.pk), None
        )
    plan = list(
        circle.plan_items.select_related("added_by__profile", "done_by__profile").order_by(
            F("done_at").asc(nulls_first=True), "added_at", "pk"
        )
    )
    for item in plan:
        item.adder = _name_for(me, item.added_by)  # type: ignore[attr-defined]
        item.ticker = _name_for(me, item.done_by) if item.is_done else ""  # type: ignore[attr-defined]
    # Feedback is two-party: a member sees the way to theirs with the host; the host the way
    # to each member's, with how many notes it holds. Never anyone else's.
    leader_id = circle.leader_user_id
    feedback_counts: dict[int, int] = {}
    if leader_id is not None:
        mine = Q(member=me) if me.pk != leader_id else Q()
        feedback_counts = dict(
            CircleFeedback.objects.filter(mine, circle=circle)
            .values_list("member")
            .annotate(count=Count("pk"))
            .values_list("member", "count")
        )
    context = {
        "circle": circle,
        "leads": leads,
        "plan": plan,
        "plan_form": PlanItemForm(),
        "leader_id": leader_id,
        "my_feedback_count": feedback_counts.get(me.pk, 0),
        # Once the circle has ended, feedback is only read, and only if there is some.
        "feedback_with_leader": leader_id not in (None, me.pk)
        and (not circle.is_ended or feedback_counts.get(me.pk, 0) > 0),
        "people": people,
        "requests": [m for m in memberships if m.status == MembershipStatus.REQUESTED]
        if leads
        else [],
        "host_profile": host_profile,
        "show_host_contact": bool(
            host_profile and host_profile.contact_visible_to(me, matched=True)
        ),
        "upcoming": [m for m in meetings if m.ends_at >= now],
        "past": [m for m in meetings if m.ends_at < now],
        # Each event as a sentence told to the reader ("You ..." or "Ann ...").
        "events": [
            (event, event.sentence_for(me))
            for event in circle.events.select_related("actor__profile", "member__profile")
        ],
        "time_zone": _time_zone_of(me),
        **refused_form,
    }
    for membership, _profile, _shown in people:
        membership.feedback_count = feedback_counts.get(membership.member_id, 0)  # type: ignore[attr-defined]
    return render(request, "circles/detail.html", context)


def _act(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[[Circle], str]
) -> HttpResponse:
    """Runs one change from a POST button and returns to the circle with its outcome."""
    circle = _get_circle_for_user(request, pk)
    try:
        success = action(circle)
    except CircleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
        if not Circle.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect("circles:list")
    return redirect(circle)


@login_required
@never_cache
def leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A member leaves, after a page that says what leaving means (the host is told, the page
    closes to them), as before ending a circle; the POST leaves. Someone still waiting for an
    answer withdraws their request from the join page (the one thing they may do to a circle
    they cannot open yet)."""
    asked = CircleMembership.objects.filter(
        circle=pk, member=request.user, status=MembershipStatus.REQUESTED
    )
    if asked.exists():
        if request.method != "POST":
            return redirect("circles:join", pk=pk)
        circle = get_object_or_404(Circle, pk=pk)
        try:
            services.circle_leave(circle=circle, by=request.user)
        except CircleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You withdrew your request to join."))
        return redirect("circles:list")
    if request.method != "POST":
        circle = _get_circle_for_user(request, pk)
        if circle.is_ended or circle.is_led_by(request.user):
            return redirect(circle)
        leader = circle.host or circle.convener
        return render(
            request,
            "circles/leave.html",
            {
                "circle": circle,
                "leader_name": getattr(getattr(leader, "profile", None), "display_name", ""),
                # services.circle_leave emails them, unless they turned these emails off.
                "leader_emailed": leader is not None
                and reminders.CIRCLE_MEMBER_LEFT.is_sent_to(leader),
            },
        )

    def do(circle: Circle) -> str:
        services.circle_leave(circle=circle, by=request.user)
        return _("You have left %(circle)s; your place is open for someone else.") % {
            "circle": circle.title
        }

    return _act(request, pk, do)


@login_required
@never_cache
def end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ending a circle cannot be undone and emails everyone in it, so its host (or convener)
    first sees who will be told, as before deleting an account; the POST ends it."""
    if request.method != "POST":
        circle = _get_circle_for_user(request, pk)
        if circle.is_ended or not circle.is_led_by(request.user):
            return redirect(circle)
        told = list(
            circle.memberships.told_of_its_end(by=request.user)
            .select_related("member__profile")
            .order_by("joined_at", "requested_at")
        )
        # services.circle_end emails its members that it ended, and those still asking that
        # their request is declined: each of them unless they turned that kind of email off.
        members = [m for m in told if m.status == MembershipStatus.MEMBER]
        asking = [m for m in told if m.status == MembershipStatus.REQUESTED]
        members_emailed = [m for m in members if reminders.CIRCLE_ENDED.is_sent_to(m.member)]
        asking_emailed = [m for m in asking if reminders.CIRCLE_JOIN_ANSWER.is_sent_to(m.member)]
        return render(
            request,
            "circles/end.html",
            {
                "circle": circle,
                "anyone_told": bool(told),
                "members_emailed": members_emailed,
                "asking_emailed": asking_emailed,
                "members_not_emailed": [m for m in members if m not in members_emailed],
                "asking_not_emailed": [m for m in asking if m not in asking_emailed],
            },
        )

    def do(circle: Circle) -> str:
        services.circle_end(circle=circle, by=request.user)
        if circle.host_id == request.user.pk:
            return _(
                "The circle has ended; its archive stays here for its members. "
                "Your place is free again."
            )
        return _("The circle has ended; its archive stays here for its members.")

    return _act(request, pk, do)


@login_required
@require_POST
def answer_request(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """The host welcomes a request at one click. Declining asks first (decline_request): a
    page opened before it did, still showing a one-click "Decline", leads there too."""
    answer = request.POST.get("answer")
    if answer == "decline":
        circle = _get_circle_for_user(request, pk)
        return redirect("circles:decline_request", pk=circle.pk, membership_pk=membership_pk)

    def do(circle: Circle) -> str:
        membership = get_object_or_404(circle.memberships, pk=membership_pk)
        # Only the page's button welcomes: anything else must not answer by default.
        if answer != "approve":
            raise CircleError(_("Choose to welcome or to decline the request."))
        services.request_answer(membership=membership, by=request.user, approve=True)
        return _("Welcomed to the circle.")

    return _act(request, pk, do)


@login_required
@never_cache
def decline_request(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Declining cannot be undone and emails whoever asked, so the host first sees whose
    request it is and what they are told, as before ending the circle; the POST declines."""
    if request.method != "POST":
        circle = _get_circle_for_user(request, pk)
        membership = (
            circle.memberships.filter(pk=membership_pk, status=MembershipStatus.REQUESTED)
            .select_related("member__profile")
            .first()
        )
        # Nothing to confirm for a member, nor once the request is answered or withdrawn.
        if circle.is_ended or not circle.is_led_by(request.user) or membership is None:
            return redirect(circle)
        return render(
            request,
            "circles/decline.html",
            {
                "circle": circle,
                "membership": membership,
                # services.request_answer emails them, unless they turned these emails off.
                "emailed": reminders.CIRCLE_JOIN_ANSWER.is_sent_to(membership.member),
            },
        )

    def do(circle: Circle) -> str:
        membership = get_object_or_404(circle.memberships, pk=membership_pk)
        services.request_answer(membership=membership, by=request.user, approve=False)
        return _("Request declined.")

    return _act(request, pk, do)


@login_required
@require_POST
def rsvp(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    answer = request.POST.get("coming")
    coming = answer == "yes"

    def do(circle: Circle) -> str:
        meeting = get_object_or_404(circle.meetings, pk=meeting_pk)
        if answer not in {"yes", "no"}:
            raise CircleError(_("Choose whether you will come."))
        services.meeting_rsvp(meeting=meeting, by=request.user, coming=coming)
        if coming:
            return _("Thank you: the others know you will come.")
        return _("Noted: you can't come.")

    return _act(request, pk, do)


@login_required
def agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    circle = _get_circle_for_user(request, pk)
    if not circle.is_led_by(request.user):
        return redirect(circle)  # members read the agreement on the circle's page
    if request.method == "POST":
        form = AgreementForm(request.POST, instance=circle)
        if form.is_valid():
            try:
                services.agreement_save(
                    circle=circle, by=request.user, text=form.cleaned_data["agreement"]
                )
            except CircleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Agreement saved; every member sees it on the circle."))
                return redirect(circle)
    else:
        form = AgreementForm(instance=circle)
    return render(request, "circles/agreement.html", {"circle": circle, "form": form})


@login_required
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    circle = _get_circle_for_user(request, pk)
    if not circle.is_led_by(request.user):
        return redirect(circle)  # the host proposes meetings; members answer them
    time_zone = _time_zone_of(request.user)
    if request.method == "POST":
        form = CircleMeetingForm(request.POST, time_zone=time_zone)
        if form.is_valid():
            try:
                services.meeting_propose(circle=circle, by=request.user, **form.cleaned_data)
            except CircleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Meeting proposed; each member can say if they'll come.")
                )
                return redirect(circle)
    else:
        form = CircleMeetingForm(initial={"format": circle.format}, time_zone=time_zone)
    return render(request, "circles/meeting_form.html", {"circle": circle, "form": form})


@login_required
@require_GET
def meeting_ics(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    circle = _get_circle_for_user(request, pk)
    meeting: CircleMeeting = get_object_or_404(
        circle.meetings, pk=meeting_pk, status=CircleMeetingStatus.PLANNED
    )
    body = calendar.ics_for_circle_meeting(meeting)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mentorconnect-circle-meeting-{meeting.pk}.ics"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def plan_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    circle = _get_circle_for_user(request, pk)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_add(circle=circle, by=request.user, text=form.cleaned_data["text"])
        except CircleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added to the plan; every member sees it."))
            return redirect(f"{circle.get_absolute_url()}#plan-heading")
    return _detail_page(request, circle, plan_form=form)


@login_required
@require_POST
def plan_item_tick(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    done = request.POST.get("done") == "yes"

    def do(circle: Circle) -> str:
        item: CirclePlanItem = get_object_or_404(circle.plan_items, pk=item_pk)
        services.plan_item_tick(item=item, by=request.user, done=done)
        return _("Ticked off: well done.") if done else _("Marked as not done yet.")

    return _act(request, pk, do)


@login_required
@never_cache
def feedback(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """The feedback between one member and the host: those two read and write it; the rest
    of the circle, strangers and staff get 404."""
    circle = _get_circle_for_user(request, pk)
    if not services.feedback_pair_allows(circle, member_pk, request.user):
        raise Http404
    member = get_object_or_404(User.objects.select_related("profile"), pk=member_pk)
    leader = circle.host or circle.convener
    if request.method == "POST":
        form = CircleFeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_send(
                    circle=circle, member=member, by=request.user, text=form.cleaned_data["text"]
                )
            except CircleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Sent. Only the two of you can read it."))
                return redirect("circles:feedback", pk=circle.pk, member_pk=member.pk)
    else:
        form = CircleFeedbackForm()
    other = leader if request.user.pk == member.pk else member
    notes = CircleFeedback.objects.filter(circle=circle, member=member).select_related(
        "author__profile"
    )
    return render(
        request,
        "circles/feedback.html",
        {
            "circle": circle,
            "other_name": getattr(getattr(other, "profile", None), "display_name", "")
            or _("a former member"),
            "notes": list(notes),
            "form": form,
            "time_zone": _time_zone_of(request.user),
        },
    )
