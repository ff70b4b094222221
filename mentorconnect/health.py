"""Checks of the services MentorConnect needs.

/healthz (liveness, for the load balancer) asks only what answers at once: the database and
Redis, each with a short timeout. Whether a Celery worker answers takes a broadcast and a wait,
so it has a view of its own (/healthz/workers), and each web process asks the workers at most
once every WORKER_CHECK_SECONDS, one request at a time; callers in between get the last answer.
So no number of callers can tie up the web server with pings.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

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
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Health check: Redis does not answer")
        return False


WORKER_CHECK_SECONDS = 30


def _ping_workers() -> bool:
    try:
        return bool(celery_app.control.ping(timeout=1.0))
    except Exception:
        # An unreachable broker raises from deep inside kombu; either way no worker answers.
        logger.exception("Health check: cannot reach the Celery broker")
        return False


@dataclass
class _WorkerCheck:
    up: bool | None = None  # None: not asked yet
    asked_at: float = float("-inf")


_last_worker_check = _WorkerCheck()
_asking_workers = threading.Lock()


def celery_worker_is_up() -> bool | None:
    """Whether a Celery worker answered, as of at most WORKER_CHECK_SECONDS ago (None while the
    first answer is awaited by another request)."""
    if time.monotonic() - _last_worker_check.asked_at < WORKER_CHECK_SECONDS:
        return _last_worker_check.up
    if not _asking_workers.acquire(blocking=False):
        return _last_worker_check.up
    try:
        _last_worker_check.up = _ping_workers()
        _last_worker_check.asked_at = time.monotonic()
        return _last_worker_check.up
    finally:
        _asking_workers.release()


def forget_worker_check() -> None:
    """The next worker check asks the workers again (tests, and after a deploy)."""
    _last_worker_check.asked_at = float("-inf")


def report() -> dict[str, str]:
    return {
        "database": "up" if database_is_up() else "down",
        "redis": "up" if redis_is_up() else "down",
    }


def workers_report() -> dict[str, str]:
    up = celery_worker_is_up()
    return {"celery_worker": "checking" if up is None else "up" if up else "down"}
