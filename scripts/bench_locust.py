"""`make bench`'s load generator: locust, headless, as a library, in a process of its own.

Reads a plan (JSON on standard input) from scripts/bench_load.py: the server's address and, for
each case, the paths each simulated user visits and the session cookie it sends. Every case runs
at each number of concurrent users, each user asking again as soon as it has its answer (no
think time), first for a warm-up whose figures are dropped, then for the measured seconds.
Prints the figures as JSON on standard output.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402


def measure(
    host: str, case: dict[str, Any], users: int, warmup: float, seconds: float
) -> dict[str, Any]:
    plans = itertools.cycle(case["users"])

    class Visitor(FastHttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            plan = next(plans)
            self.paths = itertools.cycle(plan["paths"])
            self.headers = {"Cookie": plan["cookie"]} if plan["cookie"] else {}

        @task
        def visit(self) -> None:
            with self.client.get(
                next(self.paths),
                name=case["name"],
                headers=self.headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                # A redirect (to the login page, say) would be a fast page that is not the page.
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    environment = Environment(user_classes=[Visitor], host=host)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    environment.stats.reset_all()
    gevent.sleep(seconds)
    entry = environment.stats.get(case["name"], "GET")
    result = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "rps": entry.num_requests / seconds,
    }
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
