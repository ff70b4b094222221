"""The waiting list: mentees for whom no mentor with a free place fits, told when one does.

A mentee may join for the wanted areas that no fitting mentor with a free place covers (one
sharing the area and near them or, both being open to it, remote). Every reminder sweep offers
free places to the longest-waiting mentees first: one mentee per free place, each told once,
by a reminder row (so the email respects their preferences and is never sent twice).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorconnect.outbox.models import Reminder, about_ids
from profiles.matching import who_can_meet
from profiles.models import Profile, User

from .models import Mentorship, Status, WaitingListEntry, WaitingStatus

# A place offered to a waiting mentee is held for them this long before it can be offered to
# the next one; after that the next sweep offers it again if it is still free.
OFFER_HOLD_DAYS = 7
# The reminder kind that tells a waiting mentee of a free place (registered in reminders.py).
OFFER_KIND = "waiting_list_place"


class WaitingListError(Exception):
    """Why a member cannot join the waiting list, in words for them."""


def fitting_mentors(mentee: Profile, area_ids: list[int], *, in_person: bool) -> QuerySet[Profile]:
    """Mentors who may be suggested to the mentee (accepting, a free place, not ruled out) and
    fit them (profiles.matching.fits): sharing an area, and near, or both open to remote."""
    mentors = Profile.objects.suggestable_to(mentee.user).knowing(area_ids)
    return who_can_meet(mentors, mentee, remote=not in_person)


def _has_mentor_or_open_request(user_id: int) -> bool:
    return Mentorship.objects.filter(
        mentee_id=user_id, status__in=[Status.PENDING, Status.ACTIVE]
    ).exists()


def waiting_entry_of(user: User) -> WaitingListEntry | None:
    return (
        WaitingListEntry.objects.filter(mentee=user, status=WaitingStatus.WAITING)
        .prefetch_related("areas")
        .first()
    )


def waiting_since(member: OuterRef) -> Subquery:
    """When the member joined the waiting list, if they are on it (what the dashboard says):
    a subquery the dashboard asks along with their profile (`member` refers to its user)."""
    return Subquery(
        WaitingListEntry.objects.filter(mentee=member, status=WaitingStatus.WAITING)
        .order_by("joined_at")
        .values("joined_at")[:1]
    )


def waiting_ahead_of(entry: WaitingListEntry) -> int:
    """How many mentees joined before this one and still wait (for any areas)."""
    return WaitingListEntry.objects.filter(
        status=WaitingStatus.WAITING, joined_at__lt=entry.joined_at
    ).count()


def uncovered_areas(profile: Profile, area_ids: list[int]) -> list[int]:
    """Those of `area_ids` that no fitting mentor with a free place covers for this mentee."""
    mentors = fitting_mentors(profile, area_ids, in_person=not profile.open_to_remote)
    covered = set(
        Profile.expertise.through.objects.filter(
            profile__in=mentors.values("pk"), expertisearea_id__in=area_ids
        ).values_list("expertisearea_id", flat=True)
    )
    return [pk for pk in area_ids if pk not in covered]


def can_join(
    profile: Profile | None,
    area_ids: list[int] | None = None,
    *,
    has_mentor_or_open_request: bool | None = None,
    uncovered: list[int] | None = None,
) -> bool:
    """Whether the dashboard should offer the waiting list to this member: someone with
    neither a mentor nor an open request, with a wanted area no fitting mentor covers.
    (`area_ids`, `has_mentor_or_open_request` and `uncovered`: when the caller knows them.)"""
    if profile is None or not profile.completed_at or not profile.wants_mentor:
        return False
    if has_mentor_or_open_request is None:
        has_mentor_or_open_request = _has_mentor_or_open_request(profile.user_id)
    if has_mentor_or_open_request:
        return False
    if uncovered is None:
        if area_ids is None:
            area_ids = list(profile.wanted_areas.values_list("pk", flat=True))
        uncovered = uncovered_areas(profile, area_ids)
    return bool(uncovered)


@transaction.atomic
def join(*, mentee: User) -> WaitingListEntry:
    """Puts the mentee on the list for those of their wanted areas no fitting mentor covers."""
    profile = Profile.objects.select_for_update().filter(user=mentee).first()
    if profile is None or not profile.completed_at or not profile.wants_mentor:
        raise WaitingListError(
            _("Finish your profile, with the areas you'd like help with, first.")
        )
    area_ids = list(profile.wanted_areas.values_list("pk", flat=True))
    if not area_ids:
        raise WaitingListError(_("Choose the areas you'd like help with in your profile first."))
    if waiting_entry_of(mentee):
        raise WaitingListError(_("You are already on the waiting list."))
    if _has_mentor_or_open_request(mentee.pk):
        raise WaitingListError(
            _(
                "You have a mentor or a request waiting for an answer: the waiting list is for "
                "those who have neither."
            )
        )
    uncovered = uncovered_areas(profile, area_ids)
    if not uncovered:
        raise WaitingListError(
            _(
                "Mentors with a free place cover each of your areas now: ask one of them "
                "instead of waiting."
            )
        )
    entry = WaitingListEntry.objects.create(mentee=mentee, in_person=not profile.open_to_remote)
    entry.areas.set(uncovered)
    return entry


def leave(*, mentee: User) -> int:
    """Takes the mentee off the list (they asked, or they have sent a request)."""
    return WaitingListEntry.objects.filter(mentee=mentee, status=WaitingStatus.WAITING).update(
        status=WaitingStatus.LEFT, left_at=timezone.now()
    )


@transaction.atomic
def plan_offers(now: datetime.datetime) -> int:
    """Offers each free place to the longest-waiting fitting mentee, as a reminder to send."""
    entries = list(
        WaitingListEntry.objects.select_for_update(skip_locked=True)
        .filter(status=WaitingStatus.WAITING)
        .order_by("joined_at", "pk")
        .prefetch_related("areas")
    )
    if not entries:
        return 0
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(user__in=[e.mentee_id for e in entries])
        .filter(user__is_active=True)
        .select_related("city", "user")
    }
    held = Counter(
        WaitingListEntry.objects.filter(
            status=WaitingStatus.OFFERED,
            offered_at__gte=now - datetime.timedelta(days=OFFER_HOLD_DAYS),
        ).values_list("offered_mentor_id", flat=True)
    )
    offers = []
    for entry in entries:
        profile = profiles.get(entry.mentee_id)
        if profile is None:
            continue
        mentors = fitting_mentors(
            profile, [area.pk for area in entry.areas.all()], in_person=entry.in_person
        ).annotate(free=F("mentor_capacity") - F("active_mentee_count"))
        mentors = mentors.order_by("-free", "pk")
        for mentor_id, free_places in mentors.values_list("user_id", "free"):
            if free_places > held[mentor_id]:
                held[mentor_id] += 1
                entry.status, entry.offered_mentor_id, entry.offered_at = (
                    WaitingStatus.OFFERED,
                    mentor_id,
                    now,
                )
                entry.save(update_fields=["status", "offered_mentor", "offered_at"])
                offers.append(
                    Reminder(
                        recipient_id=entry.mentee_id,
                        kind=OFFER_KIND,
                        subject=f"waiting:{entry.pk}",
                        period="offer",
                        due_at=now,
                    )
                )
                break
    return Reminder.objects.plan(offers)


def offer_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """What the emails telling waiting mentees of a free place need, for a batch at once."""
    entries = {
        str(entry.pk): entry
        for entry in WaitingListEntry.objects.filter(
            pk__in=about_ids(reminders),
            status=WaitingStatus.OFFERED,
        )
        .select_related("offered_mentor__profile")
        .prefetch_related("areas")
    }
    contexts = {}
    for reminder in reminders:
        entry = entries.get(reminder.about_id)
        mentor = getattr(entry.offered_mentor, "profile", None) if entry else None
        if entry is None or mentor is None:
            continue
        contexts[reminder.pk] = {
            "mentor_name": mentor.display_name,
            "headline": mentor.headline,
            # Lazy: the names render in the email's language (the English name is the msgid).
            "areas": [gettext_lazy(area.name) for area in entry.areas.all()],
            "hold_days": OFFER_HOLD_DAYS,
            "action_url": settings.SITE_URL + mentor.get_absolute_url(),
        }
    return contexts
