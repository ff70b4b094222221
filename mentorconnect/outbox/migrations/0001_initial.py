# The Reminder model and its rows, taken over from mentorships: the model is created in the
# migration state on the existing table (mentorships_reminder, with its constraints and
# indexes), and the table is then renamed to outbox_reminder. Its kinds are no longer
# choices: apps register them (mentorconnect/outbox/kinds.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import mentorconnect.outbox.kinds


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mentorships", "0006_reminder_moves_to_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                max_length=20,
                                validators=[mentorconnect.outbox.kinds.validate_kind],
                            ),
                        ),
                        ("subject", models.CharField(max_length=60)),
                        ("period", models.CharField(max_length=40)),
                        ("due_at", models.DateTimeField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("due", "Due"),
                                    ("claimed", "Being sent"),
                                    ("sent", "Sent"),
                                    ("skipped", "Skipped (turned off by the member)"),
                                    ("failed", "Failed permanently"),
                                ],
                                default="due",
                                max_length=8,
                            ),
                        ),
                        ("lease_until", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mentorships_reminder",
                        "ordering": ["-due_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("status__in", ["due", "claimed"])),
                                fields=["due_at"],
                                name="reminder_waiting",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipient", "kind", "subject", "period"),
                                name="one_reminder_per_period",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "mentor_invitation")),
                                fields=("recipient", "period"),
                                name="one_mentor_invitation_per_quarter",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # None: the app's own default name, outbox_reminder.
        migrations.AlterModelTable(name="reminder", table=None),
    ]
