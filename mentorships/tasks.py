"""Celery tasks: a thin interface that loads rows by id and calls the app's functions."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from mentorconnect.outbox.sweep import lease_length

from . import emails, services, suggestions
from .models import Event

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_event_email(event_id: int) -> bool:
    """Sends the email of one mentorship event, queued when the event is recorded. If it
    fails, the sweep (send_unsent_emails) tries again once the claim has run out: a retry held
    in the worker until later would be lost with Redis's queue, and crashed the worker when
    Redis went away meanwhile."""
    try:
        return emails.send_once(event_id)
    except Exception:
        logger.warning(
            "Email for mentorship event %s failed; the next sweep retries", event_id, exc_info=True
        )
        return False


@shared_task
def send_unsent_emails() -> int:
    """Sends the emails whose task was lost: never queued (the broker was down when the event
    was recorded), lost with a broker restart, failed, or claimed by a worker that died before
    the SMTP server accepted the message (its claim has run out); and the emails due later (an
    event's email_after), for which no task is queued. An event younger than one lease may
    still have its task waiting in the queue; it is left to that task."""
    now = timezone.now()
    pending = list(
        Event.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            emailed_at__isnull=True,
            email_failed_at__isnull=True,
            kind__in=list(emails.EMAILS),
        )
        .filter(
            Q(email_after__isnull=True, created_at__lte=now - lease_length())
            | Q(email_after__lte=now)
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for event_id in pending:
        try:
            sent += emails.send_once(event_id)
        except Exception:
            # The claim is released; the next sweep tries again.
            logger.warning("Email for mentorship event %s failed; the next sweep retries", event_id)
    return sent


@shared_task(acks_late=True)
def expire_unanswered_requests() -> int:
    """Closes requests that waited too long (beat runs it as often as the reminder sweep)."""
    return services.expire_unanswered_requests()


@shared_task(acks_late=True, expires=60 * 10)
def plan_matches() -> int:
    """Makes the matching plan again (beat runs it every MATCH_PLAN_SECONDS)."""
    return suggestions.refresh_plan()
