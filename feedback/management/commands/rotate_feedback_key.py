from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mentorconnect import crypto

# Every table whose `text` column holds feedback encrypted with this key: a mentorship's, and a
# circle member's with their host.
ENCRYPTED_TABLES = ("feedback_feedback", "circles_circlefeedback")


class Command(BaseCommand):
    help = (
        "Re-encrypt all feedback with the newest key (the first of FEEDBACK_ENCRYPTION_KEYS). "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        # Raw tokens in, raw tokens out: the text is never decrypted into a variable here.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in ENCRYPTED_TABLES:
                cursor.execute(f"SELECT id, text FROM {table} FOR UPDATE")  # noqa: S608
                for row_id, token in cursor.fetchall():
                    cursor.execute(
                        f"UPDATE {table} SET text = %s WHERE id = %s",  # noqa: S608
                        [crypto.rotate(token), row_id],
                    )
                    rotated += 1
        self.stdout.write(f"Re-encrypted {rotated} feedback entries with the newest key.")
