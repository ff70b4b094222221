"""`make bench`'s load generator: locust, headless, as a library, in a process of its own.

Reads a plan (JSON on standard input) from scripts/bench_load.py: the server's address and its
cases. A plain case gives the paths each simulated user visits and the session cookie it sends.
A mixed case (`mix`) gives signed-in members with their own mentorships, weights for the page
kinds and paths to pick from: each request is from a member picked at random, for a kind picked
by weight (the member's own dashboard or one of their mentorships, or a path picked at random).
Every case runs at each number of concurrent users, each user asking again as soon as it has its
answer (no think time), first for a warm-up whose figures are dropped, then for the measured
seconds. Prints the figures as JSON on standard output: for the whole case, for each kind of a
mix, and every answer other than 200 by kind and status, with an example path.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.stats import StatsEntry  # noqa: E402

# A request: the name its figures are kept under, the path, and the cookie to send (if any).
Request = tuple[str, str, str | None]


def plain_requests(name: str, plan: dict[str, Any]) -> Iterator[Request]:
    for path in itertools.cycle(plan["paths"]):
        yield name, path, plan["cookie"]


def mixed_requests(mix: dict[str, Any]) -> Iterator[Request]:
    kinds, weights = list(mix["weights"]), list(mix["weights"].values())
    while True:
        member = random.choice(mix["members"])  # noqa: S311 - benchmark traffic
        kind = random.choices(kinds, weights)[0]  # noqa: S311
        if kind == "dashboard":
            path = "/dashboard/"
        elif kind == "mentorship":
            path = random.choice(member["mentorships"])  # noqa: S311
        else:
            path = random.choice(mix["paths"][kind])  # noqa: S311
        yield f"mix:{kind}", path, member["cookie"]


def figures_of(entry: StatsEntry, seconds: float) -> dict[str, Any]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "rps": entry.num_requests / seconds,
    }


def measure(
    host: str, case: dict[str, Any], users: int, warmup: float, seconds: float
) -> dict[str, Any]:
    if "mix" in case:
        names = [f"mix:{kind}" for kind in case["mix"]["weights"]]

        def requests_of_a_user() -> Iterator[Request]:
            return mixed_requests(case["mix"])
    else:
        names = [case["name"]]
        plans = itertools.cycle(case["users"])

        def requests_of_a_user() -> Iterator[Request]:
            return plain_requests(case["name"], next(plans))

    statuses: Counter[str] = Counter()
    examples: dict[str, str] = {}

    class Visitor(FastHttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            self.requests = requests_of_a_user()

        @task
        def visit(self) -> None:
            name, path, cookie = next(self.requests)
            # Only the member's own cookie: none kept from another member's answers.
            self.client.cookiejar.clear()
            with self.client.get(
                path,
                name=name,
                headers={"Cookie": cookie} if cookie else {},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                # A redirect (to the login page, say) would be a fast page that is not the page.
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
                    answer = f"{name} {response.status_code}"
                    statuses[answer] += 1
                    examples.setdefault(answer, path)

    environment = Environment(user_classes=[Visitor], host=host)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    environment.stats.reset_all()
    statuses.clear()
    gevent.sleep(seconds)
    result = figures_of(environment.stats.total, seconds)
    result["kinds"] = {
        name: figures_of(environment.stats.get(name, "GET"), seconds) for name in names
    }
    result["statuses"] = dict(statuses)
    result["examples"] = {answer: examples[answer] for answer in statuses}
    runner.quit()
    return result


def main() -> None:
    logging.getLogger().setLevel(logging.WARNING)
    plan = json.load(sys.stdin)
    results = {}
    for case in plan["cases"]:
        # Every worker's first requests for a page compile templates and open connections:
        # warm them all (a single user's kept-alive connection would only reach one).
        measure(plan["host"], case, 10, plan["warmup"], 0.5)
        for users in plan["loads"]:
            figures = measure(plan["host"], case, users, plan["warmup"], plan["seconds"])
            results[f"{case['name']} {users}"] = figures
            print(f"  {case['name']} at {users} users: {figures}", file=sys.stderr, flush=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
