"""Checks of the services MentorConnect needs, for /healthz."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def redis_is_up() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Health check: Redis does not answer")
        return False


def celery_worker_is_up() -> bool:
    try:
        return bool(celery_app.control.ping(timeout=1.0))
    except Exception:
        # An unreachable broker raises from deep inside kombu; either way no worker answers.
        logger.exception("Health check: cannot reach the Celery broker")
        return False


def report() -> dict[str, str]:
    return {
        "database": "up" if database_is_up() else "down",
        "redis": "up" if redis_is_up() else "down",
        "celery_worker": "up" if celery_worker_is_up() else "down",
    }
