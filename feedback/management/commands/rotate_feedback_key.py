from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from feedback import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt all feedback with the newest key (the first of FEEDBACK_ENCRYPTION_KEYS). "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        # Raw tokens in, raw tokens out: the text is never decrypted into a variable here.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT id, text FROM feedback_feedback FOR UPDATE")
            for feedback_id, token in cursor.fetchall():
                cursor.execute(
                    "UPDATE feedback_feedback SET text = %s WHERE id = %s",
                    [crypto.rotate(token), feedback_id],
                )
                rotated += 1
        self.stdout.write(f"Re-encrypted {rotated} feedback entries with the newest key.")
