"""Growing the mentor pool: members who start mentoring, and staff invitations to them.

Anyone may mentor at any career stage (peer and near-peer mentoring count); the dashboard
offers it up front to mid-career members and later, and to everyone else a step further down.
Staff invite members in the areas and regions where mentors are short; each invitation is a
reminder row, so it respects the member's email preferences, goes out in their daytime and is
sent once, and a database constraint allows one invitation per member per quarter.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorconnect.outbox.models import Reminder, about_ids

from .models import ExpertiseArea, Profile, RecruitmentCampaign, User

# Career stages from "Mid-career (5-15 years)" on (CareerStage.seniority).
MID_CAREER_SENIORITY = 3
# One staff invitation reaches at most this many members, the longest-standing first.
INVITATIONS_PER_CAMPAIGN = 200
# The reminder kind of an invitation (registered in reminders.py).
INVITATION_KIND = "mentor_invitation"


class RecruitmentError(Exception):
    """Why an invitation could not be sent, in words for staff."""


def is_mid_career_or_later(profile: Profile) -> bool:
    stage = profile.career_stage
    return stage is not None and stage.seniority >= MID_CAREER_SENIORITY


@transaction.atomic
def start_mentoring(
    *, profile: Profile, capacity: int, expertise: list[ExpertiseArea] | None = None
) -> Profile:
    """One step from member to mentor: accepting requests now, with `capacity` places."""
    profile.can_mentor = True
    profile.accepting_requests = True
    profile.mentor_capacity = max(capacity, profile.active_mentee_count)
    profile.save(
        update_fields=["can_mentor", "accepting_requests", "mentor_capacity", "updated_at"]
    )
    if expertise:
        profile.expertise.add(*expertise)
    return profile


def region_label(region: str, country: str) -> str:
    return f"{region}, {country}" if region else country


def _in_regions(labels: list[str]) -> Q:
    places = Q(pk__in=[])
    for label in labels:
        region, _comma, country = label.rpartition(", ")
        places |= (
            Q(city__region=region, city__country=country) if region else Q(city__country=country)
        )
    return places


def quarter_of(moment: datetime.datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def invitation_candidates(
    areas: list[ExpertiseArea], regions: list[str], now: datetime.datetime
) -> QuerySet[Profile]:
    """Members who do not mentor yet, know one of `areas` and live in one of `regions` (either
    may be empty: no limit), would like such emails and were not invited this quarter."""
    invited_this_quarter = Reminder.objects.filter(
        recipient=OuterRef("user_id"), kind=INVITATION_KIND, period=quarter_of(now)
    )
    members = (
        Profile.objects.visible_to_members()
        .filter(can_mentor=False)
        .exclude(user__reminders_off__contains=[INVITATION_KIND])
        .exclude(Exists(invited_this_quarter))
    )
    if areas:
        members = members.knowing(areas)
    if regions:
        members = members.filter(_in_regions(regions))
    return members.order_by("created_at", "pk")


@transaction.atomic
def invite_mentors(
    *,
    by: User,
    areas: list[ExpertiseArea],
    regions: list[str],
    now: datetime.datetime | None = None,
) -> RecruitmentCampaign:
    now = now or timezone.now()
    if not areas and not regions:
        raise RecruitmentError(_("Choose at least one area or region where mentors are needed."))
    recipients = list(
        invitation_candidates(areas, regions, now).values_list("user_id", flat=True)[
            :INVITATIONS_PER_CAMPAIGN
        ]
    )
    campaign = RecruitmentCampaign.objects.create(created_by=by, regions=regions)
    campaign.areas.set(areas)
    created = Reminder.objects.bulk_create(
        [
            Reminder(
                recipient_id=user_id,
                kind=INVITATION_KIND,
                subject=f"campaign:{campaign.pk}",
                period=quarter_of(now),
                due_at=now,
            )
            for user_id in recipients
        ],
        ignore_conflicts=True,
    )
    campaign.invited = len(created)
    campaign.save(update_fields=["invited"])
    return campaign


def invitation_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """What the invitation emails need, for a batch at once; members who have started
    mentoring meanwhile are left out."""
    campaigns = {
        str(campaign.pk): campaign
        for campaign in RecruitmentCampaign.objects.filter(
            pk__in=about_ids(reminders)
        ).prefetch_related("areas")
    }
    contexts = {}
    for reminder in reminders:
        campaign = campaigns.get(reminder.about_id)
        # The sweep loads each recipient together with their profile.
        profile = getattr(reminder.recipient, "profile", None)
        if campaign is None or (profile is not None and profile.can_mentor):
            continue
        contexts[reminder.pk] = {
            # The areas themselves: the email shows them in the recipient's language (str()).
            "areas": list(campaign.areas.all()),
            "regions": campaign.regions,
            "action_url": settings.SITE_URL + reverse("profiles:become_mentor"),
        }
    return contexts
