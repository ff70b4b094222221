"""Circle feedback is encrypted at rest like mentorship feedback: the rows written in clear
before this are encrypted in place (raw SQL, so the text is never read through the field)."""

from typing import Any

from django.db import migrations

import mentorconnect.crypto


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, text FROM circles_circlefeedback FOR UPDATE")
        for feedback_id, text in cursor.fetchall():
            cursor.execute(
                "UPDATE circles_circlefeedback SET text = %s WHERE id = %s",
                [mentorconnect.crypto.encrypt(text), feedback_id],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0002_plan_and_feedback"),
    ]

    operations = [
        migrations.AlterField(
            model_name="circlefeedback",
            name="text",
            field=mentorconnect.crypto.EncryptedTextField(max_length=5000),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
