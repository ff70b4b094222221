"""`make bench`: time MentorConnect's pages against their floors on a 100,000-member directory.

For each case it prints
    BENCH <case> p50_ms=<n> p95_ms=<n> floor_ms=<n> ratio=<n> queries=<n>
where floor_ms is what the framework and the database must spend on the page anyway: the p50 of
a bare view through the same middleware plus the p50 of the page's own SQL run raw, and ratio is
the page's p50 over that floor. Requests go through Django's full handler in this process.
Each case is timed twice: as a member repeating it sees it (the directory's cached pieces), and
as `<case>_first_time`, right after a change to the directory, when the pieces are made again.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from profiles import directory_cache  # noqa: E402
from profiles.models import ExpertiseArea, LibraryType, Profile, User  # noqa: E402

WARMUP = 5
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(
    action: Callable[[], object],
    rounds: int = ROUNDS,
    before: Callable[[], object] = lambda: None,
) -> list[float]:
    """Milliseconds per call of `action`, after a warm-up; `before` runs untimed before each."""
    for _ in range(WARMUP):
        before()
        action()
    samples = []
    for _ in range(rounds):
        before()
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
    # A member repeating a search (or paging back) is served the pieces rendered for them at
    # the directory's current version; the `_first_time` lines are the same pages right after
    # a change to the directory, when every piece is worked out again.
    unchanged, changed = (lambda: None), directory_cache.directory_changed
    for case, url in cases.items():
        for suffix, before in (("", unchanged), ("_first_time", changed)):
            samples = timed(get(url), before=before)
            before()
            with CaptureQueriesContext(connection) as captured:
                get(url)()
            statements = [query["sql"] for query in captured.captured_queries]
            floor = bare_ms + raw_sql_ms(statements)
            p50 = statistics.median(samples)
            print(
                f"BENCH {case}{suffix} p50_ms={p50:.1f} p95_ms={percentile(samples, 0.95):.1f} "
                f"floor_ms={floor:.1f} ratio={p50 / floor:.2f} queries={len(statements)}"
            )


REMINDER_MENTORSHIPS = int(os.environ.get("BENCH_MENTORSHIPS", "100000"))


def ensure_active_mentorships(count: int) -> None:
    """Tops the benchmark directory up to `count` active mentorships for the reminder sweep.

    The extra ones pair existing members without updating mentors' counts: they exist only to
    give the sweep its 100,000 rows, in the benchmark's own database.
    """
    import itertools
    import random

    from mentorships.models import Agreement, Mentorship, Status

    missing = count - Mentorship.objects.filter(status=Status.ACTIVE).count()
    if missing <= 0:
        return
    mentors = list(Profile.objects.filter(can_mentor=True).values_list("user_id", flat=True))
    mentees = list(Profile.objects.filter(can_mentor=False).values_list("user_id", flat=True))
    rng = random.Random(7)  # noqa: S311 - benchmark data
    now = timezone.now()
    pairs = ((rng.choice(mentees), rng.choice(mentors)) for _ in range(missing))
    while batch := list(itertools.islice(pairs, 5000)):
        created = Mentorship.objects.bulk_create(
            Mentorship(
                mentee_id=mentee,
                mentor_id=mentor,
                status=Status.ACTIVE,
                help_wanted="Benchmark",
                why_this_mentor="Benchmark",
                first_message="Benchmark",
                requested_at=now,
                started_at=now,
            )
            for mentee, mentor in batch
        )
        Agreement.objects.bulk_create(Agreement(mentorship=m, goals="Benchmark") for m in created)


def bench_reminder_sweep() -> None:
    """One sweep over the active mentorships with about 5% due for a check-in."""
    from django.db.models import F, Value
    from django.db.models.functions import Mod

    from mentorships import reminders
    from mentorships.models import Mentorship, Reminder, Status

    ensure_active_mentorships(REMINDER_MENTORSHIPS)
    # Noon in the middle of the continent: every recipient is inside their day.
    now = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
    Reminder.objects.all().delete()
    active = Mentorship.objects.filter(status=Status.ACTIVE)
    active.update(started_at=now - timezone.timedelta(days=5))
    active.annotate(bucket=Mod(F("pk"), Value(20))).filter(bucket=0).update(
        started_at=now - timezone.timedelta(days=40)
    )
    total = active.count()
    with (
        override_settings(EMAIL_BACKEND="mentorconnect.mail_backends.SerializingNullBackend"),
        CaptureQueriesContext(connection) as captured,
    ):
        started = time.perf_counter()
        result = reminders.sweep(now=now)
        seconds = time.perf_counter() - started
    print(
        f"Reminder sweep over {total:,} active mentorships: {result['planned']:,} planned, "
        f"{result['sent']:,} sent"
    )
    print(f"BENCH reminder_sweep seconds={seconds:.1f} queries={len(captured.captured_queries)}")
    Reminder.objects.all().delete()
    bench_shared_sweep(now, workers=2)


def send_due_in_child(now: datetime.datetime, results: Any) -> None:
    from mentorships import reminders

    with CaptureQueriesContext(connection) as captured:
        sent = reminders.send_due(now)
    results.put((sent, len(captured.captured_queries)))


def bench_shared_sweep(now: datetime.datetime, workers: int) -> None:
    """The same sweep as beat has it run by `workers` Celery workers (mentorships/tasks.py): one
    plans, then all send, each claiming batches of its own. The workers are processes forked
    from this one, without Celery's transport in between."""
    import multiprocessing

    from django.db import connections

    from mentorships import reminders

    with (
        override_settings(EMAIL_BACKEND="mentorconnect.mail_backends.SerializingNullBackend"),
        CaptureQueriesContext(connection) as captured,
    ):
        started = time.perf_counter()
        planned = reminders.plan(now)
        # Each process opens its own connection: none may be shared across the fork.
        connections.close_all()
        forking = multiprocessing.get_context("fork")
        results = forking.SimpleQueue()
        children = [
            forking.Process(target=send_due_in_child, args=(now, results)) for _ in range(workers)
        ]
        for child in children:
            child.start()
        for child in children:
            child.join()
        seconds = time.perf_counter() - started
    outcomes = [results.get() for _ in children]
    sent = sum(count for count, _ in outcomes)
    queries = len(captured.captured_queries) + sum(count for _, count in outcomes)
    print(f"The same with {workers} workers sending: {planned:,} planned, {sent:,} sent")
    print(f"BENCH reminder_sweep_{workers}_workers seconds={seconds:.1f} queries={queries}")


if __name__ == "__main__":
    with override_settings(
        ROOT_URLCONF="mentorconnect.bench_urls",
        ALLOWED_HOSTS=["testserver"],
        DEBUG=False,
        SECURE_SSL_REDIRECT=False,
    ):
        main()
        bench_reminder_sweep()
