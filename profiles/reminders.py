"""Members' reminders about their own profile and staff invitations to mentor: registered
with the outbox in ProfilesConfig.ready()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder

from . import recruitment
from .models import Profile, User


def plan_unfinished_profiles(now: datetime.datetime) -> int:
    """New members without a finished profile, 2 days after sign-up and once more at 7."""
    days_list = settings.REMINDERS["PROFILE_UNFINISHED_DAYS"]
    finished = Profile.objects.filter(user=OuterRef("pk"), completed_at__isnull=False)
    users = (
        User.objects.filter(
            is_active=True,
            date_joined__lte=now - datetime.timedelta(days=min(days_list)),
            date_joined__gte=now - datetime.timedelta(days=max(days_list) + 7),
            emailaddress__verified=True,
        )
        .exclude(Exists(finished))
        .values_list("pk", "date_joined")
    )
    return Reminder.objects.plan(
        Reminder(
            recipient_id=pk,
            kind=PROFILE_UNFINISHED.name,
            subject="profile",
            period=f"day-{days}",
            due_at=joined + datetime.timedelta(days=days),
        )
        for pk, joined in users
        for days in days_list
        if joined + datetime.timedelta(days=days) <= now
    )


def profile_unfinished_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    # The sweep loads each recipient together with their profile.
    return {
        reminder.pk: {"action_url": settings.SITE_URL + reverse("profiles:edit")}
        for reminder in reminders
        if not ((profile := getattr(reminder.recipient, "profile", None)) and profile.completed_at)
    }


PROFILE_UNFINISHED = ReminderKind(
    name="profile_unfinished",
    label=_("Finishing your profile"),
    plan=plan_unfinished_profiles,
    context=profile_unfinished_contexts,
)
# Planned by staff campaigns (recruitment.invite_mentors), one a member a quarter.
MENTOR_INVITATION = ReminderKind(
    name=recruitment.INVITATION_KIND,
    label=_("Invitations to mentor where mentors are needed"),
    context=recruitment.invitation_contexts,
    notification=True,
)
