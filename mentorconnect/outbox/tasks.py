"""The sweep's Celery tasks: a thin interface over sweep.py."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import sweep

# Sending tasks queued by each sweep: with several workers, all of them send at once (each
# claims its own batches); a sender that finds nothing left due ends at once.
REMINDER_SENDERS = 4


@shared_task(acks_late=True)
def reminder_sweep() -> dict[str, int]:
    """Beat's short sweep: plan reminders, and have every worker help send them."""
    planned = sweep.plan(timezone.now())
    for _ in range(REMINDER_SENDERS - 1):
        send_reminders.delay()
    return {"planned": planned, "sent": sweep.send_due()}


@shared_task(acks_late=True)
def send_reminders() -> int:
    return sweep.send_due()
