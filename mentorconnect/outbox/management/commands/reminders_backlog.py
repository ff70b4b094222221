from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorconnect.outbox.sweep import backlog


class Command(BaseCommand):
    help = (
        "Count reminders overdue by more than --minutes (waiting or still being sent) and claims "
        "whose sender's lease ran out; exit 1 if there are any (monitoring)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=30)

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        found = backlog(late_after_minutes=minutes)
        self.stdout.write(
            f"{found.overdue} reminder(s) overdue by more than {minutes} minutes; "
            f"{found.stale_claims} claimed by a sender whose lease ran out."
        )
        if found.overdue or found.stale_claims:
            sys.exit(1)
