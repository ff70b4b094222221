"""Celery tasks of the program directory."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def record_counted_views() -> int:
    return services.record_counted_views()
