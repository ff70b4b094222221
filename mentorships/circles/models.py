"""Circles: group mentoring for when one-to-one places run out.

A mentor hosts a circle for three to eight mentees on one or more expertise areas (it takes one
of the mentor's places while it runs), or members start a peer circle with a convener and no
mentor. Like a mentorship, everything inside a circle (its members' contact details, agreement,
meetings and history) belongs to its members and host alone; staff see only who, which state
and when (see admin.py). Every change goes through services.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.crypto import EncryptedTextField
from mentorships.models import Rhythm
from profiles.models import User, area_array
from profiles.validators import validate_no_bidi_controls

if TYPE_CHECKING:
    from profiles.models import Profile

FEWEST_PLACES = 3
MOST_PLACES = 8


class CircleStatus(models.TextChoices):
    """Whether a circle still runs. Whether it is full is counted from its members when it is
    shown (Circle.status_label), never stored: a member deactivated by any means, a bulk UPDATE
    included, gives their place back at once."""

    OPEN = "open", _("Running")
    ENDED = "ended", _("Ended")


class JoinPolicy(models.TextChoices):
    APPROVE = "approve", _("I approve each request to join")
    OPEN = "open", _("Anyone may join while places remain")


class CircleFormat(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked to join")
    MEMBER = "member", _("Member")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Not accepted")


def _places_help() -> str:
    return gettext("From %(fewest)s to %(most)s members.") % {
        "fewest": FEWEST_PLACES,
        "most": MOST_PLACES,
    }


LIVE_MEMBERSHIP = [MembershipStatus.REQUESTED, MembershipStatus.MEMBER]

# How long a member's list of circles (and the circle's card) says what became of their request
# to join once it was declined, or left unanswered by the circle's end: a month. A member who
# turned off the email about answers learns of it nowhere else.
ANSWER_SHOWN_FOR = datetime.timedelta(days=30)


class CircleMembershipQuerySet(models.QuerySet["CircleMembership"]):
    def taking_places(self) -> CircleMembershipQuerySet:
        """The circle's members now: those whose account is active. A member deactivated by
        any means (the admin, a bulk UPDATE) gives their place back and leaves its page at
        once."""
        return self.filter(status=MembershipStatus.MEMBER).exclude(
            member__in=User.objects.deactivated_ids()
        )

    def told_of_its_end(self, *, by: User) -> CircleMembershipQuerySet:
        """Who is emailed when `by` ends the circle (services.circle_end): its members but
        `by`, told it has ended, and those still asking to join, told it ended before their
        request was answered; only those whose account is active get an email."""
        return (
            self.filter(status__in=LIVE_MEMBERSHIP)
            .exclude(member=by)
            .exclude(member__in=User.objects.deactivated_ids())
        )

    def recently_declined(self, now: datetime.datetime) -> CircleMembershipQuerySet:
        """Requests to join declined (by the host, or by the circle's end) in the last
        ANSWER_SHOWN_FOR, which the member who asked is still shown."""
        return self.filter(status=MembershipStatus.DECLINED, left_at__gte=now - ANSWER_SHOWN_FOR)

    def waiting_for(self, user: User | OuterRef) -> CircleMembershipQuerySet:
        """Requests to join that `user` has to answer: to the running circles they host or
        convene, from members whose account is still active."""
        return (
            self.filter(status=MembershipStatus.REQUESTED)
            .filter(Q(circle__host=user) | Q(circle__convener=user))
            .exclude(circle__status=CircleStatus.ENDED)
            .exclude(member__in=User.objects.deactivated_ids())
        )


class CircleQuerySet(models.QuerySet["Circle"]):
    def with_area_names(self) -> CircleQuerySet:
        """Each circle with its areas as `area_ids` and `area_names` (English: translate them
        with taxonomy_names.translated), in the taxonomy's order, in the same query: what a
        circle's card shows (templates/circles/_card.html)."""
        areas = Circle.areas.through.objects.filter(circle=OuterRef("pk"))
        return self.annotate(
            area_ids=area_array(areas, "expertisearea_id"),
            area_names=area_array(areas, "expertisearea__name"),
        )

    def visible_to(self, user: User) -> CircleQuerySet:
        """The circles `user` may open, and everything in them: those they host or convene
        and those they are a member of. Nobody else, staff and superusers included: what
        happens in a circle stays in the circle. (A member who left, or whose request is still
        waiting, sees only the circle's public card, on the join page.)"""
        member = CircleMembership.objects.filter(
            circle=OuterRef("pk"), member=user, status=MembershipStatus.MEMBER
        )
        return self.filter(Q(host=user) | Q(convener=user) | Exists(member))

    def led_by(self, user: User) -> CircleQuerySet:
        return self.filter(Q(host=user) | Q(convener=user))

    def run_by_active_members(self) -> CircleQuerySet:
        """Circles whose host or convener still has an active account: one deactivated by
        any means (the admin, a bulk UPDATE) takes their circles out of reach at once."""
        deactivated = User.objects.deactivated_ids()
        return self.exclude(host__in=deactivated).exclude(convener__in=deactivated)

    def open_to_join(self) -> CircleQuerySet:
        """Circles with a place free, run by active members, each with `member_count`."""
        return (
            self.exclude(status=CircleStatus.ENDED)
            .run_by_active_members()
            .with_member_count()
            .filter(places__gt=F("member_count"))
        )

    def offered_for(self, user: User, profile: Profile, area_ids: list[int]) -> CircleQuerySet:
        """Open circles covering any of `area_ids` that `user` could take part in: not theirs
        already, and meeting in person only near their city (remote ones only if they are
        open to remote mentoring). Each has `covering`, the ids of those areas it covers, and
        `member_count`; its host's or convener's profile and city come in the same query."""
        from profiles import matching

        covering = Circle.areas.through.objects.filter(
            circle=OuterRef("pk"), expertisearea_id__in=area_ids
        ).values("expertisearea_id")
        taken = CircleMembership.objects.filter(
            circle=OuterRef("pk"), member=user, status__in=LIVE_MEMBERSHIP
        )
        near = (
            Q(format=CircleFormat.IN_PERSON)
            & matching.bounding_box(profile.city, matching.NEARBY_KM)
            if profile.city is not None
            else Q(pk__in=[])
        )
        meets = near | ~Q(format=CircleFormat.IN_PERSON) if profile.open_to_remote else near
        return (
            self.open_to_join()
            .filter(meets, Exists(covering))
            .exclude(Q(host=user) | Q(convener=user) | Exists(taken))
            .annotate(covering=ArraySubquery(covering))
            .select_related("host__profile", "convener__profile", "city")
        )

    def offered_to_each(self, profiles: Sequence[Profile]) -> dict[int, list[Circle]]:
        """offered_for's rule for many members at once, by user id, in two queries however
        many they are: the open circles covering any of each profile's wanted areas that its
        member could take part in (not theirs already, in person only near their city, remote
        ones only if they are open to remote mentoring), those covering most of their areas
        first, then the newest. Each profile has its city and `wanted_area_ids`
        (ProfileQuerySet.with_wanted_area_ids) loaded."""
        from profiles import matching

        wanted_of: dict[int, set[int]] = {
            profile.user_id: set(profile.wanted_area_ids)  # type: ignore[attr-defined]
            for profile in profiles
        }
        wanted = set().union(*wanted_of.values())
        if not wanted:
            return {}
        candidates = list(
            self.open_to_join()
            .filter(
                Exists(
                    Circle.areas.through.objects.filter(
                        circle=OuterRef("pk"), expertisearea_id__in=wanted
                    )
                )
            )
            .annotate(
                area_ids=ArraySubquery(
                    Circle.areas.through.objects.filter(circle=OuterRef("pk")).values(
                        "expertisearea_id"
                    )
                )
            )
            .select_related("city")
            .order_by("-created_at", "-pk")
        )
        taken = set(
            CircleMembership.objects.filter(
                circle__in=candidates,
                member_id__in=[profile.user_id for profile in profiles],
                status__in=LIVE_MEMBERSHIP,
            ).values_list("circle_id", "member_id")
        )
        offers: dict[int, list[Circle]] = {}
        for profile in profiles:
            user_id, city = profile.user_id, profile.city
            fitting: list[tuple[int, Circle]] = []
            for circle in candidates:
                area_ids: list[int] = circle.area_ids
                covering = wanted_of[user_id].intersection(area_ids)
                if (
                    not covering
                    or user_id in (circle.host_id, circle.convener_id)
                    or (circle.pk, user_id) in taken
                ):
                    continue
                if circle.format == CircleFormat.IN_PERSON:
                    meets = (
                        city is not None
                        and circle.city is not None
                        and matching.in_bounding_box(city, matching.NEARBY_KM, circle.city)
                    )
                else:
                    meets = profile.open_to_remote
                if meets:
                    fitting.append((len(covering), circle))
            # Newest first among those covering as many areas (a stable sort keeps that order).
            fitting.sort(key=lambda fit: -fit[0])
            offers[user_id] = [circle for _covers, circle in fitting]
        return offers

    def with_member_count(self) -> CircleQuerySet:
        """Each circle with `member_count`, its current members, in the same query."""
        members = (
            CircleMembership.objects.taking_places()
            .filter(circle=OuterRef("pk"))
            .order_by()
            .values("circle")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(member_count=models.functions.Coalesce(models.Subquery(members), 0))


class Circle(models.Model):
    # A mentor's circle has a host; a peer circle has none, and a convener among its members.
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles_hosted",
        verbose_name=_("host"),
    )
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles_convened",
        verbose_name=_("convener"),
    )
    title = models.CharField(_("title"), max_length=120, validators=[validate_no_bidi_controls])
    description = models.TextField(
        _("description"),
        max_length=2000,
        help_text=_("Who the circle is for and what you will work on together."),
    )
    areas = models.ManyToManyField(
        "profiles.ExpertiseArea", related_name="circles", verbose_name=_("areas")
    )
    places = models.PositiveSmallIntegerField(
        _("places for members"),
        default=5,
        validators=[MinValueValidator(FEWEST_PLACES), MaxValueValidator(MOST_PLACES)],
        # Lazy, so the numbers are said in the reader's language when the form is shown.
        help_text=lazy(_places_help, str)(),
    )
    rhythm = models.CharField(
        _("how often you will meet"),
        max_length=16,
        choices=Rhythm.choices,
        default=Rhythm.MONTHLY,
    )
    planned_months = models.PositiveSmallIntegerField(
        _("planned length in months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    format = models.CharField(
        _("how you will meet"),
        max_length=12,
        choices=CircleFormat.choices,
        default=CircleFormat.VIDEO,
    )
    city = models.ForeignKey(
        "profiles.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("Where you will meet, for a circle that meets in person."),
    )
    join_policy = models.CharField(
        _("who may join"), max_length=8, choices=JoinPolicy.choices, default=JoinPolicy.APPROVE
    )
    status = models.CharField(
        _("status"), max_length=6, choices=CircleStatus.choices, default=CircleStatus.OPEN
    )
    # The agreement the members share, written by the host (or convener).
    agreement = models.TextField(_("your agreement"), max_length=4000, blank=True)
    agreement_updated_at = models.DateTimeField(_("agreement updated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=FEWEST_PLACES, places__lte=MOST_PLACES),
                name="circle_places_3_to_8",
            ),
            models.CheckConstraint(
                condition=Q(planned_months__gte=1, planned_months__lte=24),
                name="circle_length_1_to_24_months",
            ),
            models.CheckConstraint(
                condition=~Q(format=CircleFormat.IN_PERSON) | Q(city__isnull=False),
                name="circle_in_person_has_a_city",
            ),
            models.CheckConstraint(
                condition=Q(status=CircleStatus.ENDED) | Q(ended_at__isnull=True),
                name="circle_ended_at_only_when_ended",
            ),
            # One running circle of a title per host or convener: a double submit opens one.
            models.UniqueConstraint(
                Lower("title"),
                F("host"),
                condition=Q(status="open"),
                name="one_running_circle_per_title_and_host",
            ),
            models.UniqueConstraint(
                Lower("title"),
                F("convener"),
                condition=Q(status="open"),
                name="one_running_circle_per_title_and_convener",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="circle_open", condition=Q(status="open")),
            models.Index(fields=["host", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", args=[self.pk])

    @property
    def is_peer(self) -> bool:
        return self.host_id is None

    @property
    def is_ended(self) -> bool:
        return self.status == CircleStatus.ENDED

    @property
    def leader_user_id(self) -> int | None:
        """Who runs the circle: its host, or a peer circle's convener."""
        return self.host_id or self.convener_id

    def is_led_by(self, user: User) -> bool:
        """Whether `user` runs the circle: its host, or a peer circle's convener."""
        return user.pk is not None and user.pk in {self.host_id, self.convener_id}

    @property
    def free_places(self) -> int:
        """Needs `member_count` (CircleQuerySet.with_member_count)."""
        return max(self.places - self.member_count, 0)  # type: ignore[attr-defined]

    @property
    def is_full(self) -> bool:
        """Every place taken by a member now (needs `member_count`)."""
        return not self.is_ended and self.free_places == 0

    @property
    def status_label(self) -> str:
        """Open, full or ended, as its members now make it (needs `member_count`)."""
        if self.is_ended:
            return str(CircleStatus.ENDED.label)
        return gettext("Full") if self.is_full else gettext("Open to new members")

    def planned_end(self) -> datetime.date:
        length = datetime.timedelta(days=round(self.planned_months * 30.44))
        return (self.created_at + length).date()


class CircleMembership(models.Model):
    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("circle")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_memberships",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
    )
    note = models.CharField(
        _("a short note"),
        max_length=500,
        blank=True,
        help_text=_("What you hope to get from the circle, in a sentence or two."),
    )
    requested_at = models.DateTimeField(_("asked to join at"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = CircleMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "requested_at", "pk"]
        verbose_name = _("circle membership")
        verbose_name_plural = _("circle memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "member"],
                condition=Q(status__in=["requested", "member"]),
                name="one_live_membership_per_member_and_circle",
            )
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"Membership {self.pk} of circle {self.circle_id} ({self.get_status_display()})"

    @property
    def ended_unanswered(self) -> bool:
        """A request to join that the circle's end declined, not its host: services.circle_end
        gives them the moment the circle ended. Needs the circle loaded."""
        return (
            self.status == MembershipStatus.DECLINED
            and self.circle.ended_at is not None
            and self.left_at == self.circle.ended_at
        )


class CircleMeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class CircleMeeting(models.Model):
    """A meeting the host proposes; each member says whether they will come (CircleRsvp)."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("circle")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    format = models.CharField(
        _("format"), max_length=12, choices=CircleFormat.choices, default=CircleFormat.VIDEO
    )
    place_or_link = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CircleMeetingStatus.choices,
        default=CircleMeetingStatus.PLANNED,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("circle meeting")
        verbose_name_plural = _("circle meetings")
        indexes = [models.Index(fields=["status", "starts_at"], name="circle_meeting_when")]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of circle {self.circle_id}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class CircleRsvp(models.Model):
    """One member's answer to a meeting: "I'll come" or "I can't come"."""

    meeting = models.ForeignKey(
        CircleMeeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_rsvps",
        verbose_name=_("member"),
    )
    coming = models.BooleanField(_("coming"))
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to a circle meeting")
        verbose_name_plural = _("answers to circle meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_answer_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{'Coming' if self.coming else 'Not coming'} to circle meeting {self.meeting_id}"


class CircleEventKind(models.TextChoices):
    CREATED = "created", _("started the circle")
    REQUESTED = "requested", _("asked to join")
    JOINED = "joined", _("joined the circle")
    APPROVED = "approved", _("welcomed a new member")
    DECLINED = "declined", _("declined a request to join")
    LEFT = "left", _("left the circle")
    AGREEMENT_REVISED = "agreement_revised", _("revised the agreement")
    MEETING_PROPOSED = "meeting_proposed", _("proposed a meeting")
    PLAN_ITEM_ADDED = "plan_item_added", _("added a step to the plan")
    PLAN_ITEM_DONE = "plan_item_done", _("ticked off a step of the plan")
    ENDED = "ended", _("ended the circle")


# A circle's history as whole sentences, said by the reader ("You ...") or of someone else
# ("%(name)s ..."): the verb takes another form after "you" in French and Spanish, so the
# person and the action cannot be glued together.
EVENT_SENTENCES = {
    CircleEventKind.CREATED: (_("You started the circle"), _("%(name)s started the circle")),
    CircleEventKind.REQUESTED: (_("You asked to join"), _("%(name)s asked to join")),
    CircleEventKind.JOINED: (_("You joined the circle"), _("%(name)s joined the circle")),
    CircleEventKind.APPROVED: (
        _("You welcomed a new member"),
        _("%(name)s welcomed a new member"),
    ),
    CircleEventKind.DECLINED: (
        _("You declined a request to join"),
        _("%(name)s declined a request to join"),
    ),
    CircleEventKind.LEFT: (_("You left the circle"), _("%(name)s left the circle")),
    CircleEventKind.AGREEMENT_REVISED: (
        _("You revised the agreement"),
        _("%(name)s revised the agreement"),
    ),
    CircleEventKind.MEETING_PROPOSED: (
        _("You proposed a meeting"),
        _("%(name)s proposed a meeting"),
    ),
    CircleEventKind.PLAN_ITEM_ADDED: (
        _("You added a step to the plan"),
        _("%(name)s added a step to the plan"),
    ),
    CircleEventKind.PLAN_ITEM_DONE: (
        _("You ticked off a step of the plan"),
        _("%(name)s ticked off a step of the plan"),
    ),
    CircleEventKind.ENDED: (_("You ended the circle"), _("%(name)s ended the circle")),
}
# The steps the host takes about one person (CircleEvent.member), as (to the host, to the other
# members, to that person), naming them: "You welcomed Mia to the circle", "Max welcomed Mia to
# the circle", "Max welcomed you to the circle" (a member reads the history once welcomed). A
# declined request is the business of the host and the person who asked, not of the circle: only
# the host reads whose it was. An event recorded without its member (before the column was added,
# or whose member has deleted their account since) reads as EVENT_SENTENCES says.
ABOUT_A_MEMBER_SENTENCES = {
    CircleEventKind.APPROVED: (
        _("You welcomed %(member)s to the circle"),
        _("%(name)s welcomed %(member)s to the circle"),
        _("%(name)s welcomed you to the circle"),
    ),
    CircleEventKind.DECLINED: (
        _("You declined the request to join from %(member)s"),
        _("%(name)s declined a request to join"),
        _("%(name)s declined a request to join"),
    ),
}
# What a member's leaving MentorConnect did for them (CircleEvent.actor_left): told as their
# leaving, not as something they chose to do.
LEFT_MENTORCONNECT_SENTENCES = {
    CircleEventKind.ENDED: (
        _("You left MentorConnect, so the circle ended"),
        _("%(name)s left MentorConnect, so the circle ended"),
    ),
    CircleEventKind.LEFT: (
        _("You left MentorConnect, and with it the circle"),
        _("%(name)s left MentorConnect, and with it the circle"),
    ),
}


class CircleEvent(models.Model):
    """One change in a circle's life, for its history."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="events", verbose_name=_("circle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CircleEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Whom the event is about, when it is about someone other than its actor: the member the
    # host welcomed or declined (ABOUT_A_MEMBER_SENTENCES).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("member"),
    )
    # The actor did not choose this: their account was closed (privacy.close_relationships),
    # which ended the circles they ran and took them out of the others. The history and the
    # members' email say they left MentorConnect instead of naming them as the one who acted.
    # The database's default lets code that does not know the column yet insert rows.
    actor_left = models.BooleanField(_("because the actor left"), default=False, db_default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("circle event")
        verbose_name_plural = _("circle events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    def sentence_for(self, reader: User) -> str:
        """What happened, told to `reader`: "You started the circle", "Ann started the
        circle", "A former member left the circle", "Ann left MentorConnect, so the circle
        ended", "Ann welcomed Mia to the circle". Needs the actor's and the member's profiles
        loaded."""
        kind = CircleEventKind(self.kind)
        if self.actor_left and kind in LEFT_MENTORCONNECT_SENTENCES:
            yours, theirs = LEFT_MENTORCONNECT_SENTENCES[kind]
        else:
            yours, theirs = EVENT_SENTENCES[kind]
        member = ""
        if self.member is not None and kind in ABOUT_A_MEMBER_SENTENCES:
            yours, theirs, to_them = ABOUT_A_MEMBER_SENTENCES[kind]
            if self.member_id == reader.pk:
                theirs = to_them
            profile = getattr(self.member, "profile", None)
            member = getattr(profile, "display_name", "") or gettext("a member")
        if self.actor_id is not None and self.actor_id == reader.pk:
            return yours % {"member": member}
        if self.actor is None:
            name = gettext("A former member")
        else:
            profile = getattr(self.actor, "profile", None)
            name = getattr(profile, "display_name", "") or gettext("A member")
        return theirs % {"name": name, "member": member}


class CirclePlanItem(models.Model):
    """One step of the circle's shared plan: any member or the host adds one and ticks it off
    when it is done (and may untick it); the plan shows who did each and when."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("circle")
    )
    text = models.CharField(_("a step of the plan"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ticked off by"),
    )
    done_at = models.DateTimeField(_("ticked off at"), null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("step of a circle's plan")
        verbose_name_plural = _("steps of circles' plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True) | Q(done_at__isnull=False),
                name="circle_plan_item_done_by_only_when_done",
            )
        ]

    def __str__(self) -> str:
        # Never the text: plans are private to the circle, and this string can reach logs.
        return f"Plan item {self.pk} of circle {self.circle_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class CircleFeedback(models.Model):
    """Feedback between one member and the circle's host (or a peer circle's convener), in
    either direction: only those two can ever read it, never the rest of the circle, nor
    staff. `member` names the member's side of the pair whoever wrote it."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("circle")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    # A member who deletes their account leaves their words with the other, as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    # Encrypted at rest with the mentorship feedback's key (mentorconnect/crypto.py).
    text = EncryptedTextField(_("feedback"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("circle feedback")
        verbose_name_plural = _("circle feedback")
        indexes = [models.Index(fields=["circle", "member", "created_at"])]

    def __str__(self) -> str:
        # Never the text: this string can end up in logs and error reports.
        return f"Feedback {self.pk} in circle {self.circle_id}"
