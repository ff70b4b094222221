import datetime

from django.db import migrations

# When publishing starts a cohort's mentorships on its first day (mentorships/cohort_rounds.py).
START_TIME = datetime.time(12, tzinfo=datetime.UTC)


def start_on_the_cohorts_day(apps, schema_editor):
    """A cohort's mentorships that start on its first day keep that day as a date now
    (Mentorship.starts_on), which pages show as the coordinators entered it wherever a member
    lives: noon UTC alone was the next day from UTC+12 eastwards. A round published after its
    first day started at the moment of publishing, and keeps showing that. One UPDATE per
    published cohort."""
    Cohort = apps.get_model("cohorts", "Cohort")
    Mentorship = apps.get_model("mentorships", "Mentorship")
    for cohort in Cohort.objects.filter(draft_pairs__mentorship__isnull=False).distinct():
        Mentorship.objects.filter(
            cohort_pair__cohort=cohort,
            started_at=datetime.datetime.combine(cohort.starts_on, START_TIME),
            starts_on__isnull=True,
        ).update(starts_on=cohort.starts_on)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0009_cohort_mentorships_end_with_the_cohort"),
        ("mentorships", "0017_mentorship_starts_on"),
    ]

    operations = [
        migrations.RunPython(start_on_the_cohorts_day, migrations.RunPython.noop),
    ]
