"""gunicorn's settings for serving MentorConnect in production.

    gunicorn -c mentorconnect/gunicorn.py mentorconnect.wsgi

Every value can be changed from the environment (`make serve` and `make bench` do), so one file
serves one machine or many: run it on several machines (or several times on one, each with its
own GUNICORN_BIND) behind a load balancer; sessions and caches live in PostgreSQL and Redis, so
any process can answer any request (docs/scaling.md).
"""

from __future__ import annotations

import gc
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each process answers one request at a time (gunicorn's sync worker), so a process is handed a
# connection only when it is free: the load spreads evenly over the processes, and no request
# waits behind another thread for its process's interpreter lock. Two processes per core, plus
# one, keep the cores busy while pages wait for PostgreSQL (gunicorn's own advice). Threads
# served the benchmark's mixed load unevenly, by how kept-alive connections fell between the
# processes (docs/scaling.md has the figures).
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * len(os.sched_getaffinity(0)) + 1)))
worker_class = "sync"
# A worker that has answered this many requests is replaced, so a slow leak never grows far;
# the jitter keeps workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
timeout = 30
graceful_timeout = 20
# The application is imported once and the workers forked from it: they start faster and share
# its memory. Django opens no database connection at import, so none is shared across a fork.
preload_app = True
# gunicorn's heartbeat files on a RAM disk: a slow disk can otherwise stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No gunicornc control socket: several servers may run on one machine (the scaling demo).
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "mentorconnect"


def when_ready(server: Any) -> None:
    """Imports every view in the master, before the workers are forked, as the application
    itself is (preload_app): the URLs are otherwise read on each worker's first request."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - read for the imports it makes


def pre_fork(server: Any, worker: Any) -> None:
    """What the master has loaded (Django, the application, every view) lives as long as the
    workers do. Frozen out of the garbage collector's reach, it is neither scanned by the
    workers' full collections (about 1 ms a request on average, in process: each went through
    some 160,000 objects) nor written to by them, so the workers keep sharing its memory with
    the master."""
    gc.freeze()
