from django.db import migrations


def end_with_the_cohort(apps, schema_editor):
    """A cohort's mentorships are planned to end on the cohort's last day now
    (Agreement.planned_end_on), not a whole number of months after their start, which fell a
    few days after it. Those whose pair have since agreed another length keep theirs. One
    UPDATE per published cohort."""
    Cohort = apps.get_model("cohorts", "Cohort")
    Agreement = apps.get_model("mentorships", "Agreement")
    for cohort in Cohort.objects.filter(draft_pairs__mentorship__isnull=False).distinct():
        # The length publishing gave them (mentorships/cohort_rounds.planned_months).
        days = (cohort.ends_on - cohort.starts_on).days
        months = min(max(round(days / 30.44), 1), 24)
        Agreement.objects.filter(
            mentorship__cohort_pair__cohort=cohort,
            planned_months=months,
            planned_end_on__isnull=True,
        ).update(planned_end_on=cohort.ends_on)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0008_cohort_mentorships_in_no_language"),
        ("mentorships", "0016_agreement_planned_end_on"),
    ]

    operations = [
        migrations.RunPython(end_with_the_cohort, migrations.RunPython.noop),
    ]
