"""`make bench` under load: gunicorn with two workers, driven by locust at 1, 10 and 50 users.

For each page and load it prints (on one line)
    BENCH <page> users=<n> p50_ms=<n> p95_ms=<n> p99_ms=<n> rps=<n>
          floor_ms=<n> ratio=<n> queries=<n>
next to the floors measured in the same run: `bare_view` is a view that only loads the session
and the user of a signed-in member (`bare_view_visitor`: of a visitor, the floor of the pages
visitors see), through the same middleware and server at the same load, and each page's own SQL
is timed raw on one connection. floor_ms is the bare view's p50 at that load plus the page's raw
SQL, and ratio is the page's p50 over it. Queries are counted in this process with the same
session (the measured server does no bookkeeping). Then the workers' peak memory (VmHWM), and
the targets of docs/scaling.md, each marked met or missed.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mentorconnect.sessions import ACTIVE_AT  # noqa: E402
from mentorships.models import Mentorship, Status  # noqa: E402
from profiles.models import ExpertiseArea, LibraryType, Profile, User  # noqa: E402

LOADS = [1, 10, 50]
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "8"))
WARMUP = float(os.environ.get("BENCH_LOAD_WARMUP", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = 2
# The targets of the scaling issue (docs/scaling.md).
P95_TARGET_MS, P95_TARGET_USERS = 100, 10
THROUGHPUT_TARGET = 0.6
QUERIES_TARGET = 10


@dataclass
class Case:
    """One page: the paths each simulated user visits, and whether users are signed in."""

    name: str
    paths_per_user: list[list[str]]
    signed_in: bool = True
    queries: int = 0
    sql_ms: float = 0.0
    figures: dict[int, dict] = field(default_factory=dict)


def session_cookie(user: User) -> str:
    """A signed-in session for `user`, made as django.contrib.auth.login makes one, and the
    CSRF cookie a browser has kept since the sign-in form."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[ACTIVE_AT] = int(time.time())
    store.create()
    signing_in = HttpRequest()
    get_token(signing_in)
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={signing_in.META['CSRF_COOKIE']}"
    )


def visitors(count: int) -> list[Mentorship]:
    """One mentorship per simulated user: generated mentees in a demo mentorship, each with a
    finished profile (so the dashboard suggests mentors) and a mentorship page to open."""
    mentorships = (
        Mentorship.objects.filter(
            status=Status.ACTIVE,
            mentee__email__startswith="member",
            mentee__profile__completed_at__isnull=False,
            mentee__profile__wants_mentor=True,
        )
        .exclude(why_this_mentor="Benchmark")
        .select_related("mentee")
        .order_by("pk")
    )
    chosen: dict[int, Mentorship] = {}
    for mentorship in mentorships.iterator(chunk_size=500):
        chosen.setdefault(mentorship.mentee_id, mentorship)
        if len(chosen) == count:
            break
    return list(chosen.values())


def build_cases(mentorships: list[Mentorship]) -> list[Case]:
    users = len(mentorships)
    areas = list(ExpertiseArea.objects.order_by("pk").values_list("pk", flat=True))
    library_types = list(LibraryType.objects.order_by("pk").values_list("pk", flat=True))[:6]
    mentors = list(
        Profile.objects.visible_to_members()
        .filter(can_mentor=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: users * 5]
    )
    return [
        Case("bare_view", [["/bench/bare/"]] * users),
        Case("bare_view_visitor", [["/bench/bare/"]] * users, signed_in=False),
        Case("home", [["/"]] * users, signed_in=False),
        Case(
            "search",
            [
                [
                    f"/mentors/?expertise={areas[(i + k) % len(areas)]}"
                    f"&library_type={library_types[k % len(library_types)]}"
                    "&distance=500&unit=km&accepting=on"
                    for k in range(4)
                ]
                for i in range(users)
            ],
        ),
        Case(
            "mentor",
            [[f"/members/{pk}/" for pk in mentors[i * 5 : i * 5 + 5]] for i in range(users)],
        ),
        Case("dashboard", [["/dashboard/"]] * users),
        Case("mentorship", [[m.get_absolute_url()] for m in mentorships]),
        Case("programs", [["/programs/"]] * users, signed_in=False),
    ]


def raw_sql_ms(statements: list[str]) -> float:
    def run() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    for _ in range(3):
        run()
    return statistics.median(run() for _ in range(15))


def count_queries(cases: list[Case], cookies: list[str]) -> None:
    """Each page's queries and its raw SQL floor, as the first simulated user sees it."""
    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="mentorconnect.bench_urls"):
        for case in cases:
            client.cookies.clear()
            if case.signed_in:
                client.cookies.load(cookies[0])
            path = case.paths_per_user[0][0]
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            statements = [query["sql"] for query in captured.captured_queries]
            case.queries = len(statements)
            case.sql_ms = raw_sql_ms(statements)


def start_server(log: IO[bytes]) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--config",
            str(ROOT / "mentorconnect/gunicorn.py"),
            "scripts.bench_wsgi:application",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_LOG_LEVEL": "warning",
            # One worker for the whole run, so its peak memory covers every page.
            "GUNICORN_MAX_REQUESTS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            # The served pages log every request as production does; to a file, not here.
            "LOG_LEVEL": "INFO",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/") as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer within 30 s")


def worker_peak_mb(master: int) -> list[float]:
    """VmHWM (the peak resident memory) of each of gunicorn's workers."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return sorted(peaks)


def drive(cases: list[Case], cookies: list[str]) -> None:
    plan = {
        "host": f"http://127.0.0.1:{PORT}",
        "loads": LOADS,
        "warmup": WARMUP,
        "seconds": SECONDS,
        "cases": [
            {
                "name": case.name,
                "users": [
                    {"paths": paths, "cookie": cookie if case.signed_in else None}
                    for paths, cookie in zip(case.paths_per_user, cookies, strict=True)
                ],
            }
            for case in cases
        ],
    }
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "scripts/bench_locust.py")],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    for case in cases:
        case.figures = {users: figures[f"{case.name} {users}"] for users in LOADS}


def report(cases: list[Case], peaks: list[float]) -> None:
    floors = {case.signed_in: case for case in cases[:2]}
    for case in cases:
        bare = floors[case.signed_in]
        for users, figures in case.figures.items():
            floor = bare.figures[users]["p50_ms"] + (0 if case is bare else case.sql_ms)
            print(
                f"BENCH {case.name} users={users} p50_ms={figures['p50_ms']:.0f} "
                f"p95_ms={figures['p95_ms']:.0f} p99_ms={figures['p99_ms']:.0f} "
                f"rps={figures['rps']:.0f} floor_ms={floor:.1f} "
                f"ratio={figures['p50_ms'] / floor:.2f} queries={case.queries}"
            )
            if figures["failures"]:
                print(f"  {case.name} at {users} users: {figures['failures']} failed requests")
    print(
        f"BENCH worker_memory workers={len(peaks)} "
        f"peak_mb={max(peaks, default=0):.0f} (each: {', '.join(f'{p:.0f}' for p in peaks)})"
    )

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print("Targets (2 workers; the load generator and PostgreSQL share the same cores):")
    for case in cases[2:]:
        at = case.figures[P95_TARGET_USERS]
        share = at["rps"] / floors[case.signed_in].figures[P95_TARGET_USERS]["rps"]
        print(
            f"  {case.name:10} p95 at {P95_TARGET_USERS} users {at['p95_ms']:.0f} ms "
            f"<= {P95_TARGET_MS}: {verdict(at['p95_ms'] <= P95_TARGET_MS)}; "
            f"throughput {share:.0%} of the bare view >= {THROUGHPUT_TARGET:.0%}: "
            f"{verdict(share >= THROUGHPUT_TARGET)}; "
            f"{case.queries} queries <= {QUERIES_TARGET}: {verdict(case.queries <= QUERIES_TARGET)}"
        )


def main() -> None:
    mentorships = visitors(max(LOADS))
    cookies = [session_cookie(m.mentee) for m in mentorships]
    cases = build_cases(mentorships)
    count_queries(cases, cookies)
    print(
        f"Directory: {Profile.objects.count():,} members, "
        f"{Mentorship.objects.exclude(why_this_mentor='Benchmark').count():,} mentorships "
        "(without the sweep's extra ones)"
    )
    print(
        f"Load: gunicorn with {WORKERS} workers, locust at {', '.join(map(str, LOADS))} users, "
        f"{SECONDS:.0f} s each after {WARMUP:.0f} s of warm-up"
    )
    log_path = ROOT / ".data/bench-gunicorn.log"
    started_load = os.getloadavg()[0]
    with log_path.open("wb") as log:
        server = start_server(log)
        try:
            drive(cases, cookies)
            peaks = worker_peak_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report(cases, peaks)
    # Other work on the machine takes cores from the server, the database and locust alike.
    print(
        f"Machine load average (2 cores): {started_load:.1f} when the load run started, "
        f"{os.getloadavg()[0]:.1f} when it ended; server log in {log_path.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
