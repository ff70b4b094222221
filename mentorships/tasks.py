"""Celery tasks: a thin interface that loads rows by id and calls the app's functions."""

from __future__ import annotations

import datetime
import logging

from celery import Task, shared_task
from django.db.models import Q
from django.utils import timezone

from . import emails, services
from .models import Event

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=8, default_retry_delay=60)
def send_event_email(self: Task, event_id: int) -> bool:
    """Sends the email of one mentorship event, at most once.

    The row is claimed (emailed_at set) before sending; if sending fails the claim is released
    and the task retries, and the periodic sweep picks up anything a lost task left behind.
    """
    claimed = Event.objects.filter(pk=event_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    event = Event.objects.select_related("mentorship__mentee", "mentorship__mentor", "actor").get(
        pk=event_id
    )
    try:
        return emails.send_for(event)
    except Exception as error:
        Event.objects.filter(pk=event_id).update(emailed_at=None)
        logger.warning("Email for mentorship event %s failed; retrying", event_id)
        raise self.retry(exc=error) from error


@shared_task
def send_unsent_emails() -> int:
    """Queues emails whose task was lost (a worker crash, a broker restart)."""
    stale = timezone.now() - datetime.timedelta(minutes=10)
    pending = Event.objects.filter(
        Q(emailed_at__isnull=True), kind__in=list(emails.EMAILS), created_at__lte=stale
    ).values_list("pk", flat=True)
    for event_id in pending:
        send_event_email.delay(event_id)
    return len(pending)


@shared_task(acks_late=True)
def expire_unanswered_requests() -> int:
    """Closes requests that waited too long (beat runs it as often as the reminder sweep)."""
    return services.expire_unanswered_requests()
