from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client

from mentorconnect.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_worker() -> Iterator[None]:
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        yield


# Celery's Django fix-up closes the database connection when a worker starts, and a worker reads
# only committed rows: tests with a worker run outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_everything_up_with_a_worker_running(
    client: Client, celery_worker: None
) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "up",
        "checks": {"database": "up", "redis": "up", "celery_worker": "up"},
        "down": [],
    }


def test_healthz_names_the_missing_worker(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["celery_worker"]
    assert response.json()["checks"]["database"] == "up"


def test_healthz_names_redis_when_it_is_unreachable(client: Client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "redis" in response.json()["down"]
    assert response["Cache-Control"].startswith("max-age=0")
