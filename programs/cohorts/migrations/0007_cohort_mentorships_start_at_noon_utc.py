import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations


def start_at_noon_utc(apps, schema_editor):
    """Published rounds started their mentorships at midnight in the association's time zone,
    the day before for members west of it: they start at noon UTC on the same day now, as
    publishing does (mentorships/cohort_rounds.py). A round published after its first day
    started at the moment of publishing, and keeps it."""
    DraftPair = apps.get_model("cohorts", "DraftPair")
    Mentorship = apps.get_model("mentorships", "Mentorship")
    zone = zoneinfo.ZoneInfo(settings.PROGRAMS_TIME_ZONE)
    pairs = DraftPair.objects.filter(mentorship__isnull=False).select_related("cohort")
    for pair in pairs:
        midnight = datetime.datetime.combine(pair.cohort.starts_on, datetime.time(0), tzinfo=zone)
        noon = datetime.datetime.combine(
            pair.cohort.starts_on, datetime.time(12, tzinfo=datetime.UTC)
        )
        Mentorship.objects.filter(pk=pair.mentorship_id, started_at=midnight).update(
            started_at=noon
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0006_cohort_stays_published"),
    ]

    operations = [
        migrations.RunPython(start_at_noon_utc, migrations.RunPython.noop),
    ]
