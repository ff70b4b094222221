"""Every change to a mentorship, each one atomic, recorded as an Event and emailed after commit.

Views call these functions and show a MentorshipError's message on the same page; nothing
changes when one is raised.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from mentorconnect.dates import date_format
from profiles.models import Profile, User

from . import contact, waiting_list
from .models import (
    DECLINE_REMEMBERED,
    Agreement,
    Event,
    EventKind,
    Meeting,
    MeetingStatus,
    Mentorship,
    PlanItem,
    Status,
)

logger = logging.getLogger(__name__)


class MentorshipError(Exception):
    """A change that is not allowed, with the message to show the person who tried it."""


def record_event(
    mentorship: Mentorship,
    kind: str,
    actor: User | None,
    meeting: Meeting | None = None,
    *,
    email_after: datetime.datetime | None = None,
    actor_left: bool = False,
    already_emailed: bool = False,
    changes: dict[str, list[Any]] | None = None,
) -> Event:
    """Records a change; its email (if its kind has one) goes after commit, or, with
    `email_after`, with the first sweep after that time. With `actor_left`, the change is the
    actor's leaving MentorConnect. With `already_emailed`, another event's email tells of it
    (a mentor hears of all their cohort mentees in one): it is recorded as emailed, so
    neither a task nor the sweep sends it. `changes` are what its email says changed."""
    event = Event.objects.create(
        mentorship=mentorship,
        kind=kind,
        actor=actor,
        meeting=meeting,
        emailed_at=timezone.now() if already_emailed else None,
        email_after=email_after,
        actor_left=actor_left,
        changes=changes,
    )
    # An email due later is left to the sweep (tasks.send_unsent_emails), which sends it once
    # due. A task Celery holds in a worker until its time is lost if Redis restarts, and when
    # Redis went away while a worker held one, kombu's Redis transport crashed the worker.
    if email_after is None and not already_emailed:
        transaction.on_commit(lambda: queue_email(event.pk))
    return event


def queue_email(event_id: int) -> None:
    """Hands a committed event's email to Celery. The event row is the promise: if the
    broker cannot take the task, the member's change still stands (no error page) and the
    sweep (tasks.send_unsent_emails) sends the email once the broker is back."""
    from .tasks import send_event_email

    try:
        send_event_email.delay(event_id)
    except OperationalError as error:
        logger.warning(
            "Could not queue the email of mentorship event %s (%s); the sweep will send it",
            event_id,
            type(error).__name__,
        )


def _locked(mentorship: Mentorship) -> Mentorship:
    """The mentorship's row, locked until the transaction ends, with its current state."""
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


def long_day(moment: datetime.datetime) -> str:
    """The day of `moment` in the local time, as each language writes it ("3 May 2026")."""
    # Translators: a day in messages, in Django's date format ("3 May 2026"); French "j F Y",
    # Spanish "j \\d\\e F \\d\\e Y".
    return date_format(timezone.localtime(moment), _("j F Y"))


def _day(moment: datetime.datetime | None) -> str:
    return long_day(moment) if moment else _("an earlier day")


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def other_id(mentorship: Mentorship, user: User) -> int | None:
    return mentorship.mentor_id if user.pk == mentorship.mentee_id else mentorship.mentee_id


def name_of(user_id: int | None) -> str:
    """The member's display name, for messages; "a former member" once they have left."""
    if user_id is None:
        return _("a former member")
    name = Profile.objects.filter(user_id=user_id).values_list("display_name", flat=True).first()
    return name or _("a former member")


def state_of_request(mentorship: Mentorship, *, viewer: User) -> str:
    """What became of a request that is no longer waiting, as one sentence for `viewer` (one
    of its two people), naming the other person and the day: "You accepted this request from
    Mia on 3 May 2026." Shown when someone answers or withdraws a request that was already
    answered (in another tab, by the other person, or by the expiry sweep)."""
    # The viewer is one of the two people, so each sentence names only the other one.
    mentor_is_viewer = viewer.pk == mentorship.mentor_id
    # A name ("a former member" too) is capitalised only where it starts the sentence.
    names = {
        "mentee": name_of(mentorship.mentee_id),
        "mentor": _capfirst(name_of(mentorship.mentor_id)),
        "day": _day(mentorship.answered_at),
    }
    status = mentorship.status
    if status in {Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY}:
        if mentor_is_viewer:
            return _("You already accepted this request from %(mentee)s on %(day)s.") % names
        return _("%(mentor)s already accepted this request on %(day)s.") % names
    if status == Status.DECLINED:
        if mentor_is_viewer:
            return _("You already declined this request from %(mentee)s on %(day)s.") % names
        return _("%(mentor)s declined this request on %(day)s.") % names
    if status == Status.WITHDRAWN:
        if mentor_is_viewer:
            return _("%(mentee)s withdrew this request on %(day)s.") % {
                **names,
                "mentee": _capfirst(names["mentee"]),
            }
        return _("You already withdrew this request on %(day)s.") % names
    if status == Status.EXPIRED:
        return _("This request expired without an answer on %(day)s.") % names
    return _("This request is still waiting for an answer.")


# Requests


def open_requests_of(mentee: User) -> int:
    return Mentorship.objects.filter(mentee=mentee, status=Status.PENDING).count()


def check_can_request(*, mentee: User, mentor_profile: Profile) -> None:
    """Raises MentorshipError if `mentee` may not ask this mentor now."""
    mentor = {"name": mentor_profile.display_name}
    if mentor_profile.user_id == mentee.pk:
        raise MentorshipError(_("You cannot send a request to yourself."))
    if not Profile.objects.filter(user=mentee, completed_at__isnull=False).exists():
        raise MentorshipError(
            _("Finish your profile first: mentors read it to decide, and it takes three steps.")
        )
    if not mentor_profile.can_mentor:
        raise MentorshipError(_("%(name)s is not mentoring at the moment.") % mentor)
    if not mentor_profile.accepting_requests:
        raise MentorshipError(_("%(name)s has paused new requests. Try another mentor.") % mentor)
    if mentor_profile.free_places == 0:
        raise MentorshipError(
            _("%(name)s has no free place right now. Try another mentor.") % mentor
        )
    # What rules this mentor out for the mentee (an open request, a mentorship under way, a
    # recent no), in one query: the latest of each state, without its (encrypted) words.
    ruling_out: dict[str, Mentorship] = {}
    for mentorship in (
        Mentorship.objects.filter(mentee=mentee, mentor_id=mentor_profile.user_id)
        .ruling_out_their_mentor()
        .only("status", "answered_at")
        .order_by("-answered_at")
    ):
        ruling_out.setdefault(mentorship.status, mentorship)
    if Status.PENDING in ruling_out:
        raise MentorshipError(_("You already have an open request to %(name)s.") % mentor)
    if Status.ACTIVE in ruling_out:
        raise MentorshipError(_("%(name)s is already your mentor.") % mentor)
    declined = ruling_out.get(Status.DECLINED)
    if declined is not None and declined.answered_at is not None:
        again = declined.answered_at + DECLINE_REMEMBERED
        raise MentorshipError(
            _(
                "%(name)s declined your request on %(day)s; you may ask them again from "
                "%(again)s. Other mentors are waiting to help."
            )
            % {**mentor, "day": long_day(declined.answered_at), "again": long_day(again)}
        )
    limit = settings.MENTORSHIP_MAX_OPEN_REQUESTS
    if open_requests_of(mentee) >= limit:
        raise MentorshipError(
            _(
                "You already have %(limit)s open requests, the most at a time. Wait for an "
                "answer or withdraw one of them first."
            )
            % {"limit": limit}
        )


@transaction.atomic
def mentorship_request(*, mentee: User, mentor_profile: Profile, **answers: Any) -> Mentorship:
    """The mentee asks a mentor; `answers` are the guided form's fields."""
    # Lock the mentee's own profile so two requests sent at once count each other.
    Profile.objects.select_for_update().filter(user=mentee).first()
    check_can_request(mentee=mentee, mentor_profile=mentor_profile)
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                mentee=mentee, mentor_id=mentor_profile.user_id, **answers
            )
    except IntegrityError as error:
        raise MentorshipError(
            _("You already have an open request to %(name)s.")
            % {"name": mentor_profile.display_name}
        ) from error
    record_event(mentorship, EventKind.REQUESTED, mentee)
    # Someone who has asked a mentor no longer waits for one.
    waiting_list.leave(mentee=mentee)
    return mentorship


@transaction.atomic
def mentorship_accept(*, mentorship: Mentorship, by: User) -> Mentorship:
    """The mentor accepts: the request becomes an active mentorship and takes a place.

    The place is claimed with one conditional UPDATE on the mentor's profile, so any number of
    accepts racing for N free places yields exactly N active mentorships.
    """
    mentorship = _locked(mentorship)
    if by.pk != mentorship.mentor_id:
        raise MentorshipError(_("Only the mentor can accept a request."))
    if mentorship.status != Status.PENDING:
        raise MentorshipError(state_of_request(mentorship, viewer=by))
    claimed = Profile.objects.filter(
        user_id=mentorship.mentor_id, active_mentee_count__lt=F("mentor_capacity")
    ).update(active_mentee_count=F("active_mentee_count") + 1)
    if not claimed:
        raise MentorshipError(
            _("All your places are taken. Raise your capacity on your profile, or decline.")
        )
    now = timezone.now()
    mentorship.status = Status.ACTIVE
    mentorship.answered_at = now
    mentorship.started_at = now
    mentorship.save(update_fields=["status", "answered_at", "started_at"])
    Agreement.objects.create(
        mentorship=mentorship,
        goals=mentorship.help_wanted,
        rhythm=mentorship.preferred_rhythm,
    )
    record_event(mentorship, EventKind.ACCEPTED, by)
    contact.plan_share_contact(mentorship, now)
    return mentorship


@transaction.atomic
def mentorship_decline(
    *, mentorship: Mentorship, by: User, note: str = "", pause: bool = False, leaving: bool = False
) -> Mentorship:
    """The mentor declines a request; with `leaving`, because they are leaving MentorConnect
    (privacy.close_relationships), and the history says so."""
    mentorship = _locked(mentorship)
    if by.pk != mentorship.mentor_id:
        raise MentorshipError(_("Only the mentor can decline a request."))
    if mentorship.status != Status.PENDING:
        raise MentorshipError(state_of_request(mentorship, viewer=by))
    mentorship.status = Status.DECLINED
    mentorship.decline_note = note
    mentorship.answered_at = timezone.now()
    mentorship.save(update_fields=["status", "decline_note", "answered_at"])
    if pause:
        Profile.objects.filter(user=by).update(accepting_requests=False)
    record_event(mentorship, EventKind.DECLINED, by, actor_left=leaving)
    return mentorship


@transaction.atomic
def mentorship_withdraw(*, mentorship: Mentorship, by: User, leaving: bool = False) -> Mentorship:
    """The mentee withdraws their request; with `leaving`, because they are leaving
    MentorConnect (privacy.close_relationships), and the history says so."""
    mentorship = _locked(mentorship)
    if by.pk != mentorship.mentee_id:
        raise MentorshipError(_("Only the mentee can withdraw a request."))
    if mentorship.status != Status.PENDING:
        raise MentorshipError(state_of_request(mentorship, viewer=by))
    mentorship.status = Status.WITHDRAWN
    mentorship.answered_at = timezone.now()
    mentorship.save(update_fields=["status", "answered_at"])
    record_event(mentorship, EventKind.WITHDRAWN, by, actor_left=leaving)
    return mentorship


def withdraw_other_requests(*, mentee: User, keep: Mentorship) -> list[str]:
    """After an accept, the one click that withdraws the mentee's other open requests.
    Returns the names of the mentors whose requests it withdrew."""
    others = (
        Mentorship.objects.filter(mentee=mentee, status=Status.PENDING)
        .exclude(pk=keep.pk)
        .order_by("requested_at")
    )
    names = []
    for other in others:
        try:
            mentorship_withdraw(mentorship=other, by=mentee)
        except MentorshipError:
            continue  # answered in the meantime
        names.append(name_of(other.mentor_id))
    return names


def expire_unanswered_requests(*, now: datetime.datetime | None = None) -> int:
    """Closes requests nobody answered in time. Each row is claimed by a conditional UPDATE,
    so two sweeps running at once never expire (or email) the same request twice."""
    now = now or timezone.now()
    expired = 0
    for pk in Mentorship.objects.expired_by(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Mentorship.objects.filter(pk=pk, status=Status.PENDING).update(
                status=Status.EXPIRED, answered_at=now
            )
            if claimed:
                mentorship = Mentorship.objects.get(pk=pk)
                record_event(mentorship, EventKind.EXPIRED, None)
                # A mentor who lets a request sit is paused, so availability stays honest.
                paused = Profile.objects.filter(
                    user=mentorship.mentor_id, accepting_requests=True
                ).update(accepting_requests=False)
                if paused:
                    from .reminders import plan_paused_mentor

                    plan_paused_mentor(mentorship, now)
                expired += 1
    return expired


# Ending


@transaction.atomic
def mentorship_end(
    *, mentorship: Mentorship, by: User, completed: bool, reason: str = "", leaving: bool = False
) -> Mentorship:
    """Either participant ends an active mentorship; the mentor's place is freed and the
    meetings still to come are cancelled. With `leaving`, `by` is leaving MentorConnect
    (privacy.close_relationships), and the history says so."""
    mentorship = _locked(mentorship)
    if by.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError(_("Only the two participants can end a mentorship."))
    if mentorship.status != Status.ACTIVE:
        raise MentorshipError(why_not_active(mentorship, viewer=by))
    now = timezone.now()
    mentorship.status = Status.COMPLETED if completed else Status.ENDED_EARLY
    mentorship.ended_at = now
    mentorship.ended_by = by
    mentorship.end_reason = reason
    mentorship.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    # Nobody is left to meet once it ends: the meetings still to come end with it. The other
    # person's email about the end names them, with calendar files that take them out of
    # their calendar (emails.py).
    mentorship.meetings.upcoming(now).update(status=MeetingStatus.CANCELLED)
    Profile.objects.filter(user=mentorship.mentor_id, active_mentee_count__gt=0).update(
        active_mentee_count=F("active_mentee_count") - 1
    )
    record_event(
        mentorship,
        EventKind.COMPLETED if completed else EventKind.ENDED_EARLY,
        by,
        actor_left=leaving,
    )
    return mentorship


# Agreement


def why_not_active(mentorship: Mentorship, *, viewer: User) -> str:
    """Why a mentorship cannot be changed any more, naming the other person and the day."""
    if mentorship.is_over:
        other = name_of(other_id(mentorship, viewer))
        return _("This mentorship with %(name)s already ended on %(day)s.") % {
            "name": other,
            "day": _day(mentorship.ended_at),
        }
    if mentorship.is_pending:
        return _("This request is still waiting for the mentor's answer; that comes first.")
    return state_of_request(mentorship, viewer=viewer)


def _require_active_participant(mentorship: Mentorship, user: User) -> None:
    if user.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError(_("Only the two participants can change this mentorship."))
    if mentorship.status != Status.ACTIVE:
        raise MentorshipError(why_not_active(mentorship, viewer=user))


@transaction.atomic
def agreement_save(*, agreement: Agreement, by: User, confirm: bool) -> Agreement:
    """Saves the agreement as `by` edited it, and with `confirm` confirms it.

    A confirmation holds for the terms the person saw: a change to them (Agreement.terms)
    clears both confirmations, so that "both confirmed" always means the same terms. Whoever
    changes terms the other had confirmed is asking them to confirm again, and the other is
    told (the "revised" email). Changing what both had confirmed is a revision, which its
    author confirms by making it. Saving without a change clears nothing.
    """
    mentorship = _locked(agreement.mentorship)
    _require_active_participant(mentorship, by)
    # Compared with the agreement as it stands now, not as the form was opened: if the other
    # changed it in between, what `by` saves differs from what the other confirmed.
    before = Agreement.objects.get(pk=agreement.pk)
    mine = f"{mentorship.role_of(by)}_confirmed_at"
    theirs = "mentor_confirmed_at" if mine == "mentee_confirmed_at" else "mentee_confirmed_at"
    changed = agreement.terms() != before.terms()
    other_had_confirmed = getattr(before, theirs) is not None
    agreement.mentee_confirmed_at = before.mentee_confirmed_at
    agreement.mentor_confirmed_at = before.mentor_confirmed_at
    if changed:
        agreement.mentee_confirmed_at = agreement.mentor_confirmed_at = None
        agreement.revised_by = by
    if agreement.planned_months != before.planned_months:
        # Another length than the program's: the pair's own, from their start.
        agreement.planned_end_on = None
    confirming = (confirm or (changed and before.is_confirmed)) and getattr(agreement, mine) is None
    if confirming:
        setattr(agreement, mine, timezone.now())
    if not changed and not confirming:
        return agreement
    agreement.save()
    if changed and other_had_confirmed:
        record_event(
            mentorship, EventKind.AGREEMENT_REVISED, by, changes=agreement.changes_from(before)
        )
    elif confirming:
        record_event(mentorship, EventKind.AGREEMENT_CONFIRMED, by)
        if not agreement.is_confirmed:
            from .reminders import plan_agreement_to_confirm

            plan_agreement_to_confirm(agreement, by=by)
    return agreement


# Meetings


def state_of_meeting(meeting: Meeting) -> str:
    """What already happened to a meeting someone tries to answer, cancel or mark, with its
    day: "The meeting of 3 May 2026 was already cancelled." (times are in each person's own
    zone on the page, so the message names the day only)."""
    current = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    if current is None:
        return _("That meeting is no longer there.")
    sentence = {
        MeetingStatus.PROPOSED: _("The meeting of %(day)s is still waiting for an answer."),
        MeetingStatus.CONFIRMED: _("The meeting of %(day)s is already confirmed."),
        MeetingStatus.REPLACED: _(
            "Another time was already proposed instead of the meeting of %(day)s; "
            "answer that one below."
        ),
        MeetingStatus.CANCELLED: _("The meeting of %(day)s was already cancelled."),
        MeetingStatus.HELD: _("The meeting of %(day)s is already marked as held."),
        MeetingStatus.MISSED: _("The meeting of %(day)s is already marked as missed."),
    }[MeetingStatus(current)]
    return sentence % {"day": long_day(meeting.starts_at)}


@transaction.atomic
def meeting_propose(
    *, mentorship: Mentorship, by: User, replacing: Meeting | None = None, **details: Any
) -> Meeting:
    """Either proposes a meeting, or another time for one the other proposed."""
    mentorship = _locked(mentorship)
    _require_active_participant(mentorship, by)
    if details["starts_at"] <= timezone.now():
        raise MentorshipError(_("Choose a time in the future."))
    if replacing is not None:
        claimed = Meeting.objects.filter(
            pk=replacing.pk, mentorship=mentorship, status=MeetingStatus.PROPOSED
        ).update(status=MeetingStatus.REPLACED)
        if not claimed:
            raise MentorshipError(state_of_meeting(replacing))
    meeting = Meeting.objects.create(
        mentorship=mentorship, proposed_by=by, replaces=replacing, **details
    )
    record_event(mentorship, EventKind.MEETING_PROPOSED, by, meeting)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: User) -> Meeting:
    mentorship = _locked(meeting.mentorship)
    _require_active_participant(mentorship, by)
    if meeting.proposed_by_id == by.pk:
        raise MentorshipError(
            _("You proposed this time, so %(name)s confirms it; we have let them know.")
            % {"name": name_of(other_id(mentorship, by))}
        )
    claimed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PROPOSED).update(
        status=MeetingStatus.CONFIRMED
    )
    if not claimed:
        raise MentorshipError(state_of_meeting(meeting))
    meeting.refresh_from_db()
    record_event(mentorship, EventKind.MEETING_CONFIRMED, by, meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    mentorship = _locked(meeting.mentorship)
    _require_active_participant(mentorship, by)
    now = timezone.now()
    if meeting.has_started(now):
        raise MentorshipError(
            _("A meeting cannot be cancelled once it has started: mark it held or missed.")
        )
    claimed = Meeting.objects.filter(
        pk=meeting.pk,
        status__in=[MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED],
        starts_at__gt=now,
    ).update(status=MeetingStatus.CANCELLED)
    if not claimed:
        raise MentorshipError(state_of_meeting(meeting))
    meeting.refresh_from_db()
    record_event(mentorship, EventKind.MEETING_CANCELLED, by, meeting)
    return meeting


@transaction.atomic
def meeting_mark(*, meeting: Meeting, by: User, held: bool) -> Meeting:
    """After its start, either marks a confirmed meeting as held or missed."""
    mentorship = _locked(meeting.mentorship)
    _require_active_participant(mentorship, by)
    if meeting.starts_at > timezone.now():
        raise MentorshipError(_("A meeting can be marked held or missed once it has started."))
    claimed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CONFIRMED).update(
        status=MeetingStatus.HELD if held else MeetingStatus.MISSED
    )
    if not claimed:
        raise MentorshipError(state_of_meeting(meeting))
    meeting.refresh_from_db()
    record_event(
        mentorship, EventKind.MEETING_HELD if held else EventKind.MEETING_MISSED, by, meeting
    )
    return meeting


# Shared plan


def plan_item_add(*, mentorship: Mentorship, by: User, kind: str, text: str) -> PlanItem:
    if by.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError(_("Only the two participants can change the plan."))
    if mentorship.status != Status.ACTIVE:
        raise MentorshipError(why_not_active(mentorship, viewer=by))
    return PlanItem.objects.create(mentorship=mentorship, kind=kind, text=text, created_by=by)


def plan_item_change(
    *, item: PlanItem, by: User, text: str | None = None, delete: bool = False
) -> None:
    """Either participant edits or removes an item of their shared plan while it is active."""
    mentorship = item.mentorship
    if by.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError(_("Only the two participants can change the plan."))
    if mentorship.status != Status.ACTIVE:
        raise MentorshipError(why_not_active(mentorship, viewer=by))
    if delete:
        item.delete()
    elif text:
        item.text = text
        item.save(update_fields=["text"])
