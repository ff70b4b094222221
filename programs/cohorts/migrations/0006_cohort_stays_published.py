from django.db import migrations, models


def republish_reopened_cohorts(apps, schema_editor):
    """A cohort reopened after its matches were published (the form allowed it) goes back to
    published: its mentorships exist and everyone who applied was told."""
    Cohort = apps.get_model("cohorts", "Cohort")
    Cohort.objects.filter(published_at__isnull=False).exclude(
        status__in=["published", "closed"]
    ).update(status="published")


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0005_translated_labels"),
    ]

    operations = [
        migrations.RunPython(republish_reopened_cohorts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="cohort",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_at__isnull", True),
                    ("status__in", ["published", "closed"]),
                    _connector="OR",
                ),
                name="cohort_stays_published",
            ),
        ),
    ]
