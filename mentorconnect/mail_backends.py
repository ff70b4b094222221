from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone


class DevelopmentEmailBackend(ConsoleEmailBackend):
    """Prints each email in the run log and keeps it as an .eml file under EMAIL_FILE_PATH.

    A person trying MentorConnect locally has no mailbox; this way they can read the sign-up
    link in the terminal or open the file in any mail reader. It is the development mailbox, not
    a log line: it writes to standard output, never through `logging` (whose lines are masked),
    and settings choose it only with DEBUG on and no EMAIL_URL.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for number, message in enumerate(email_messages):
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            slug = re.sub(r"[^a-z0-9]+", "-", message.subject.lower()).strip("-")[:60]
            (folder / f"{stamp}-{number}-{slug}.eml").write_bytes(message.message().as_bytes())
        return super().send_messages(email_messages)


class SerializingNullBackend(ConsoleEmailBackend):
    """Builds every message into the bytes SMTP would send, then drops it: `make bench` uses
    it to count the cost of producing mail without a mail server (or a growing outbox)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.message().as_bytes()
        return len(email_messages)
