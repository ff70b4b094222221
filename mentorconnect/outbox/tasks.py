"""The sweep's Celery tasks: a thin interface over sweep.py."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError

from . import sweep

logger = logging.getLogger(__name__)

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


def send_soon() -> None:
    """Has a worker send what is due now rather than at the next sweep, for emails that people
    wait for (a round's results): the sweep sends them anyway, within minutes, if the broker is
    away. Queued after the commit that planned them (transaction.on_commit)."""
    try:
        send_reminders.delay()
    except OperationalError as error:
        logger.warning("Could not queue the outbox (%s); the sweep will send", type(error).__name__)
