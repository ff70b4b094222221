from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentorconnect.dates import date_format
from profiles import matching
from profiles.http import AuthenticatedHttpRequest
from profiles.models import Profile, User

from . import calendar, contact, services, waiting_list
from .forms import (
    AgreementForm,
    DeclineForm,
    EndForm,
    MeetingForm,
    PlanItemEditForm,
    PlanItemForm,
    RequestForm,
    ways_to_meet,
)
from .models import MATCHED_STATES, Agreement, Meeting, MeetingStatus, Mentorship, PlanItem, Status
from .services import MentorshipError

# Other mentors offered when the one asked is full or paused.
ALTERNATIVES = 3


def _get_mentorship_for_user(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    # With what its page shows of it (the agreement, when a check-in is due) in the same query,
    # and whether its mentee has requests still waiting: most have none, and then the page
    # does not ask for them.
    waiting = Mentorship.objects.pending().filter(mentee=OuterRef("mentee"))
    mentorships = (
        Mentorship.objects.visible_to(request.user)
        .select_related("agreement")
        .with_last_meeting_held()
        .annotate(mentee_has_open_requests=Exists(waiting))
    )
    return get_object_or_404(mentorships, pk=pk)


def _time_zone_of(user: User) -> str:
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    return (profile.time_zone if profile else "") or "UTC"


def day_and_month(moment: datetime.datetime) -> str:
    """A day of this year (already in the reader's time), as each language writes it ("4 May")."""
    # Translators: a day without its year, in Django's date format ("4 May"); French "j F",
    # Spanish "j \\d\\e F".
    return date_format(moment, _("j F"))


def request_draft(own: Profile, mentor: Profile) -> dict[str, str]:
    """A first draft of the request, to edit freely: people who never sent a request often did
    not know what to write. It says what the mentee (`own`, their profile) wants (their own
    words and the areas they chose) and what this mentor shares with them (the areas first), so
    that two mentors asked by the same mentee get requests that differ where their match does.
    Both profiles are best loaded with their city, library type and career stage, and
    `mentor.expertise` prefetched."""
    wanted_areas = list(own.wanted_areas.all())
    wanted_names = [area.name for area in wanted_areas]
    reason = matching.reason_for(mentor, own, wanted_names)
    # The draft is written in the mentee's language: areas by their translated names (str()).
    shown = {area.name: str(area) for area in [*wanted_areas, *mentor.expertise.all()]}
    wanted = [str(area) for area in wanted_areas]
    mentor_areas = [str(area) for area in mentor.expertise.all()]
    shared = [shown.get(name, name) for name in reason.shared_areas]
    goals = own.help_wanted.strip()
    if goals and goals[-1] not in ".!?":
        goals += "."

    help_wanted = " ".join(
        part
        for part in [
            goals,
            _("The areas I want to grow in: %(areas)s.") % {"areas": and_list(wanted)}
            if wanted
            else "",
        ]
        if part
    )

    # A mentor who shares none of the areas the mentee wants may still be the right one, but
    # only the mentee knows why: the draft does not claim that their other areas are it.
    if shared:
        why = _("You mentor in %(areas)s, which is what I most want to learn.") % {
            "areas": and_list(shared)
        }
    elif mentor_areas and not wanted:
        why = _("Your experience in %(theirs)s is why I am asking you.") % {
            "theirs": and_list(mentor_areas[:3])
        }
    else:
        why = ""
    also = []
    shared_formats = [f for f in own.meeting_formats if f in mentor.meeting_formats]
    offered = ways_to_meet(own, mentor)
    stages_ahead = (
        mentor.career_stage.seniority - own.career_stage.seniority
        if own.career_stage and mentor.career_stage
        else 0
    )
    if 0 < stages_ahead <= 3:
        also.append(_("you are a few steps ahead of me in your career"))
    if reason.same_library_type:
        also.append(
            _("we work in the same kind of library (%(library_type)s)")
            % {"library_type": own.library_type}
        )
    if "in_person" in shared_formats and matching.near_enough_to_meet(own, mentor):
        also.append(_("we are near enough to meet in person"))
    if also:
        more = and_list(also)
        why = " ".join(part for part in [why, more[0].upper() + more[1:] + "."] if part)

    names = {
        "mentor": mentor.display_name,
        "mentee": own.display_name,
        "headline": own.headline,
        "workplace": own.workplace,
        "city": own.city.name if own.city else "",
    }
    if own.headline and own.workplace:
        who = _("I am %(mentee)s, %(headline)s at %(workplace)s") % names
    elif own.headline:
        who = _("I am %(mentee)s, %(headline)s") % names
    else:
        who = _("I am %(mentee)s") % names
    if own.city:
        who = _("%(who)s, in %(city)s") % {**names, "who": who}
    introduction = _("Hello %(mentor)s, %(who)s.") % {**names, "who": who}
    learning_from = shared or ([] if wanted else mentor_areas[:3])
    message = [introduction]
    if goals:
        message.append(_("What I would like help with: %(goals)s") % {"goals": goals})
    if learning_from:
        message.append(
            _("I would be glad to learn from your experience in %(areas)s.")
            % {"areas": and_list(learning_from)}
        )
    message.append(_("Would you be my mentor?"))
    return {
        "help_wanted": help_wanted,
        "why_this_mentor": why,
        # A way the mentor offers: one of the mentee's own if they share one.
        "preferred_format": next((f for f in own.meeting_formats if f in offered), offered[0]),
        "first_message": " ".join(message),
    }


def and_list(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C": every item named (a request should not say "and 2 more"),
    with the active language's "and"."""
    if len(items) <= 1:
        return "".join(items)
    # Translators: the end of a list, "A, B and C" ("%(last)s" is C).
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


@login_required
def request_mentor(request: AuthenticatedHttpRequest, profile_pk: int) -> HttpResponse:
    """The guided request form, from a mentor's page.

    Someone who already asked this mentor, or has them as their mentor, is taken to that
    request or mentorship instead. Someone who may not ask them now is told why once, without
    a form, and (when the mentor is full or paused) shown others to ask. A refusal found only
    when the request is sent (the last place just taken) is shown once, above what they typed.
    """
    mentor = get_object_or_404(
        Profile.objects.visible_to_members()
        .filter(can_mentor=True)
        .select_related("city", "library_type", "career_stage")
        .prefetch_related("expertise"),
        pk=profile_pk,
    )
    # A second "Send my request" (a double click, a page sent again) lands on the request the
    # first one made, as the first did. When both arrive at once, the second waits for the
    # first in mentorship_request, is refused there, and finds the request below.
    already = _open_request_or_mentorship(request.user, mentor)
    if already is not None:
        return _to_open_request_or_mentorship(request, mentor, already)
    mentee_profile = Profile.objects.of(request.user)
    if request.method == "POST":
        form = RequestForm(request.POST, mentee=mentee_profile, mentor=mentor)
        if form.is_valid():
            try:
                mentorship = services.mentorship_request(
                    mentee=request.user, mentor_profile=mentor, **form.cleaned_data
                )
            except MentorshipError as error:
                already = _open_request_or_mentorship(request.user, mentor)
                if already is not None:
                    return _to_open_request_or_mentorship(request, mentor, already)
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your request is on its way to %(name)s. Mentors answer within two "
                        "weeks; we will email you either way."
                    )
                    % {"name": mentor.display_name},
                )
                return redirect(mentorship)
        return render(request, "mentorships/request.html", {"mentor": mentor, "form": form})

    try:
        services.check_can_request(mentee=request.user, mentor_profile=mentor)
    except MentorshipError as error:
        return _refused_request_page(request, mentor, str(error))
    # check_can_request found the member's finished profile; the draft is written from it.
    draft = request_draft(mentee_profile, mentor) if mentee_profile else {}
    form = RequestForm(initial=draft, mentee=mentee_profile, mentor=mentor)
    return render(request, "mentorships/request.html", {"mentor": mentor, "form": form})


def _to_open_request_or_mentorship(
    request: AuthenticatedHttpRequest, mentor: Profile, already: Mentorship
) -> HttpResponse:
    """To the mentee's request to `mentor` or their mentorship with them, saying which."""
    if already.is_active:
        messages.info(
            request, _("%(name)s is already your mentor.") % {"name": mentor.display_name}
        )
    else:
        messages.info(
            request,
            _("You asked %(name)s on %(day)s; here is your request.")
            % {
                "name": mentor.display_name,
                "day": day_and_month(timezone.localtime(already.requested_at)),
            },
        )
    return redirect(already)


def _open_request_or_mentorship(mentee: User, mentor: Profile) -> Mentorship | None:
    """The mentee's mentorship under way with `mentor`, else their open request to them."""
    current = {
        mentorship.status: mentorship
        for mentorship in Mentorship.objects.filter(
            mentee=mentee, mentor_id=mentor.user_id, status__in=[Status.ACTIVE, Status.PENDING]
        )
    }
    return current.get(Status.ACTIVE) or current.get(Status.PENDING)


def _refused_request_page(
    request: AuthenticatedHttpRequest, mentor: Profile, refusal: str
) -> HttpResponse:
    """The request page without a form: why the mentee cannot ask `mentor` now, said once.
    When the reason is that the mentor is full or paused, the page says so and offers a few
    mentors to ask instead."""
    viewer = Profile.objects.with_wanted_area_ids().of(request.user)
    viewer_finished = viewer is not None and viewer.completed_at is not None
    # Asking oneself and an unfinished profile are refused before availability is looked at.
    refused_for_availability = (
        viewer_finished and mentor.user_id != request.user.pk and mentor.availability != "accepting"
    )
    alternatives: list[Profile] = []
    if refused_for_availability:
        # of() answers a plain Profile; the annotation is there all the same.
        wanted_ids = viewer.wanted_area_ids if viewer else []  # type: ignore[attr-defined]
        alternatives = Profile.objects.alternatives_to(
            mentor,
            user=request.user,
            viewer=viewer,
            wanted_ids=wanted_ids,
            limit=ALTERNATIVES,
        )
    return render(
        request,
        "mentorships/request.html",
        {
            "mentor": mentor,
            "refusal": refusal,
            "refused_for_availability": refused_for_availability,
            "viewer_finished": viewer_finished,
            "alternatives": alternatives,
        },
    )


@login_required
@never_cache
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _get_mentorship_for_user(request, pk))


def _detail_page(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, **refused_form: forms.BaseForm
) -> HttpResponse:
    """The mentorship page; after a form on it refused its input, with that form as it was
    sent (its errors next to its fields, the text kept)."""
    me = request.user
    other = mentorship.other(me)
    # Both people's profiles in one query: the other's for their name and contact, one's own
    # for the time zone the page shows times in. Their users are the reader and the other
    # participant already loaded, and two profiles need no ordering.
    people = {me.pk: me, **({other.pk: other} if other else {})}
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(user_id__in=list(people)).order_by()
    }
    for profile in profiles.values():
        profile.user = people[profile.user_id]
    other_profile = profiles.get(other.pk) if other else None
    # One whose account was closed is named, but neither linked nor offered as a contact.
    other_left = other is not None and not other.is_active
    my_profile = profiles.get(me.pk)
    if my_profile is not None:
        # The header names the member from their profile: this one, not a second query.
        me.profile = my_profile
    time_zone = (my_profile.time_zone if my_profile else "") or "UTC"
    now = timezone.now()
    # The page names who proposed a meeting or did what in the history by id alone (it is one
    # of the two, or "a former member"): their users need not be loaded again.
    meetings = list(mentorship.meetings.all())
    matched = mentorship.status in MATCHED_STATES
    # Meetings to answer, cancel or mark belong to a mentorship under way; once it has ended,
    # its page offers nothing that the end has made impossible.
    live = mentorship.is_active
    plan_items = list(mentorship.plan_items.all())
    has_goal = any(item.kind == PlanItem.Kind.GOAL for item in plan_items)
    context = {
        "mentorship": mentorship,
        "role": mentorship.role_of(me),
        "other": other,
        "other_profile": other_profile,
        "other_left": other_left,
        "matched": matched,
        # Contact that always works: each side is told when the other has no way to reach
        # them outside MentorConnect (and the one who shared nothing is asked to, here and by
        # email at the accept: contact.plan_share_contact).
        "other_reachable": matched and not other_left and contact.reachable(other_profile, by=me),
        "me_reachable": (not matched or other is None or contact.reachable(my_profile, by=other)),
        "contact_settings_url": contact.contact_settings_path(),
        "agreement": getattr(mentorship, "agreement", None),
        "upcoming": [
            m
            for m in meetings
            if live
            and m.status in {MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED}
            and not m.has_started(now)
        ],
        "to_mark": [
            m
            for m in meetings
            if live and m.status == MeetingStatus.CONFIRMED and m.has_started(now)
        ],
        "past": [m for m in meetings if m.status in {"held", "missed"}],
        "plan_items": plan_items,
        "events": list(
            mentorship.events.only("mentorship_id", "kind", "actor_id", "actor_left", "created_at")
        ),
        "time_zone": time_zone,
        # After an accept, the mentee's other requests still waiting, named before offering
        # to withdraw them.
        "other_open_requests": (
            list(
                Mentorship.objects.filter(mentee=me, status=Status.PENDING)
                .select_related("mentor__profile")
                .order_by("requested_at")
            )
            if mentorship.is_active
            and mentorship.mentee_id == me.pk
            and mentorship.mentee_has_open_requests  # type: ignore[attr-defined]
            else []
        ),
        "decline_form": DeclineForm(),
        "end_form": EndForm(),
        # A plan starts from a goal; the action items follow from it.
        "plan_form": PlanItemForm(
            initial={"kind": PlanItem.Kind.ACTION if has_goal else PlanItem.Kind.GOAL}
        ),
        "check_in_due": mentorship.check_in_due_on(),
        **refused_form,
    }
    if other:
        name = (other_profile.display_name if other_profile else "") or other.email
        title = _("Mentorship with %(name)s") % {"name": name}
    else:
        title = _("Mentorship with a former member")
    return render(request, "mentorships/detail.html", {"title": title, **context})


def _post_only_else_to_mentorship(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For a mentorship's POST buttons. After a form error the address bar shows the action's
    URL; reloading or opening it is a GET, which goes to the mentorship page (404 to anyone
    who may not see it) instead of a blank 405."""

    @functools.wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, pk: int, **kwargs: int) -> HttpResponse:
        if request.method in {"GET", "HEAD"}:
            return redirect(_get_mentorship_for_user(request, pk))
        return require_POST(view)(request, pk, **kwargs)

    return wrapped


def _act(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[[Mentorship], str | None]
) -> HttpResponse:
    """Runs one state change from a POST button and returns to the mentorship page with its
    outcome: a success message, or the reason it was refused (nothing changed then)."""
    mentorship = _get_mentorship_for_user(request, pk)
    try:
        success = action(mentorship)
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        if success:
            messages.success(request, success)
    return redirect(mentorship)


@login_required
@_post_only_else_to_mentorship
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def do(mentorship: Mentorship) -> str:
        services.mentorship_accept(mentorship=mentorship, by=request.user)
        name = services.name_of(mentorship.mentee_id)
        return _(
            "You accepted %(name)s's request: you are now their mentor. "
            "Next: agree your goals and rhythm below."
        ) % {"name": name}

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, _get_mentorship_for_user(request, pk), decline_form=form)

    def do(mentorship: Mentorship) -> str:
        services.mentorship_decline(
            mentorship=mentorship,
            by=request.user,
            note=form.cleaned_data["note"],
            pause=form.cleaned_data["pause"],
        )
        name = {"name": services.name_of(mentorship.mentee_id)}
        if form.cleaned_data["pause"]:
            return (
                _(
                    "You declined %(name)s's request; we have told them by email. Your "
                    "availability is paused: nobody new can ask you until you turn it back on."
                )
                % name
            )
        return _("You declined %(name)s's request; we have told them by email.") % name

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def do(mentorship: Mentorship) -> str:
        services.mentorship_withdraw(mentorship=mentorship, by=request.user)
        return _("You withdrew your request to %(name)s.") % {
            "name": services.name_of(mentorship.mentor_id)
        }

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def withdraw_others(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def do(mentorship: Mentorship) -> str:
        if mentorship.mentee_id != request.user.pk or not mentorship.is_active:
            raise MentorshipError(
                _("Only the mentee of an active mentorship can withdraw their other requests here.")
            )
        names = services.withdraw_other_requests(mentee=request.user, keep=mentorship)
        if not names:
            return _("You have no other request waiting: nothing to withdraw.")
        return ngettext(
            "You withdrew your request to %(names)s.",
            "You withdrew your requests to %(names)s.",
            len(names),
        ) % {"names": and_list(names)}

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = EndForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, _get_mentorship_for_user(request, pk), end_form=form)

    def do(mentorship: Mentorship) -> str:
        completed = form.cleaned_data["outcome"] == "completed"
        ended_mentorship = services.mentorship_end(
            mentorship=mentorship,
            by=request.user,
            completed=completed,
            reason=form.cleaned_data["reason"],
        )
        name = {"name": services.name_of(services.other_id(mentorship, request.user))}
        # The other person is emailed about the end whatever they chose on their email
        # choices page (mentorships/emails.py), so each message may say they are told.
        if completed:
            ended = (
                _("Your mentorship with %(name)s is completed; we have told them. Thank you both!")
                % name
            )
        elif mentorship.mentee_id == request.user.pk:
            ended = (
                _(
                    "Your mentorship with %(name)s has ended; we have told them. You can look "
                    "for another mentor at any time."
                )
                % name
            )
        else:
            ended = _("Your mentorship with %(name)s has ended; we have told them.") % name
        cancelled = Meeting.objects.cancelled_by_the_end_of(ended_mentorship).count()
        if not cancelled:
            return ended
        return " ".join(
            [
                ended,
                ngettext(
                    "The meeting still planned is cancelled, and %(name)s has a calendar file "
                    "that removes it; remove it from your own calendar if you added it.",
                    "The %(count)s meetings still planned are cancelled, and %(name)s has "
                    "calendar files that remove them; remove them from your own calendar if you "
                    "added them.",
                    cancelled,
                )
                % {**name, "count": cancelled},
            ]
        )

    return _act(request, pk, do)


@login_required
def agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_user(request, pk)
    current = getattr(mentorship, "agreement", None)
    if current is None or not mentorship.is_active:
        raise Http404
    other = mentorship.other(request.user)
    other_confirmed = other is not None and current.confirmed_by(other)
    if request.method == "POST":
        form = AgreementForm(request.POST, instance=current)
        if form.is_valid():
            try:
                saved = services.agreement_save(
                    agreement=form.save(commit=False),
                    by=request.user,
                    confirm="confirm" in request.POST,
                )
            except MentorshipError as error:
                form.add_error(None, str(error))
            else:
                asked_again = (
                    other_confirmed and other is not None and not saved.confirmed_by(other)
                )
                messages.success(
                    request, _agreement_saved(saved, mentorship, request.user, asked_again)
                )
                return redirect(mentorship)
    else:
        form = AgreementForm(instance=current)
    return render(
        request,
        "mentorships/agreement.html",
        {
            "mentorship": mentorship,
            "agreement": current,
            "other_confirmed": other_confirmed,
            "other_name": services.name_of(other.pk if other else None),
            "form": form,
        },
    )


def _agreement_saved(
    agreement: Agreement, mentorship: Mentorship, me: User, asked_again: bool
) -> str:
    """What saving the agreement did; `asked_again` when it changed terms the other had
    confirmed, so that their confirmation no longer holds."""
    name = {"name": services.name_of(services.other_id(mentorship, me))}
    if agreement.is_confirmed:
        return _("Agreement saved: you and %(name)s have both confirmed it.") % name
    if asked_again and agreement.confirmed_by(me):
        return (
            _(
                "Agreement saved and confirmed by you. %(name)s had confirmed the earlier terms, "
                "so we have emailed them to confirm the new ones."
            )
            % name
        )
    if asked_again:
        return (
            _(
                "Agreement saved. %(name)s had confirmed the earlier terms, so we have emailed "
                "them about the change; it is agreed once you both confirm it."
            )
            % name
        )
    if agreement.confirmed_by(me):
        return (
            _("Agreement saved and confirmed by you; it is agreed once %(name)s confirms too.")
            % name
        )
    other = mentorship.other(me)
    if other is not None and agreement.confirmed_by(other):
        return (
            _("Agreement saved. %(name)s has confirmed these terms: confirm them too to agree.")
            % name
        )
    return _("Agreement saved. Confirm it when you are ready; %(name)s confirms too.") % name


def _get_proposed_meeting(mentorship: Mentorship, pk: str) -> Meeting | None:
    """The meeting a "propose another time" link names, still waiting for an answer; 404 for
    anything else in the address (another mentorship's meeting, or not a number at all)."""
    if not pk:
        return None
    try:
        number = int(pk)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(mentorship.meetings, pk=number, status=MeetingStatus.PROPOSED)


@login_required
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Propose a meeting, or (with ?replacing=<id>) another time for a proposed one."""
    mentorship = _get_mentorship_for_user(request, pk)
    if not mentorship.is_active:
        # An ended mentorship (or a request) has no meetings to plan: say why, on its page.
        messages.error(request, services.why_not_active(mentorship, viewer=request.user))
        return redirect(mentorship)
    replacing = _get_proposed_meeting(mentorship, request.GET.get("replacing", ""))
    time_zone = _time_zone_of(request.user)
    if request.method == "POST":
        form = MeetingForm(request.POST, time_zone=time_zone)
        if form.is_valid():
            try:
                services.meeting_propose(
                    mentorship=mentorship,
                    by=request.user,
                    replacing=replacing,
                    **form.cleaned_data,
                )
            except MentorshipError as error:
                form.add_error(None, str(error))
            else:
                name = services.name_of(services.other_id(mentorship, request.user))
                messages.success(
                    request,
                    _("Meeting proposed; we emailed %(name)s to accept it or suggest another time.")
                    % {"name": name},
                )
                return redirect(mentorship)
    else:
        initial = {}
        if replacing:
            initial = {
                "format": replacing.format,
                "place_or_link": replacing.place_or_link,
                "agenda": replacing.agenda,
                "duration_minutes": replacing.duration_minutes,
            }
        form = MeetingForm(initial=initial, time_zone=time_zone)
    return render(
        request,
        "mentorships/meeting_form.html",
        {"mentorship": mentorship, "form": form, "replacing": replacing},
    )


def _meeting_action(
    request: AuthenticatedHttpRequest, pk: int, meeting_pk: int, action: Callable[[Meeting], str]
) -> HttpResponse:
    def do(mentorship: Mentorship) -> str:
        meeting = get_object_or_404(mentorship.meetings, pk=meeting_pk)
        return action(meeting)

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def meeting_confirm(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def do(meeting: Meeting) -> str:
        services.meeting_confirm(meeting=meeting, by=request.user)
        name = services.name_of(services.other_id(meeting.mentorship, request.user))
        return _(
            "Meeting confirmed; we let %(name)s know. Add it to your calendar with the .ics link."
        ) % {"name": name}

    return _meeting_action(request, pk, meeting_pk, do)


@login_required
@_post_only_else_to_mentorship
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def do(meeting: Meeting) -> str:
        services.meeting_cancel(meeting=meeting, by=request.user)
        name = services.name_of(services.other_id(meeting.mentorship, request.user))
        day = timezone.localtime(meeting.starts_at, ZoneInfo(_time_zone_of(request.user)))
        return _("Meeting of %(day)s cancelled; we let %(name)s know.") % {
            "day": day_and_month(day),
            "name": name,
        }

    return _meeting_action(request, pk, meeting_pk, do)


@login_required
@_post_only_else_to_mentorship
def meeting_mark(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    held = request.POST.get("outcome") == "held"

    def do(meeting: Meeting) -> str:
        services.meeting_mark(meeting=meeting, by=request.user, held=held)
        return _("Marked as held. Well done!") if held else _("Marked as missed.")

    return _meeting_action(request, pk, meeting_pk, do)


@login_required
@require_GET
def meeting_ics(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_user(request, pk)
    meeting = get_object_or_404(
        mentorship.meetings,
        pk=meeting_pk,
        status__in=[MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED],
    )
    response = HttpResponse(calendar.ics_for(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mentorconnect-meeting-{meeting.pk}.ics"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@_post_only_else_to_mentorship
def plan_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, _get_mentorship_for_user(request, pk), plan_form=form)

    def do(mentorship: Mentorship) -> str:
        services.plan_item_add(mentorship=mentorship, by=request.user, **form.cleaned_data)
        return _("Added to your plan.")

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def plan_toggle(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    def do(mentorship: Mentorship) -> None:
        item = get_object_or_404(PlanItem, pk=item_pk, mentorship=mentorship)
        if not mentorship.is_active:
            raise MentorshipError(services.why_not_active(mentorship, viewer=request.user))
        item.done = not item.done
        item.save(update_fields=["done"])
        return None

    return _act(request, pk, do)


@login_required
@_post_only_else_to_mentorship
def plan_change(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Edit an item's text, or remove it (the "remove" button). Text the form refuses (too
    long, or empty) is shown back next to the item, as it was typed."""
    mentorship = _get_mentorship_for_user(request, pk)
    item = get_object_or_404(mentorship.plan_items, pk=item_pk)
    delete = "remove" in request.POST
    form = PlanItemEditForm(request.POST, instance=item)
    if not delete and not form.is_valid():
        return _detail_page(request, mentorship, plan_edit_form=form)
    try:
        text = None if delete else form.cleaned_data["text"]
        services.plan_item_change(item=item, by=request.user, text=text, delete=delete)
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Removed from your plan.") if delete else _("Plan updated."))
    return redirect(mentorship)


@login_required
def mentorship_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    mentorships = Mentorship.objects.involving(request.user).select_related(
        "mentee__profile", "mentor__profile"
    )
    return render(request, "mentorships/list.html", {"mentorships": mentorships})


@login_required
def waiting_list_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Join or leave the waiting list for a mentor in one's wanted areas."""
    if request.method == "POST":
        if request.POST.get("action") == "leave":
            waiting_list.leave(mentee=request.user)
            messages.success(request, _("You have left the waiting list."))
            return redirect("dashboard")
        try:
            waiting_list.join(mentee=request.user)
        except waiting_list.WaitingListError as error:
            messages.error(request, str(error))
            return redirect("mentorships:waiting_list")
        messages.success(
            request,
            _(
                "You are on the waiting list. We will email you as soon as a mentor in your "
                "areas has a free place."
            ),
        )
        return redirect("dashboard")
    profile = Profile.objects.of(request.user)
    entry = waiting_list.waiting_entry_of(request.user)
    context = {
        "entry": entry,
        "ahead": waiting_list.waiting_ahead_of(entry) if entry else 0,
        "can_join": entry is None and waiting_list.can_join(profile),
        "profile": profile,
    }
    return render(request, "mentorships/waiting_list.html", context)
