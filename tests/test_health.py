from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client

from mentorconnect import health
from mentorconnect.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_worker() -> Iterator[None]:
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        # A started worker subscribes to the broadcast channel a moment later, and a ping sent
        # before then is lost: wait until it answers one, as a deployed worker would.
        deadline = time.monotonic() + 15
        while not celery_app.control.ping(timeout=0.5):
            assert time.monotonic() < deadline, "the test worker never answered a ping"
        yield


@pytest.fixture(autouse=True)
def _ask_the_workers_afresh() -> None:
    health.forget_worker_check()


# Celery's Django fix-up closes the database connection when a worker starts, and a worker reads
# only committed rows: tests with a worker run outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_check_reports_a_running_worker(client: Client, celery_worker: None) -> None:
    response = client.get("/healthz/workers")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "up", "checks": {"celery_worker": "up"}, "down": []}


def test_healthz_is_up_without_asking_the_workers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "up",
        "checks": {"database": "up", "redis": "up"},
        "down": [],
    }


def test_the_worker_check_names_the_missing_worker(client: Client) -> None:
    response = client.get("/healthz/workers")
    assert response.status_code == 503
    assert response.json()["down"] == ["celery_worker"]


def test_many_callers_of_the_worker_check_cost_one_ping(client: Client) -> None:
    started = time.monotonic()
    answers = [client.get("/healthz/workers").status_code for _ in range(20)]
    # Without a worker a ping waits its whole 1 s timeout: twenty pings would take 20 s.
    assert time.monotonic() - started < 5
    assert answers == [503] * 20


def test_healthz_names_redis_when_it_is_unreachable(client: Client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "redis" in response.json()["down"]
    assert response["Cache-Control"].startswith("max-age=0")
