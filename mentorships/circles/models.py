"""Circles: group mentoring for when one-to-one places run out.

A mentor hosts a circle for three to eight mentees on one or more expertise areas (it takes one
of the mentor's places while it runs), or members start a peer circle with a convener and no
mentor. Like a mentorship, everything inside a circle (its members' contact details, agreement,
meetings and history) belongs to its members and host alone; staff see only who, which state
and when (see admin.py). Every change goes through services.py.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mentorconnect.crypto import EncryptedTextField
from mentorships.models import Rhythm

if TYPE_CHECKING:
    from profiles.models import Profile, User

FEWEST_PLACES = 3
MOST_PLACES = 8


class CircleStatus(models.TextChoices):
    OPEN = "open", "Open to new members"
    FULL = "full", "Full"
    ENDED = "ended", "Ended"


class JoinPolicy(models.TextChoices):
    APPROVE = "approve", "I approve each request to join"
    OPEN = "open", "Anyone may join while places remain"


class CircleFormat(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", "Asked to join"
    MEMBER = "member", "Member"
    LEFT = "left", "Left"
    DECLINED = "declined", "Not accepted"


LIVE_MEMBERSHIP = [MembershipStatus.REQUESTED, MembershipStatus.MEMBER]


class CircleQuerySet(models.QuerySet["Circle"]):
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

    def open_to_join(self) -> CircleQuerySet:
        return self.filter(status=CircleStatus.OPEN)

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
            .with_member_count()
            .select_related("host__profile", "convener__profile", "city")
        )

    def with_member_count(self) -> CircleQuerySet:
        """Each circle with `member_count`, its current members, in the same query."""
        members = (
            CircleMembership.objects.filter(circle=OuterRef("pk"), status=MembershipStatus.MEMBER)
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
    )
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles_convened",
    )
    title = models.CharField(max_length=120)
    description = models.TextField(
        max_length=2000, help_text="Who the circle is for and what you will work on together."
    )
    areas = models.ManyToManyField(
        "profiles.ExpertiseArea", related_name="circles", verbose_name="areas"
    )
    places = models.PositiveSmallIntegerField(
        "places for members",
        default=5,
        validators=[MinValueValidator(FEWEST_PLACES), MaxValueValidator(MOST_PLACES)],
        help_text=f"From {FEWEST_PLACES} to {MOST_PLACES} members.",
    )
    rhythm = models.CharField(
        "how often you will meet", max_length=16, choices=Rhythm.choices, default=Rhythm.MONTHLY
    )
    planned_months = models.PositiveSmallIntegerField(
        "planned length in months",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    format = models.CharField(
        "how you will meet", max_length=12, choices=CircleFormat.choices, default=CircleFormat.VIDEO
    )
    city = models.ForeignKey(
        "profiles.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where you will meet, for a circle that meets in person.",
    )
    join_policy = models.CharField(
        "who may join", max_length=8, choices=JoinPolicy.choices, default=JoinPolicy.APPROVE
    )
    status = models.CharField(max_length=6, choices=CircleStatus.choices, default=CircleStatus.OPEN)
    # The agreement the members share, written by the host (or convener).
    agreement = models.TextField("your agreement", max_length=4000, blank=True)
    agreement_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
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

    def is_led_by(self, user: User) -> bool:
        """Whether `user` runs the circle: its host, or a peer circle's convener."""
        return user.pk is not None and user.pk in {self.host_id, self.convener_id}

    @property
    def free_places(self) -> int:
        """Needs `member_count` (CircleQuerySet.with_member_count)."""
        return max(self.places - self.member_count, 0)  # type: ignore[attr-defined]

    def planned_end(self) -> datetime.date:
        length = datetime.timedelta(days=round(self.planned_months * 30.44))
        return (self.created_at + length).date()


class CircleMembership(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    note = models.CharField(
        "a short note",
        max_length=500,
        blank=True,
        help_text="What you hope to get from the circle, in a sentence or two.",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "requested_at", "pk"]
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


class CircleMeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class CircleMeeting(models.Model):
    """A meeting the host proposes; each member says whether they will come (CircleRsvp)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    format = models.CharField(
        max_length=12, choices=CircleFormat.choices, default=CircleFormat.VIDEO
    )
    place_or_link = models.CharField("place or link", max_length=300, blank=True)
    agenda = models.TextField(max_length=4000, blank=True)
    status = models.CharField(
        max_length=10, choices=CircleMeetingStatus.choices, default=CircleMeetingStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="circle_meeting_when")]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of circle {self.circle_id}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class CircleRsvp(models.Model):
    """One member's answer to a meeting: "I'll come" or "I can't come"."""

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_rsvps"
    )
    coming = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_answer_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{'Coming' if self.coming else 'Not coming'} to circle meeting {self.meeting_id}"


class CircleEventKind(models.TextChoices):
    CREATED = "created", "started the circle"
    REQUESTED = "requested", "asked to join"
    JOINED = "joined", "joined the circle"
    APPROVED = "approved", "welcomed a new member"
    DECLINED = "declined", "declined a request to join"
    LEFT = "left", "left the circle"
    AGREEMENT_REVISED = "agreement_revised", "revised the agreement"
    MEETING_PROPOSED = "meeting_proposed", "proposed a meeting"
    PLAN_ITEM_ADDED = "plan_item_added", "added a step to the plan"
    PLAN_ITEM_DONE = "plan_item_done", "ticked off a step of the plan"
    ENDED = "ended", "ended the circle"


class CircleEvent(models.Model):
    """One change in a circle's life, for its history."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CircleEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class CirclePlanItem(models.Model):
    """One step of the circle's shared plan: any member or the host adds one and ticks it off
    when it is done (and may untick it); the plan shows who did each and when."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="plan_items")
    text = models.CharField("a step of the plan", max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
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

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A member who deletes their account leaves their words with the other, as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Encrypted at rest with the mentorship feedback's key (mentorconnect/crypto.py).
    text = EncryptedTextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["circle", "member", "created_at"])]

    def __str__(self) -> str:
        # Never the text: this string can end up in logs and error reports.
        return f"Feedback {self.pk} in circle {self.circle_id}"
