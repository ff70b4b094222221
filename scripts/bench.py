"""`make bench`: time MentorConnect's pages against their floors on a 100,000-member directory.

For each case it prints
    BENCH <case> p50_ms=<n> p95_ms=<n> floor_ms=<n> ratio=<n> queries=<n>
Every request is cold and none is repeated: Django's cache is emptied before each one (so the
session too is read from PostgreSQL), and each is made by another member, for another search,
mentor, mentorship or filter. floor_ms is what the framework and the database must spend on the
page anyway: the p50 of a bare view through the same middleware, cold in the same way for the
same kind of members, plus the median raw time of the page's own SQL (the statements of some of
the case's own requests, without the session and user that the bare view loads too). ratio is
the page's p50 over that floor, and queries the most any of those requests made. Requests go
through Django's full handler in this process. Then the targets, each marked met or missed.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentorships.models import Mentorship, Status  # noqa: E402
from profiles.models import Profile, User  # noqa: E402
from scripts.bench_load import RandomPages, session_cookie, visible_mentor_ids  # noqa: E402

WARMUP = 5
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
# Requests of each case whose SQL is run raw for its floor.
FLOOR_SAMPLES = 10
# Each page's p50 may be at most this many times its floor.
RATIO_TARGET = 1.5


@dataclass
class Visit:
    """One request: a member asking for a path."""

    user: User
    path: str


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def sign_in_cold(client: Client, visit: Visit) -> None:
    """Signs the visit's member in afresh and empties the cache, untimed."""
    client.cookies.clear()
    client.cookies.load(session_cookie(visit.user))
    cache.clear()


def get(client: Client, visit: Visit) -> None:
    response = client.get(visit.path)
    assert response.status_code == 200, (visit.path, response.status_code)


def timed(client: Client, visits: list[Visit]) -> list[float]:
    """Milliseconds of each visit after the first WARMUP, each cold."""
    samples = []
    for visit in visits:
        sign_in_cold(client, visit)
        started = time.perf_counter()
        get(client, visit)
        samples.append((time.perf_counter() - started) * 1000)
    return samples[WARMUP:]


def statements_of(client: Client, visit: Visit) -> list[str]:
    sign_in_cold(client, visit)
    with CaptureQueriesContext(connection) as captured:
        get(client, visit)
    return [query["sql"] for query in captured.captured_queries]


def shape(sql: str) -> str:
    """A statement without its conditions: the same for every member's session or user."""
    return sql.split(" WHERE ")[0]


def raw_sql_ms(statements: list[str]) -> float:
    def run() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    run()
    return statistics.median(run() for _ in range(3))


def page_sql(
    client: Client, visits: list[Visit], bare_shapes: list[str]
) -> tuple[float, int, list[str]]:
    """The median raw time of the pages' own SQL over some of `visits`, without the statements
    the bare view makes too (and savepoints); the most queries any of them made; and any
    statement that writes (a GET should not: it is reported, and not run again)."""
    times, counts, writes = [], [], []
    for visit in visits[:FLOOR_SAMPLES]:
        statements = statements_of(client, visit)
        counts.append(len(statements))
        left = list(bare_shapes)
        own = []
        for sql in statements:
            if shape(sql) in left:
                left.remove(shape(sql))
            elif sql.startswith("SELECT"):
                own.append(sql)
            elif sql.startswith(("INSERT", "UPDATE", "DELETE")):
                writes.append(sql)
        times.append(raw_sql_ms(own))
    return statistics.median(times), max(counts), writes


def build_cases(rng: random.Random) -> dict[str, list[Visit]]:
    """Each case's visits, WARMUP + ROUNDS of them, no two alike."""
    count = WARMUP + ROUNDS
    pages = RandomPages()
    # Generated mentees with a finished profile who want a mentor: the dashboard suggests
    # mentors to them, and searches are measured from their cities. A case's own members.
    mentee_ids = list(
        Profile.objects.visible_to_members()
        .filter(wants_mentor=True, can_mentor=False, user__email__startswith="member")
        .values_list("user_id", flat=True)
    )
    chosen = rng.sample(mentee_ids, count * 7)
    users = User.objects.in_bulk(chosen)
    groups = [[users[pk] for pk in chosen[i * count : (i + 1) * count]] for i in range(7)]
    # Active demo mentorships (not the sweep's extra ones): the path and both participants.
    mentorships = [
        (m.get_absolute_url(), m.mentee, m.mentor)
        for m in Mentorship.objects.filter(
            status=Status.ACTIVE, mentee__is_active=True, mentor__is_active=True
        )
        .exclude(why_this_mentor="Benchmark")
        .select_related("mentee", "mentor")
        .order_by("pk")
        if m.mentee and m.mentor
    ]
    picked = rng.sample(mentorships, count)
    by_mentor = {mentor.pk: mentor for _, _, mentor in mentorships}
    mentors_in_mentorships = rng.sample(sorted(by_mentor), count)
    keywords = rng.sample(pages.keywords, len(pages.keywords))
    mentor_pages = rng.sample(visible_mentor_ids(), count)
    return {
        "bare_view": [Visit(user, "/bench/bare/") for user in groups[0]],
        "search_keyword": [
            Visit(user, f"/mentors/?q={keywords[i % len(keywords)]}")
            for i, user in enumerate(groups[1])
        ],
        "search_expertise_library_type": [
            Visit(
                user,
                f"/mentors/?expertise={rng.choice(pages.areas)}"
                f"&library_type={rng.choice(pages.library_types)}",
            )
            for user in groups[2]
        ],
        "search_within_100km": [
            Visit(user, "/mentors/?distance=100&unit=km") for user in groups[3]
        ],
        "recommendations": [Visit(user, "/dashboard/") for user in groups[4]],
        "dashboard": [Visit(by_mentor[pk], "/dashboard/") for pk in mentors_in_mentorships],
        "mentor_page": [
            Visit(user, reverse("profiles:detail", args=[pk]))
            for user, pk in zip(groups[5], mentor_pages, strict=True)
        ],
        "mentorship_page": [
            Visit(mentee if i % 2 else mentor, path)
            for i, (path, mentee, mentor) in enumerate(picked)
        ],
        "program_directory": [Visit(user, pages.program_directory(rng)) for user in groups[6]],
    }


def main() -> None:
    client = Client()
    print(
        f"Benchmark directory: {Profile.objects.count():,} profiles, {ROUNDS} timed requests per "
        "case, each cold (cache emptied) and each different"
    )
    cases = build_cases(random.Random(1))  # noqa: S311 - benchmark traffic
    bare_visits = cases.pop("bare_view")
    bare_ms = statistics.median(timed(client, bare_visits))
    bare_shapes = [shape(sql) for sql in statements_of(client, bare_visits[0])]
    print(f"BENCH bare_view p50_ms={bare_ms:.1f}")
    results = []
    for case, visits in cases.items():
        samples = timed(client, visits)
        sql_ms, queries, writes = page_sql(client, visits[WARMUP:], bare_shapes)
        floor = bare_ms + sql_ms
        p50 = statistics.median(samples)
        results.append((case, p50, floor))
        print(
            f"BENCH {case} p50_ms={p50:.1f} p95_ms={percentile(samples, 0.95):.1f} "
            f"floor_ms={floor:.1f} ratio={p50 / floor:.2f} queries={queries}"
        )
        for sql in writes[:3]:
            print(f"  {case} wrote to the database: {sql[:200]}")
    print(f"Targets (cold, in process): p50 <= {RATIO_TARGET} x floor")
    for case, p50, floor in results:
        ok = p50 <= RATIO_TARGET * floor
        print(
            f"  {case:30} {p50:6.1f} ms <= {RATIO_TARGET * floor:6.1f} ms: "
            f"{'met' if ok else 'MISSED'}"
        )


REMINDER_MENTORSHIPS = int(os.environ.get("BENCH_MENTORSHIPS", "100000"))


def ensure_active_mentorships(count: int) -> None:
    """Tops the benchmark directory up to `count` active mentorships for the reminder sweep.

    The extra ones pair existing members without updating mentors' counts: they exist only to
    give the sweep its 100,000 rows, in the benchmark's own database.
    """
    import itertools

    from mentorships.models import Agreement

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


class QueryCounter:
    """Counts the statements a connection runs, as connection.execute_wrapper(counter):
    CaptureQueriesContext keeps only the last 9,000, and a sweep runs far more."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def bench_reminder_sweep() -> None:
    """One sweep over the active mentorships with about 5% due for a check-in."""
    from django.db.models import F, Value
    from django.db.models.functions import Mod

    from mentorconnect.outbox import sweep as outbox
    from mentorconnect.outbox.models import Reminder

    ensure_active_mentorships(REMINDER_MENTORSHIPS)
    # Noon in the middle of the continent: every recipient is inside their day.
    now = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
    Reminder.objects.all().delete()
    active = Mentorship.objects.filter(status=Status.ACTIVE)
    active.update(started_at=now - datetime.timedelta(days=5))
    active.annotate(bucket=Mod(F("pk"), Value(20))).filter(bucket=0).update(
        started_at=now - datetime.timedelta(days=40)
    )
    total = active.count()
    counted = QueryCounter()
    with (
        override_settings(EMAIL_BACKEND="mentorconnect.mail_backends.SerializingNullBackend"),
        connection.execute_wrapper(counted),
    ):
        started = time.perf_counter()
        result = outbox.sweep(now=now)
        seconds = time.perf_counter() - started
    print(
        f"Reminder sweep over {total:,} active mentorships: {result['planned']:,} planned, "
        f"{result['sent']:,} sent"
    )
    print(f"BENCH reminder_sweep seconds={seconds:.1f} queries={counted.count}")
    Reminder.objects.all().delete()
    bench_shared_sweep(now, workers=2)


def send_due_in_child(now: datetime.datetime, results: Any) -> None:
    from mentorconnect.outbox import sweep as outbox

    counted = QueryCounter()
    with connection.execute_wrapper(counted):
        sent = outbox.send_due(now)
    results.put((sent, counted.count))


def bench_shared_sweep(now: datetime.datetime, workers: int) -> None:
    """The same sweep as beat has it run by `workers` Celery workers
    (mentorconnect/outbox/tasks.py): one plans, then all send, each claiming batches of its own.
    The workers are processes forked from this one, without Celery's transport in between."""
    import multiprocessing

    from django.db import connections

    from mentorconnect.outbox import sweep as outbox

    counted = QueryCounter()
    with override_settings(EMAIL_BACKEND="mentorconnect.mail_backends.SerializingNullBackend"):
        started = time.perf_counter()
        with connection.execute_wrapper(counted):
            planned = outbox.plan(now)
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
    queries = counted.count + sum(count for _, count in outcomes)
    print(f"The same with {workers} workers sending: {planned:,} planned, {sent:,} sent")
    print(f"BENCH reminder_sweep_{workers}_workers seconds={seconds:.1f} queries={queries}")


if __name__ == "__main__":
    # Other work on the machine takes cores from this process and the database alike.
    print("Machine load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    # The same pages cost a fifth more CPU on some builds of the same Python (docs/scaling.md).
    print(f"Python {platform.python_version()} at {os.path.realpath(sys.executable)}")
    with override_settings(
        ROOT_URLCONF="mentorconnect.bench_urls",
        ALLOWED_HOSTS=["testserver"],
        DEBUG=False,
        SECURE_SSL_REDIRECT=False,
    ):
        main()
        bench_reminder_sweep()
    print("Machine load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
