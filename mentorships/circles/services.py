"""Every change to a circle, each one atomic and recorded in its history.

Views call these functions and show a CircleError's message on the same page; nothing changes
when one is raised. Two rules hold under simultaneous requests: a mentor's circle takes one of
their places (one conditional UPDATE on their profile, as mentorship_accept does), and a circle
never has more members than places (the circle's row is locked while its members are counted).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.models import ExpertiseArea, Profile, User

from . import reminders
from .models import (
    LIVE_MEMBERSHIP,
    Circle,
    CircleEvent,
    CircleEventKind,
    CircleFeedback,
    CircleFormat,
    CircleMeeting,
    CircleMeetingStatus,
    CircleMembership,
    CirclePlanItem,
    CircleRsvp,
    CircleStatus,
    JoinPolicy,
    MembershipStatus,
)


class CircleError(Exception):
    """A change that is not allowed, with the message to show the person who tried it: next to
    the form's `field` when it names one, else above the form."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def record_event(
    circle: Circle,
    kind: str,
    actor: User | None,
    *,
    actor_left: bool = False,
    member: User | None = None,
) -> CircleEvent:
    return CircleEvent.objects.create(
        circle=circle, kind=kind, actor=actor, actor_left=actor_left, member=member
    )


def _locked(circle: Circle) -> Circle:
    """The circle's row, locked until the transaction ends, with its current state."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


def member_count(circle: Circle) -> int:
    return circle.memberships.taking_places().count()


def _require_finished_profile(user: User) -> Profile:
    profile = Profile.objects.filter(user=user, completed_at__isnull=False).first()
    if profile is None:
        raise CircleError(_("Finish your profile first: the others read it to know who you are."))
    return profile


# Starting and ending


@transaction.atomic
def circle_create(
    *, by: User, peer: bool, areas: Iterable[ExpertiseArea], **details: Any
) -> Circle:
    """`by` starts a circle: as its host, a mentor's circle, which takes one of their places;
    or, with `peer`, a peer circle they convene and are the first member of."""
    profile = _require_finished_profile(by)
    areas = list(areas)
    if not areas:
        raise CircleError(_("Choose at least one area the circle is about."))
    if details.get("format") == CircleFormat.IN_PERSON and not details.get("city"):
        raise CircleError(_("Say in which city a circle that meets in person meets."))
    # "Open the circle" clicked twice would open the same circle twice.
    title = details.get("title", "")
    running = Circle.objects.led_by(by).exclude(status=CircleStatus.ENDED)
    if running.filter(title__iexact=title).exists():
        raise _already_running(title)
    if peer:
        circle = _create_unless_running(convener=by, **details)
        circle.areas.set(areas)
        CircleMembership.objects.create(
            circle=circle, member=by, status=MembershipStatus.MEMBER, joined_at=circle.created_at
        )
    else:
        if not profile.can_mentor:
            raise CircleError(
                _(
                    "Hosting a circle is for mentors: say on your profile that you can mentor, "
                    "or start a peer circle instead."
                )
            )
        claimed = Profile.objects.filter(
            pk=profile.pk, active_mentee_count__lt=F("mentor_capacity")
        ).update(active_mentee_count=F("active_mentee_count") + 1)
        if not claimed:
            raise CircleError(
                _(
                    "A circle takes one of your places, and all your places are taken. Raise your "
                    "capacity on your profile, or wait until a mentorship ends."
                )
            )
        circle = _create_unless_running(host=by, **details)
        circle.areas.set(areas)
    record_event(circle, CircleEventKind.CREATED, by)
    return circle


def _already_running(title: str) -> CircleError:
    return CircleError(
        _("You already run a circle called “%(title)s”: find it under your circles.")
        % {"title": title},
        field="title",
    )


def _create_unless_running(**details: Any) -> Circle:
    """The new circle, unless a double submit created it a moment ago (the database's
    one_running_circle_per_title_* constraints, which hold however close the two are)."""
    try:
        with transaction.atomic():
            return Circle.objects.create(**details)
    except IntegrityError as error:
        broken = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) or ""
        if not broken.startswith("one_running_circle_per_title"):
            raise
        raise _already_running(details.get("title", "")) from error


@transaction.atomic
def circle_end(*, circle: Circle, by: User, leaving: bool = False) -> Circle:
    """The host (or convener) ends the circle: it keeps its archive for its members, who are
    emailed, waiting requests are declined (and told), and a mentor's place is given back.
    With `leaving`, `by` is leaving MentorConnect (privacy.close_relationships), and the
    history and the email say so."""
    circle = _locked(circle)
    if not circle.is_led_by(by):
        raise CircleError(_("Only the host can end the circle."))
    if circle.is_ended:
        raise CircleError(_("This circle has already ended."))
    now = timezone.now()
    circle.status = CircleStatus.ENDED
    circle.ended_at = now
    circle.save(update_fields=["status", "ended_at"])
    waiting = list(circle.memberships.filter(status=MembershipStatus.REQUESTED))
    for membership in waiting:
        membership.status = MembershipStatus.DECLINED
        membership.left_at = now
    CircleMembership.objects.bulk_update(waiting, ["status", "left_at"])
    reminders.plan_join_answers(waiting)
    reminders.plan_circle_ended(circle, by)
    # Its meetings still to come will not happen.
    circle.meetings.filter(status=CircleMeetingStatus.PLANNED, starts_at__gt=now).update(
        status=CircleMeetingStatus.CANCELLED
    )
    if circle.host_id is not None:
        Profile.objects.filter(user=circle.host_id, active_mentee_count__gt=0).update(
            active_mentee_count=F("active_mentee_count") - 1
        )
    record_event(circle, CircleEventKind.ENDED, by, actor_left=leaving)
    return circle


# Joining and leaving


@transaction.atomic
def circle_join(*, circle: Circle, by: User, note: str = "") -> CircleMembership:
    """One step: with an open policy `by` becomes a member at once while places remain; with
    the approve policy they ask, and the host answers. The circle's row is locked while its
    members are counted, so simultaneous joins fill exactly the places there are."""
    circle = _locked(circle)
    _require_finished_profile(by)
    if circle.is_led_by(by):
        raise CircleError(_("You run this circle already."))
    if circle.is_ended:
        raise CircleError(_("This circle has ended."))
    if not Circle.objects.run_by_active_members().filter(pk=circle.pk).exists():
        raise CircleError(_("Whoever ran this circle has left MentorConnect. Look for another."))
    live = circle.memberships.filter(member=by, status__in=LIVE_MEMBERSHIP).first()
    if live is not None:
        if live.status == MembershipStatus.MEMBER:
            raise CircleError(_("You are already a member of this circle."))
        raise CircleError(_("You have already asked to join; the host will answer soon."))
    if member_count(circle) >= circle.places:
        raise CircleError(
            _("This circle is full. Look for another, or ask its host about the next.")
        )
    now = timezone.now()
    joins_now = circle.join_policy == JoinPolicy.OPEN
    try:
        with transaction.atomic():
            membership = CircleMembership.objects.create(
                circle=circle,
                member=by,
                note=note,
                status=MembershipStatus.MEMBER if joins_now else MembershipStatus.REQUESTED,
                requested_at=now,
                joined_at=now if joins_now else None,
            )
    except IntegrityError as error:
        raise CircleError(_("You have already asked to join this circle.")) from error
    record_event(circle, CircleEventKind.JOINED if joins_now else CircleEventKind.REQUESTED, by)
    if not joins_now:
        reminders.plan_join_request(membership)
    return membership


@transaction.atomic
def request_answer(*, membership: CircleMembership, by: User, approve: bool) -> CircleMembership:
    """The host welcomes or declines a request to join; a welcome needs a free place."""
    circle = _locked(membership.circle)
    if not circle.is_led_by(by):
        raise CircleError(_("Only the host answers requests to join."))
    membership = CircleMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.REQUESTED:
        raise CircleError(_("This request has already been answered or withdrawn."))
    if circle.is_ended:
        raise CircleError(_("This circle has ended."))
    now = timezone.now()
    if approve:
        if member_count(circle) >= circle.places:
            raise CircleError(_("Every place is taken: someone must leave before another joins."))
        membership.status = MembershipStatus.MEMBER
        membership.joined_at = now
    else:
        membership.status = MembershipStatus.DECLINED
        membership.left_at = now
    membership.save(update_fields=["status", "joined_at", "left_at"])
    record_event(
        circle,
        CircleEventKind.APPROVED if approve else CircleEventKind.DECLINED,
        by,
        member=membership.member,
    )
    reminders.plan_join_answers([membership])
    return membership


@transaction.atomic
def circle_leave(*, circle: Circle, by: User, leaving: bool = False) -> CircleMembership:
    """A member leaves (or withdraws their request to join); their place opens, and the host
    (or convener) is emailed. With `leaving`, they are leaving MentorConnect
    (privacy.close_relationships), and the history and the email say so."""
    circle = _locked(circle)
    if circle.convener_id == by.pk:
        raise CircleError(_("You convene this circle: end it instead, or ask a member to go on."))
    membership = circle.memberships.filter(member=by, status__in=LIVE_MEMBERSHIP).first()
    if membership is None:
        raise CircleError(_("You are not a member of this circle."))
    if circle.is_ended and membership.status == MembershipStatus.MEMBER:
        raise CircleError(_("This circle has ended; its archive stays with its members."))
    was_member = membership.status == MembershipStatus.MEMBER
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["status", "left_at"])
    if was_member:
        record_event(circle, CircleEventKind.LEFT, by, actor_left=leaving)
        reminders.plan_member_left(membership, leaving=leaving)
        # The place that opened goes first to whoever has waited longest for these areas.
        reminders.plan_place_offer(circle)
    return membership


# Inside a circle


def _require_running(circle: Circle, by: User) -> None:
    if not circle.is_led_by(by):
        raise CircleError(_("Only the host can do this."))
    if circle.is_ended:
        raise CircleError(_("This circle has ended."))


@transaction.atomic
def agreement_save(*, circle: Circle, by: User, text: str) -> Circle:
    circle = _locked(circle)
    _require_running(circle, by)
    circle.agreement = text
    circle.agreement_updated_at = timezone.now()
    circle.save(update_fields=["agreement", "agreement_updated_at"])
    record_event(circle, CircleEventKind.AGREEMENT_REVISED, by)
    return circle


@transaction.atomic
def meeting_propose(
    *,
    circle: Circle,
    by: User,
    starts_at: datetime.datetime,
    **details: Any,
) -> CircleMeeting:
    circle = _locked(circle)
    _require_running(circle, by)
    if starts_at <= timezone.now():
        raise CircleError(_("Choose a time in the future."))
    meeting = CircleMeeting.objects.create(
        circle=circle, proposed_by=by, starts_at=starts_at, **details
    )
    record_event(circle, CircleEventKind.MEETING_PROPOSED, by)
    return meeting


@transaction.atomic
def meeting_rsvp(*, meeting: CircleMeeting, by: User, coming: bool) -> CircleRsvp:
    """A member says whether they will come; a later answer replaces an earlier one."""
    circle = meeting.circle
    if not Circle.objects.visible_to(by).filter(pk=circle.pk).exists():
        raise CircleError(_("Only the circle's members answer its meetings."))
    if meeting.status != CircleMeetingStatus.PLANNED or meeting.ends_at < timezone.now():
        raise CircleError(_("This meeting is over or cancelled."))
    rsvp, _created = CircleRsvp.objects.update_or_create(
        meeting=meeting,
        member=by,
        defaults={"coming": coming, "answered_at": timezone.now()},
    )
    return rsvp


# The shared plan: any member or the host adds steps and ticks them off.


def _require_inside(circle: Circle, by: User) -> None:
    if not Circle.objects.visible_to(by).filter(pk=circle.pk).exists():
        raise CircleError(_("Only the circle's members and host work on its plan."))
    if circle.is_ended:
        raise CircleError(_("This circle has ended; its plan stays as it was."))


@transaction.atomic
def plan_item_add(*, circle: Circle, by: User, text: str) -> CirclePlanItem:
    _require_inside(circle, by)
    text = text.strip()
    if not text:
        raise CircleError(_("Write the step to add to the plan."))
    item = CirclePlanItem.objects.create(circle=circle, text=text, added_by=by)
    record_event(circle, CircleEventKind.PLAN_ITEM_ADDED, by)
    return item


@transaction.atomic
def plan_item_tick(*, item: CirclePlanItem, by: User, done: bool) -> CirclePlanItem:
    """Ticks a step off (who and when are kept), or back on if it was ticked by mistake."""
    item = CirclePlanItem.objects.select_for_update().select_related("circle").get(pk=item.pk)
    _require_inside(item.circle, by)
    if done == item.is_done:
        return item  # two people ticking at once: the first tick stands
    item.done_at, item.done_by = (timezone.now(), by) if done else (None, None)
    item.save(update_fields=["done_at", "done_by"])
    if done:
        record_event(item.circle, CircleEventKind.PLAN_ITEM_DONE, by)
    return item


# Feedback between one member and the host: two people, no one else.


def feedback_pair_allows(circle: Circle, member_id: int, reader: User) -> bool:
    """Whether `reader` is one of the two people of the member's feedback with the host: the
    member themselves (still in the circle) or the host. Nobody else, staff included."""
    leader = circle.leader_user_id
    if leader is None or member_id == leader or reader.pk not in {leader, member_id}:
        return False
    return circle.memberships.filter(member=member_id, status=MembershipStatus.MEMBER).exists()


@transaction.atomic
def feedback_send(*, circle: Circle, member: User, by: User, text: str) -> CircleFeedback:
    if not feedback_pair_allows(circle, member.pk, by):
        raise CircleError(_("Feedback here is between one member and the host only."))
    if circle.is_ended:
        raise CircleError(_("This circle has ended; its feedback stays here for the two of you."))
    text = text.strip()
    if not text:
        raise CircleError(_("Write your feedback first."))
    return CircleFeedback.objects.create(circle=circle, member=member, author=by, text=text)
