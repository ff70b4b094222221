"""Meetings still to come of mentorships that had already ended are cancelled, as ending one now
does (services.mentorship_end): they had kept offering answers that failed, and reminders of a
meeting nobody would hold. Quietly: these mentorships ended a while ago, and nobody is emailed."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def cancel_meetings_of_ended_mentorships(apps: Any, schema_editor: Any) -> None:
    Meeting = apps.get_model("mentorships", "Meeting")
    Meeting.objects.filter(
        mentorship__status__in=["completed", "ended_early"],
        status__in=["proposed", "confirmed"],
        starts_at__gte=timezone.now(),
    ).update(status="cancelled")


class Migration(migrations.Migration):
    dependencies = [("mentorships", "0011_admin_list_order")]

    operations = [
        migrations.RunPython(cancel_meetings_of_ended_mentorships, migrations.RunPython.noop)
    ]
