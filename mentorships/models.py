"""Mentorships, from the mentee's request to the goodbye.

A mentorship starts as a request (pending) and, once the mentor accepts, becomes active. Its
agreement, meetings, shared plan and history belong to the two participants alone; staff see
only who, which state and when (see admin.py). State changes go through services.py.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from profiles.models import User


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for the mentor's answer")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the mentee")
    EXPIRED = "expired", _("Expired without an answer")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


OPEN_REQUEST = Status.PENDING
CLOSED_REQUEST_STATES = {Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED}
MATCHED_STATES = {Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY}


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    EVERY_TWO_WEEKS = "every_two_weeks", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    CUSTOM = "custom", _("Something else (describe it)")


# How many days a rhythm allows between meetings before a check-in is due.
RHYTHM_DAYS: dict[str, int] = {
    Rhythm.WEEKLY: 7,
    Rhythm.EVERY_TWO_WEEKS: 14,
    Rhythm.MONTHLY: 30,
    Rhythm.CUSTOM: 30,
}


class Format(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL_CHAT = "email_chat", _("Email or chat")


# A mentor who said no is not suggested to that mentee again for this long.
DECLINE_REMEMBERED = datetime.timedelta(days=183)
# A mentor whose mentorship with the mentee has just ended is not suggested to them again for
# this long: they know each other; the suggestions are for someone new.
ENDED_REMEMBERED = datetime.timedelta(days=30)


def _ruling_out_their_mentor() -> Q:
    declined_since = timezone.now() - DECLINE_REMEMBERED
    return Q(status__in=[Status.PENDING, Status.ACTIVE]) | Q(
        status=Status.DECLINED, answered_at__gte=declined_since
    )


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def involving(self, user: User) -> MentorshipQuerySet:
        return self.filter(Q(mentee=user) | Q(mentor=user))

    def visible_to(self, user: User) -> MentorshipQuerySet:
        """The mentorships `user` may open, and everything in them (meetings, plan, feedback):
        only their own two participants' ones. Nobody else, staff and superusers included:
        what happens in a mentorship stays between the two."""
        return self.involving(user).select_related("mentee", "mentor")

    def pending(self) -> MentorshipQuerySet:
        return self.filter(status=Status.PENDING)

    def active(self) -> MentorshipQuerySet:
        return self.filter(status=Status.ACTIVE)

    def matched_between(self, one: User, other: User) -> MentorshipQuerySet:
        """Mentorships (active or past) in which these two people were matched."""
        return self.filter(
            Q(mentee=one, mentor=other) | Q(mentee=other, mentor=one),
            status__in=MATCHED_STATES,
        )

    def with_last_meeting_held(self) -> MentorshipQuerySet:
        # A subquery rather than Max() over a join: no GROUP BY, which with the profiles a
        # dashboard loads alongside would make Django gather every selected column.
        last_held = (
            Meeting.objects.filter(mentorship=models.OuterRef("pk"), status=MeetingStatus.HELD)
            .order_by("-starts_at")
            .values("starts_at")[:1]
        )
        return self.annotate(last_held_at=models.Subquery(last_held))

    def ruling_out_their_mentor(self) -> MentorshipQuerySet:
        """Of one mentee's mentorships, those that rule their mentor out of what the mentee is
        suggested: a request still open, a mentorship under way, or a "no" in the last six
        months. Profiles reach this through `user.mentorships_as_mentee`, so the rule is kept
        here, with the states it names."""
        return self.filter(_ruling_out_their_mentor())

    def not_to_suggest_again(self) -> MentorshipQuerySet:
        """Of one mentee's mentorships, those whose mentor is not suggested to them: those
        that rule the mentor out (ruling_out_their_mentor), and one that ended lately."""
        ended_since = timezone.now() - ENDED_REMEMBERED
        return self.filter(
            _ruling_out_their_mentor()
            | Q(status__in=[Status.COMPLETED, Status.ENDED_EARLY], ended_at__gte=ended_since)
        )

    def expired_by(self, now: datetime.datetime) -> MentorshipQuerySet:
        days = settings.MENTORSHIP_REQUEST_EXPIRY_DAYS
        return self.pending().filter(requested_at__lte=now - datetime.timedelta(days=days))


class Mentorship(models.Model):
    # When a member deletes their account the mentorship stays, for the other participant's
    # history and feedback, with the deleted person shown as "former member".
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_mentee",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )

    # The request, in the mentee's words.
    help_wanted = models.TextField(_("what I'd like help with"), max_length=2000)
    why_this_mentor = models.TextField(_("why this mentor"), max_length=2000)
    preferred_format = models.CharField(
        _("preferred way to meet"), max_length=12, choices=Format.choices, default=Format.VIDEO
    )
    preferred_rhythm = models.CharField(
        _("how often I'd like to meet"),
        max_length=16,
        choices=Rhythm.choices,
        default=Rhythm.MONTHLY,
    )
    first_message = models.TextField(_("a first message"), max_length=4000)

    decline_note = models.TextField(_("a kind note"), max_length=2000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Seen only by the person who ended the mentorship.
    end_reason = models.TextField(max_length=2000, blank=True)

    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # A program cohort's first day, when the mentorship starts on it (cohort_rounds.publish):
    # a calendar date, which pages show as that date in every time zone. No one instant
    # (started_at) falls on the same day from UTC-11 to UTC+14.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status=Status.PENDING),
                name="one_open_request_per_mentee_and_mentor",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="no_mentorship_with_oneself"
            ),
        ]
        indexes = [
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["mentor", "status"]),
            models.Index(
                fields=["requested_at"], condition=Q(status="pending"), name="pending_age"
            ),
            # The admin's list, newest first (the admin adds "-pk" to make the order total):
            # its first page read from here, not every mentorship sorted (about 280 ms with
            # 100,000 mentorships).
            models.Index(fields=["-requested_at", "-id"], name="mentorship_newest_first"),
        ]

    def __str__(self) -> str:
        return _("Mentorship %(number)s (%(status)s)") % {
            "number": self.pk,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("mentorships:detail", args=[self.pk])

    def other(self, user: User) -> User | None:
        """The other participant, or None if they deleted their account."""
        return self.mentor if user.pk == self.mentee_id else self.mentee

    def role_of(self, user: User) -> str:
        return "mentee" if user.pk == self.mentee_id else "mentor"

    def status_for(self, user: User) -> str:
        """The state in words for `user`, one of the two: a request waits for the mentor's
        answer, which to the mentor is their own answer."""
        if self.status == Status.PENDING and user.pk == self.mentor_id:
            return str(_("Waiting for your answer"))
        if self.status == Status.WITHDRAWN and user.pk == self.mentee_id:
            return str(_("Withdrawn by you"))
        return self.get_status_display()

    @property
    def preferred_rhythm_label(self) -> str:
        """How often the mentee would like to meet, as their request shows it. The form once
        offered "something else" with nowhere to describe it; such a request reads as a rhythm
        to agree together, which the agreement then says in their own words."""
        if self.preferred_rhythm == Rhythm.CUSTOM:
            return str(_("A rhythm to agree together"))
        return self.get_preferred_rhythm_display()

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def starts_later(self) -> bool:
        """Accepted but not yet begun: a program cohort's mentorships start on its first day."""
        return self.started_at is not None and self.started_at > timezone.now()

    @property
    def start_day(self) -> datetime.date | None:
        """The day the mentorship started or starts, for pages and emails to show with the
        date filter: a cohort's first day as the coordinators entered it, else the moment it
        started, which the filter shows in the reader's time zone."""
        return self.starts_on or self.started_at

    @property
    def is_over(self) -> bool:
        return self.status in {Status.COMPLETED, Status.ENDED_EARLY}

    @property
    def expires_at(self) -> datetime.datetime:
        return self.requested_at + datetime.timedelta(days=settings.MENTORSHIP_REQUEST_EXPIRY_DAYS)

    def check_in_due_on(self) -> datetime.date | None:
        """When the next check-in is due: the agreed rhythm after the last meeting held."""
        if not self.is_active or not self.started_at:
            return None
        agreement = getattr(self, "agreement", None)
        rhythm = agreement.rhythm if agreement else self.preferred_rhythm
        if hasattr(self, "last_held_at"):  # loaded with with_last_meeting_held(): no query
            last_held_at = self.last_held_at
        else:
            last_held_at = (
                self.meetings.filter(status=MeetingStatus.HELD)
                .order_by("-starts_at")
                .values_list("starts_at", flat=True)
                .first()
            )
        since = last_held_at or self.started_at
        return (since + datetime.timedelta(days=RHYTHM_DAYS[rhythm])).date()


class Channel(models.TextChoices):
    VIDEO = "video", _("Video calls")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat or messaging")


# The longest text an email about a revised agreement quotes in its earlier version too.
SHORT_TEXT = 300


def _as_read(text: str) -> str:
    """A text area's words as the page shows them: a browser sends its line breaks as CRLF."""
    return text.replace("\r\n", "\n").strip()


def planned_end_at(
    started_at: datetime.datetime, planned_months: int, planned_end_on: datetime.date | None
) -> datetime.datetime:
    """When a mentorship's planned length runs out: on a program cohort's last day
    (Agreement.planned_end_on) at the time of day the mentorship started, which keeps the
    cohort's date wherever its members live, as its start does; else about `planned_months`
    months after the start."""
    if planned_end_on is not None:
        return datetime.datetime.combine(planned_end_on, started_at.timetz())
    return started_at + datetime.timedelta(days=round(planned_months * 30.44))


class Agreement(models.Model):
    """What the two agree at the start: goals, rhythm, length, channels and expectations."""

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE)
    goals = models.TextField(_("goals"), max_length=4000)
    rhythm = models.CharField(
        _("rhythm"), max_length=16, choices=Rhythm.choices, default=Rhythm.MONTHLY
    )
    custom_rhythm = models.CharField(_("the rhythm, in your words"), max_length=200, blank=True)
    planned_months = models.PositiveSmallIntegerField(
        _("planned length in months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    channels = ArrayField(
        models.CharField(max_length=12, choices=Channel.choices),
        default=list,
        blank=True,
        verbose_name=_("channels"),
    )
    expectations = models.TextField(_("expectations"), max_length=4000, blank=True)
    # A program cohort's last day (mentorships/cohort_rounds.py): its mentorships are planned
    # to end when the cohort does, which a length in whole months cannot say. It holds while
    # the planned length is the program's; a pair who agree another length drop it
    # (services.agreement_save), and their own length runs from the start again.
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_months__gte=1, planned_months__lte=24),
                name="agreement_length_1_to_24_months",
            )
        ]

    def __str__(self) -> str:
        return f"Agreement of mentorship {self.mentorship_id}"

    @property
    def is_confirmed(self) -> bool:
        return bool(self.mentee_confirmed_at and self.mentor_confirmed_at)

    def confirmed_by(self, user: User) -> bool:
        if user.pk == self.mentorship.mentee_id:
            return self.mentee_confirmed_at is not None
        return self.mentor_confirmed_at is not None

    def terms(self) -> tuple[object, ...]:
        """What the two confirm: a confirmation holds only for these terms as they stood.

        They are compared as a person reads them, so that saving the form unchanged changes
        nothing: line breaks as the page shows them (a browser sends a text area's as CRLF),
        channels in any order, and the rhythm in one's own words only when it is the rhythm.
        """
        return (
            _as_read(self.goals),
            *self.rhythm_agreed(),
            self.planned_months,
            sorted(self.channels),
            _as_read(self.expectations),
        )

    def changes_from(self, before: Agreement) -> dict[str, list[Any]]:
        """What this version changes of `before`, term by term, as {term: [before, after]},
        for the other person's email (emails.agreement_changes). Values are kept as stored (a
        rhythm's and the channels' codes, a length with the day it runs to), to be put in
        words in the recipient's language. A long text's earlier version is left out (None):
        the email quotes the new one, and no copy of a long private text outlives its email."""
        changes: dict[str, list[Any]] = {}
        for term in ["goals", "expectations"]:
            earlier, now = _as_read(getattr(before, term)), _as_read(getattr(self, term))
            if earlier != now:
                changes[term] = [earlier if len(earlier) <= SHORT_TEXT else None, now]
        if before.rhythm_agreed() != self.rhythm_agreed():
            changes["rhythm"] = [before.rhythm_agreed(), self.rhythm_agreed()]
        lengths = [agreement.length_agreed() for agreement in (before, self)]
        if lengths[0] != lengths[1]:
            changes["planned_months"] = lengths
        if sorted(before.channels) != sorted(self.channels):
            changes["channels"] = [sorted(before.channels), sorted(self.channels)]
        return changes

    def rhythm_agreed(self) -> list[str]:
        """[rhythm, the rhythm in one's own words when it is the rhythm, else ""]."""
        custom = _as_read(self.custom_rhythm) if self.rhythm == Rhythm.CUSTOM else ""
        return [self.rhythm, custom]

    def length_agreed(self) -> list[Any]:
        """[months, the day they run to in ISO format, or None before the start]."""
        end = self.planned_end()
        return [self.planned_months, end.isoformat() if end else None]

    def planned_end(self) -> datetime.date | None:
        started = self.mentorship.started_at
        if not started:
            return None
        return planned_end_at(started, self.planned_months, self.planned_end_on).date()

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(value).label) for value in self.channels]


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REPLACED = "replaced", _("Another time was proposed")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime) -> MeetingQuerySet:
        """Proposed or confirmed and not started yet (Meeting.has_started draws the same line)."""
        return self.filter(
            status__in=[MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED], starts_at__gt=now
        )

    def cancelled_by_the_end_of(self, mentorship: Mentorship) -> MeetingQuerySet:
        """The meetings still to come when `mentorship` ended, which its end cancelled
        (services.mentorship_end). One cancelled on its own before that has its own event, and
        its own email."""
        if mentorship.ended_at is None:
            return self.none()
        return self.filter(
            mentorship=mentorship,
            status=MeetingStatus.CANCELLED,
            starts_at__gte=mentorship.ended_at,
        ).exclude(event__kind=EventKind.MEETING_CANCELLED)


class Meeting(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.VIDEO
    )
    place_or_link = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    # The proposal this one answers with another time ("Propose another time"), so that its
    # email can say which time it replaces.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of mentorship {self.mentorship_id}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    def has_started(self, now: datetime.datetime) -> bool:
        """A meeting is upcoming (answered, cancelled) until it starts; from its start on, a
        confirmed one can only be marked held or missed. One line for every list and action."""
        return self.starts_at <= now

    @property
    def awaits_answer(self) -> bool:
        return self.status == MeetingStatus.PROPOSED


class PlanItem(models.Model):
    """A goal or an action item on the plan the two share."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        ACTION = "action", _("Action item")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.ACTION)
    text = models.CharField(_("text"), max_length=500)
    done = models.BooleanField(_("done"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        # Goals first, then the action items that serve them.
        ordering = [
            Case(When(kind="goal", then=Value(0)), default=Value(1)),
            "done",
            "created_at",
        ]

    def __str__(self) -> str:
        return self.text


class EventKind(models.TextChoices):
    REQUESTED = "requested", _("requested a mentorship")
    ACCEPTED = "accepted", _("accepted the request")
    DECLINED = "declined", _("declined the request")
    WITHDRAWN = "withdrawn", _("withdrew the request")
    EXPIRED = "expired", _("the request expired without an answer")
    AGREEMENT_CONFIRMED = "agreement_confirmed", _("confirmed the agreement")
    AGREEMENT_REVISED = "agreement_revised", _("revised the agreement")
    MEETING_PROPOSED = "meeting_proposed", _("proposed a meeting")
    MEETING_CONFIRMED = "meeting_confirmed", _("confirmed a meeting")
    MEETING_CANCELLED = "meeting_cancelled", _("cancelled a meeting")
    MEETING_HELD = "meeting_held", _("marked a meeting as held")
    MEETING_MISSED = "meeting_missed", _("marked a meeting as missed")
    FEEDBACK_SENT = "feedback_sent", _("sent feedback")
    COMPLETED = "completed", _("completed the mentorship")
    ENDED_EARLY = "ended_early", _("ended the mentorship early")
    # A program's published round (mentorships/cohort_rounds.py): no actor, one email each.
    COHORT_MATCHED = "cohort_matched", _("matched in the program's round; the mentee was told")
    COHORT_MENTOR = "cohort_mentor", _("the mentor was told of the program's match")


class Event(models.Model):
    """One change in a mentorship's life: what, when and who. Also the row behind its email.

    An email that must not be lost is recorded here first; a task sends it after the
    transaction commits. The task claims the row for a lease (claimed_until), so two workers
    never send it at once, and sets emailed_at in its own transaction as soon as the SMTP server
    has accepted the message. A worker that dies before that leaves the claim to run out, and
    the sweep (tasks.send_unsent_emails) sends the email again, with the same Message-ID: at
    worst a message the server accepted just before the crash arrives twice, never none.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL)
    # The actor did not choose this: their account was closed (privacy.close_relationships),
    # which withdrew, declined or ended what they had open. The history says they left
    # MentorConnect instead of naming them as the one who acted. The database's default lets
    # code that does not know the column yet insert rows.
    actor_left = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # When its email went, or was found to have nothing left to tell when it was due (its
    # recipient had left, or had read the feedback on the site: emails.still_worth_sending).
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Not emailed before this time. Feedback's email waits for its edit window to close, so
    # that feedback withdrawn within it never reaches the other person (its event goes with it).
    email_after = models.DateTimeField(null=True, blank=True)
    # Held by the worker sending the email until then; a later time means "being sent".
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The mail server refused the recipient's address for good (a typo, a closed mailbox): the
    # email is not tried again, and staff see why on the mentorship's admin page.
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True, default="", db_default="")
    # What a revision of the agreement changed (Agreement.changes_from), for its email to say.
    # Private words of the two: only that email shows them, and sending it clears them.
    changes = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"], name="event_unsent", condition=Q(emailed_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a resent email is recognisably one message."""
        return f"<event-{self.pk}@mentorconnect>"


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Told of a free place")
    LEFT = "left", _("Left the list")


class WaitingListEntry(models.Model):
    """A mentee who found no mentor with a free place in their areas, waiting for one.

    When a fitting mentor has a place, the sweep tells the longest-waiting mentee first, once
    (mentorships/waiting_list.py).
    """

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="waiting_list_entries",
        verbose_name=_("mentee"),
    )
    areas = models.ManyToManyField(
        "profiles.ExpertiseArea", related_name="+", verbose_name=_("expertise areas")
    )
    # Only mentors near the mentee fit someone who is not open to remote mentoring.
    in_person = models.BooleanField(_("in person only"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    offered_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mentor offered"),
    )
    offered_at = models.DateTimeField(_("told of a place"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="waiting"),
                name="one_waiting_entry_per_mentee",
            )
        ]
        indexes = [
            models.Index(
                fields=["joined_at"], name="waiting_in_order", condition=Q(status="waiting")
            )
        ]

    def __str__(self) -> str:
        return _("Waiting list: %(mentee)s since %(date)s") % {
            "mentee": self.mentee_id,
            "date": f"{self.joined_at:%Y-%m-%d}",
        }


class PlannedMatch(models.Model):
    """The mentor a waiting mentee is suggested first, from the last matching plan
    (mentorships/planning.py); remade every few minutes, read as a hint: the dashboard shows
    the planned mentor only while they still fit and have a free place."""

    mentee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_match"
    )
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    planned_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Planned: mentee {self.mentee_id} -> mentor {self.mentor_id}"
