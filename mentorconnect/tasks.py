"""Celery tasks of the pages' layer: a thin interface over privacy.py."""

from __future__ import annotations

from celery import shared_task

from . import privacy


@shared_task(acks_late=True)
def close_relationships_of_deactivated() -> int:
    return privacy.close_relationships_of_deactivated()
