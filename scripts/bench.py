"""`make bench`: time MentorConnect's pages against their floors on a 100,000-member directory.

For each case it prints
    BENCH <case> p50_ms=<n> p95_ms=<n> floor_ms=<n> ratio=<n> queries=<n>
where floor_ms is what the framework and the database must spend on the page anyway: the p50 of
a bare view through the same middleware plus the p50 of the page's own SQL run raw, and ratio is
the page's p50 over that floor. Requests go through Django's full handler in this process.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from profiles.models import ExpertiseArea, LibraryType, Profile, User  # noqa: E402

WARMUP = 5
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    for _ in range(WARMUP):
        action()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def raw_sql_ms(statements: list[str]) -> float:
    def run() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    return statistics.median(timed(run, rounds=max(ROUNDS // 2, 10)))


def main() -> None:
    client = Client()
    mentee = User.objects.get(email="mentee@mentorconnect.example")
    client.force_login(mentee)
    members = Profile.objects.count()
    print(f"Benchmark directory: {members:,} profiles, {ROUNDS} timed requests per case")

    def get(url: str) -> Callable[[], object]:
        def request() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return request

    bare_ms = statistics.median(timed(get("/bench/bare/")))
    cataloging = ExpertiseArea.objects.get(name="Cataloging (original and copy)")
    public = LibraryType.objects.get(name="Public")
    cases = {
        "search_keyword": "/mentors/?q=cataloging",
        "search_expertise_library_type": (
            f"/mentors/?expertise={cataloging.pk}&library_type={public.pk}"
        ),
        "search_within_100km": "/mentors/?distance=100&unit=km",
        "recommendations": "/dashboard/",
    }
    for case, url in cases.items():
        samples = timed(get(url))
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        statements = [query["sql"] for query in captured.captured_queries]
        floor = bare_ms + raw_sql_ms(statements)
        p50 = statistics.median(samples)
        print(
            f"BENCH {case} p50_ms={p50:.1f} p95_ms={percentile(samples, 0.95):.1f} "
            f"floor_ms={floor:.1f} ratio={p50 / floor:.2f} queries={len(statements)}"
        )


if __name__ == "__main__":
    with override_settings(
        ROOT_URLCONF="mentorconnect.bench_urls",
        ALLOWED_HOSTS=["testserver"],
        DEBUG=False,
        SECURE_SSL_REDIRECT=False,
    ):
        main()
