"""`make bench` under load: gunicorn as production runs it, driven by locust.

First each page alone at 1, 10 and 50 users, searches and program directory pages with random
filters so that none is asked for twice. For each page and load it prints (on one line)
    BENCH <page> users=<n> p50_ms=<n> p95_ms=<n> p99_ms=<n> rps=<n>
          floor_ms=<n> ratio=<n> queries=<n>
next to the floors measured in the same run: `bare_view` is a view that only loads the session
and the user of a signed-in member (`bare_view_visitor`: of a visitor, the floor of the pages
visitors see), through the same middleware and server at the same load, and each page's own SQL
is timed raw on one connection. floor_ms is the bare view's p50 at that load plus the page's raw
SQL, and ratio is the page's p50 over it. Queries are counted in this process with the same
session (the measured server does no bookkeeping).

Then the mix, at 10 and 50 users, as real traffic is: hundreds of signed-in members, each request
from a member picked at random and for a page kind picked at random (a mentor search with random
filters, a mentor's page anywhere in the directory, the member's own dashboard, one of the
member's own mentorships, the program directory with random filters), while a thread here saves a
random profile every 100 to 200 ms. Django's cache is emptied before each load. It prints
    BENCH mix:<kind> users=<n> p50_ms=<n> p95_ms=<n> p99_ms=<n> failures=<n>
    BENCH mix users=<n> p50_ms=<n> p95_ms=<n> p99_ms=<n> rps=<n> share=<n> failures=<n>
where share is the mix's throughput over the bare view's at the same load in this run, and
failures counts answers other than 200 (a fast error page would flatter the figures). Then
where a page of the mix spent the machine's CPU, read from /proc in the middle of each run:
    BENCH mix_cpu users=<n> web_ms=<n> database_ms=<n> locust_ms=<n> cores_busy=<n>
          share_ceiling=<n>
web_ms is the CPU time (user and system) of gunicorn's processes per page, database_ms that of
PostgreSQL's processes (the profile saves included), locust_ms that of the load generator;
cores_busy is how many cores they kept busy together (when that is every core, the figures are
what a page costs, not time spent waiting). share_ceiling is the share the mix would reach if
the web processes cost nothing and the rest stayed as it was: the machine's cores divided by
database_ms + locust_ms, over the bare view's throughput.

Last, the workers' peak memory (VmHWM) and the targets, each marked met or missed.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from mentorconnect import gunicorn as gunicorn_settings  # noqa: E402
from mentorconnect.sessions import ACTIVE_AT  # noqa: E402
from mentorships.models import Mentorship, Status  # noqa: E402
from profiles.demo import ROLES  # noqa: E402
from profiles.models import City, ExpertiseArea, LibraryType, Profile, User  # noqa: E402
from programs.models import Audience, Format, Program  # noqa: E402

LOADS = [1, 10, 50]
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "8"))
WARMUP = float(os.environ.get("BENCH_LOAD_WARMUP", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
# gunicorn's processes as production has them on this machine (mentorconnect/gunicorn.py).
WORKERS = gunicorn_settings.workers
# The targets of the scaling issue (docs/scaling.md).
P95_TARGET_MS, P95_TARGET_USERS = 100, 10
THROUGHPUT_TARGET = 0.6
QUERIES_TARGET = 10
# Random searches and program directory pages for each simulated user of those pages alone.
RANDOM_PATHS_PER_USER = 500

MIX_LOADS = [10, 50]
MIX_SECONDS = float(os.environ.get("BENCH_MIX_SECONDS", "20"))
MIX_MEMBERS = int(os.environ.get("BENCH_MIX_MEMBERS", "500"))
# How often each page kind is asked for, out of 100 requests of the mix.
MIX_WEIGHTS = {"search": 30, "mentor": 25, "dashboard": 20, "mentorship": 10, "programs": 15}
# Random searches and program directory pages made for the mix: far more than it asks for, so
# hardly any request is repeated.
MIX_RANDOM_PATHS = 5000
MIX_P95_TARGETS_MS = {10: 100, 50: 400}
MIX_SHARE_TARGET = 0.35
# Where the mix's CPU goes (BENCH mix_cpu): gunicorn, PostgreSQL, the load generator.
CPU_ROLES = ("web", "database", "locust")
# A profile is saved every 100 to 200 ms while the mix runs.
SAVE_EVERY_SECONDS = (0.1, 0.2)
BIO_EDIT = " (Edited during the benchmark.)"


@dataclass
class Case:
    """One page: the paths each simulated user visits, and whether users are signed in."""

    name: str
    paths_per_user: list[list[str]]
    signed_in: bool = True
    queries: int = 0
    sql_ms: float = 0.0
    figures: dict[int, dict] = field(default_factory=dict)


@dataclass
class MixRun:
    """The mix at one load: locust's figures, and what the background saver did meanwhile."""

    users: int
    figures: dict[str, Any]
    saves: int
    save_errors: list[str]
    # CPU seconds a second of the measured window, by role (CpuSampler.per_second).
    cpu: dict[str, float]


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


class RandomPages:
    """Random mentor searches and program directory pages, with the filters members use."""

    def __init__(self) -> None:
        # Words members type: from the expertise areas and job titles mentors have.
        self.keywords = words_in([*ExpertiseArea.objects.values_list("name", flat=True), *ROLES])
        self.areas = list(ExpertiseArea.objects.order_by("pk").values_list("pk", flat=True))
        self.library_types = list(LibraryType.objects.order_by("pk").values_list("pk", flat=True))
        self.cities = member_city_labels()
        self.program_words = words_in(Program.objects.public().values_list("name", flat=True))

    def mentor_search(self, rng: random.Random) -> str:
        query: list[tuple[str, object]] = []
        if rng.random() < 0.5:
            query.append(("q", rng.choice(self.keywords)))
        if rng.random() < 0.5:
            query += [("expertise", pk) for pk in rng.sample(self.areas, rng.randint(1, 2))]
        if rng.random() < 0.4:
            query.append(("library_type", rng.choice(self.library_types)))
        if rng.random() < 0.4:
            query += [
                ("near", rng.choice(self.cities)),
                ("distance", rng.choice([25, 50, 100, 250, 500])),
                ("unit", "km"),
            ]
        if rng.random() < 0.3:
            query.append(("accepting", "on"))
        if rng.random() < 0.2:
            query.append(("sort", rng.choice(["nearest", "fewest"])))
        if rng.random() < 0.3:
            query.append(("page", rng.randint(2, 5)))
        return f"/mentors/?{urlencode(query)}"

    def program_directory(self, rng: random.Random) -> str:
        query: list[tuple[str, object]] = []
        if rng.random() < 0.3:
            query.append(("q", rng.choice(self.program_words)))
        if rng.random() < 0.4:
            query += [("audience", a) for a in rng.sample(Audience.values, rng.randint(1, 2))]
        if rng.random() < 0.3:
            query.append(("format", rng.choice(Format.values)))
        for tick in ("free", "no_membership", "virtual", "open_now"):
            if rng.random() < 0.15:
                query.append((tick, "on"))
        if rng.random() < 0.1:
            query.append(("page", 2))
        return f"/programs/?{urlencode(query)}"


def words_in(texts: Iterable[str]) -> list[str]:
    """The distinct words of five letters or more in `texts`, in lower case."""
    return sorted({word.lower() for text in texts for word in re.findall(r"[A-Za-z]{5,}", text)})


def member_city_labels() -> list[str]:
    """Labels of the cities members live in that name exactly one place, as a chosen
    suggestion in the search form does."""
    everywhere = Counter(
        (name.lower(), region.lower(), country)
        for name, region, country in City.objects.values_list("name", "region", "country")
    )
    lived_in = City.objects.filter(pk__in=Profile.objects.values("city_id")).order_by("pk")
    return [
        city.label
        for city in lived_in
        if everywhere[(city.name.lower(), city.region.lower(), city.country)] == 1
    ]


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
        assert mentorship.mentee_id is not None  # filtered on the mentee's profile above
        chosen.setdefault(mentorship.mentee_id, mentorship)
        if len(chosen) == count:
            break
    return list(chosen.values())


def members_in_mentorships(count: int, rng: random.Random) -> dict[User, list[str]]:
    """`count` members picked at random among both sides of the demo's active mentorships
    (not the sweep's extra ones), each with the paths of their own mentorships."""
    rows = (
        Mentorship.objects.filter(
            status=Status.ACTIVE, mentee__is_active=True, mentor__is_active=True
        )
        .exclude(why_this_mentor="Benchmark")
        .values_list("pk", "mentee_id", "mentor_id")
    )
    own: dict[int, list[str]] = {}
    for pk, mentee, mentor in rows:
        path = reverse("mentorships:detail", args=[pk])
        for user_id in (mentee, mentor):
            if user_id is not None:
                own.setdefault(user_id, []).append(path)
    chosen = rng.sample(sorted(own), min(count, len(own)))
    users = User.objects.in_bulk(chosen)
    return {users[pk]: own[pk] for pk in chosen}


def visible_mentor_ids() -> list[int]:
    return list(
        Profile.objects.visible_to_members()
        .filter(can_mentor=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def build_cases(
    mentorships: list[Mentorship], pages: RandomPages, rng: random.Random
) -> list[Case]:
    users = len(mentorships)
    mentors = visible_mentor_ids()[: users * 5]
    # Searches and program directory pages are random, never the same twice within a run, so
    # nothing kept for one (such as the search form, kept per query) serves the next.
    return [
        Case("bare_view", [["/bench/bare/"]] * users),
        Case("bare_view_visitor", [["/bench/bare/"]] * users, signed_in=False),
        Case("home", [["/"]] * users, signed_in=False),
        Case(
            "search",
            [
                [pages.mentor_search(rng) for _ in range(RANDOM_PATHS_PER_USER)]
                for _ in range(users)
            ],
        ),
        Case(
            "mentor",
            [[f"/members/{pk}/" for pk in mentors[i * 5 : i * 5 + 5]] for i in range(users)],
        ),
        Case("dashboard", [["/dashboard/"]] * users),
        Case("mentorship", [[m.get_absolute_url()] for m in mentorships]),
        Case(
            "programs",
            [
                [pages.program_directory(rng) for _ in range(RANDOM_PATHS_PER_USER)]
                for _ in range(users)
            ],
            signed_in=False,
        ),
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


class ProfileSaver(threading.Thread):
    """Saves a random profile through the ORM every 100 to 200 ms, as members editing their
    profiles do, so the directory changes while the mix is measured. Each save adds or removes
    a sentence at the end of the bio, so the directory stays as it was across runs."""

    def __init__(self, profile_ids: list[int]) -> None:
        super().__init__(daemon=True)
        self.profile_ids = profile_ids
        self.stopping = threading.Event()
        self.saves = 0
        self.errors: list[str] = []

    def run(self) -> None:
        rng = random.Random()  # noqa: S311 - benchmark traffic
        try:
            while not self.stopping.wait(rng.uniform(*SAVE_EVERY_SECONDS)):
                try:
                    profile = Profile.objects.get(pk=rng.choice(self.profile_ids))
                    if profile.bio.endswith(BIO_EDIT):
                        profile.bio = profile.bio.removesuffix(BIO_EDIT)
                    else:
                        profile.bio += BIO_EDIT
                    profile.save()
                    self.saves += 1
                except Exception as error:  # noqa: BLE001 - counted and reported
                    self.errors.append(repr(error))
        finally:
            connection.close()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_stat(pid: int) -> tuple[str, list[str]]:
    """A process's command name and the fields of /proc/<pid>/stat after it (the state first):
    the name may hold spaces, so it is split off at its closing parenthesis."""
    name, fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
    return name.split("(", 1)[1], fields.split()


def cpu_by_process(server: int, postmaster: int | None) -> dict[int, tuple[str, float]]:
    """The role and the CPU seconds (user and system) spent so far of each process a load run
    runs on: gunicorn's ("web"), PostgreSQL's ("database") and locust ("locust", the other
    child of this process)."""
    spent = {}
    for directory in Path("/proc").glob("[0-9]*"):
        try:
            pid = int(directory.name)
            _, fields = process_stat(pid)
        except (OSError, ValueError):
            continue
        parent = int(fields[1])
        if server in (pid, parent):
            role = "web"
        elif postmaster in (pid, parent):
            role = "database"
        elif parent == os.getpid():
            role = "locust"
        else:
            continue
        spent[pid] = (role, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return spent


def postmaster_pid() -> int | None:
    """PostgreSQL's first process, parent of every other: that of this connection's backend;
    None when the backend is not a process of this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        name, fields = process_stat(backend)
    except OSError:
        return None
    return int(fields[1]) if name == "postgres" else None


class CpuSampler(threading.Thread):
    """Reads cpu_by_process every second while a load run goes on, so that the CPU spent within
    its measured window can be told afterwards (the window's start is locust's to choose)."""

    def __init__(self, server: int, postmaster: int | None) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.postmaster = postmaster
        self.stopping = threading.Event()
        self.samples: list[tuple[float, dict[int, tuple[str, float]]]] = []

    def run(self) -> None:
        while not self.stopping.wait(1.0):
            self.samples.append((time.monotonic(), cpu_by_process(self.server, self.postmaster)))

    def per_second(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds a second of each role between the first and last samples in [start,
        end]. Processes come and go (PostgreSQL's autovacuum workers, a connection reopened): a
        process's CPU counts from one sample to the next, all of it when it is new."""
        inside = [sample for sample in self.samples if start <= sample[0] <= end]
        if len(inside) < 2:
            return {}
        spent: defaultdict[str, float] = defaultdict(float)
        for (_, before), (_, after) in itertools.pairwise(inside):
            for pid, (role, seconds) in after.items():
                spent[role] += seconds - before.get(pid, (role, 0.0))[1]
        return {role: seconds / (inside[-1][0] - inside[0][0]) for role, seconds in spent.items()}


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


def run_locust(plan: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "scripts/bench_locust.py")],
        input=json.dumps({"host": f"http://127.0.0.1:{PORT}", "warmup": WARMUP, **plan}),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def drive(cases: list[Case], cookies: list[str]) -> None:
    plan = {
        "loads": LOADS,
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
    figures = run_locust(plan)
    for case in cases:
        case.figures = {users: figures[f"{case.name} {users}"] for users in LOADS}


def drive_mix(pages: RandomPages, rng: random.Random, server: int) -> list[MixRun]:
    """The mix at each load, from an empty cache, with a profile saved every 100 to 200 ms, and
    the CPU the server (`server`, gunicorn's first process), PostgreSQL and locust spend."""
    members = members_in_mentorships(MIX_MEMBERS, rng)
    mentors = visible_mentor_ids()
    mix = {
        "weights": MIX_WEIGHTS,
        # Made now, so no session is old enough for the server to save it again during the mix.
        "members": [
            {"cookie": session_cookie(user), "mentorships": paths}
            for user, paths in members.items()
        ],
        "paths": {
            "search": [pages.mentor_search(rng) for _ in range(MIX_RANDOM_PATHS)],
            "mentor": [f"/members/{pk}/" for pk in mentors],
            "programs": [pages.program_directory(rng) for _ in range(MIX_RANDOM_PATHS)],
        },
    }
    member_profiles = Profile.objects.filter(user__in=list(members)).values_list("pk", flat=True)
    saved = [*mentors, *member_profiles]
    print(
        f"Mix: {len(members)} signed-in members in mentorships, {len(mentors):,} mentor pages, "
        f"{MIX_RANDOM_PATHS:,} random searches and program directory pages each, "
        f"{MIX_SECONDS:.0f} s at each of {', '.join(map(str, MIX_LOADS))} users"
    )
    runs = []
    for users in MIX_LOADS:
        cache.clear()
        saver = ProfileSaver(saved)
        sampler = CpuSampler(server, postmaster_pid())
        saver.start()
        sampler.start()
        try:
            figures = run_locust(
                {"loads": [users], "seconds": MIX_SECONDS, "cases": [{"name": "mix", "mix": mix}]}
            )
        finally:
            ended = time.monotonic()
            saver.stopping.set()
            sampler.stopping.set()
            saver.join()
            sampler.join()
        # locust measures the last MIX_SECONDS before it ends; a second off each end of that.
        cpu = sampler.per_second(ended - MIX_SECONDS + 1, ended - 1)
        runs.append(MixRun(users, figures[f"mix {users}"], saver.saves, saver.errors, cpu))
    return runs


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


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

    print(f"Targets ({WORKERS} workers; the load generator and PostgreSQL share the same cores):")
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


def report_mix(runs: list[MixRun], bare: Case) -> None:
    for run in runs:
        figures = run.figures
        for kind in MIX_WEIGHTS:
            entry = figures["kinds"][f"mix:{kind}"]
            print(
                f"BENCH mix:{kind} users={run.users} p50_ms={entry['p50_ms']:.0f} "
                f"p95_ms={entry['p95_ms']:.0f} p99_ms={entry['p99_ms']:.0f} "
                f"failures={entry['failures']}"
            )
        share = figures["rps"] / bare.figures[run.users]["rps"]
        print(
            f"BENCH mix users={run.users} p50_ms={figures['p50_ms']:.0f} "
            f"p95_ms={figures['p95_ms']:.0f} p99_ms={figures['p99_ms']:.0f} "
            f"rps={figures['rps']:.0f} share={share:.2f} failures={figures['failures']}"
        )
        print(
            f"  at {run.users} users: {figures['requests']} requests, {run.saves} profiles saved "
            f"meanwhile, {len(run.save_errors)} saves failed"
            + (f" (first: {run.save_errors[0]})" if run.save_errors else "")
        )
        for answer, count in sorted(figures["statuses"].items()):
            print(f"  {count} x {answer}, e.g. {figures['examples'][answer]}")
        if run.cpu and figures["rps"]:
            # CPU seconds a second over pages a second: the CPU each role spent on a page.
            ms = {role: run.cpu.get(role, 0.0) * 1000 / figures["rps"] for role in CPU_ROLES}
            rest = ms["database"] + ms["locust"]
            cores = os.cpu_count() or 1
            ceiling = cores * 1000 / rest / bare.figures[run.users]["rps"] if rest else 0.0
            print(
                f"BENCH mix_cpu users={run.users} "
                + " ".join(f"{role}_ms={ms[role]:.1f}" for role in CPU_ROLES)
                + f" cores_busy={sum(run.cpu.values()):.2f} share_ceiling={ceiling:.2f}"
            )

    print("Mix targets:")
    for run in runs:
        target = MIX_P95_TARGETS_MS[run.users]
        p95 = run.figures["p95_ms"]
        share = run.figures["rps"] / bare.figures[run.users]["rps"]
        failures = run.figures["failures"]
        print(
            f"  mix at {run.users} users: p95 {p95:.0f} ms <= {target}: {verdict(p95 <= target)}; "
            f"share {share:.2f} >= {MIX_SHARE_TARGET}: {verdict(share >= MIX_SHARE_TARGET)}; "
            f"{failures} failed requests: {verdict(failures == 0)}"
        )


def main() -> None:
    rng = random.Random(1)  # noqa: S311 - benchmark traffic
    pages = RandomPages()
    mentorships = visitors(max(LOADS))
    cookies = [session_cookie(m.mentee) for m in mentorships if m.mentee]
    cases = build_cases(mentorships, pages, rng)
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
            runs = drive_mix(pages, rng, server.pid)
            peaks = worker_peak_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report(cases, peaks)
    report_mix(runs, cases[0])
    # Other work on the machine takes cores from the server, the database and locust alike.
    print(
        f"Machine load average (2 cores): {started_load:.1f} when the load run started, "
        f"{os.getloadavg()[0]:.1f} when it ended; server log in {log_path.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
