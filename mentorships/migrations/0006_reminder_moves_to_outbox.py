# Reminders move to the outbox app (mentorconnect/outbox) with their rows: mentorships stops
# owning the model here without touching the table; outbox's 0001 takes it over and renames it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentorships", "0005_growth"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Reminder")],
            database_operations=[],
        ),
    ]
