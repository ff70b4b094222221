#!/usr/bin/env bash
# `make test`: set up, start the services, lint (as `make lint`), and run the whole suite (unit, integration,
# browser) against the real PostgreSQL, Redis and Chromium. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/started-services.sh"
start_services_and_stop_them_on_exit

# Tests use Redis databases 2 (broker) and 3 (cache), so they never touch a running app's 0 and 1.
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/2"
export DJANGO_ALLOW_ASYNC_UNSAFE=true

"$ROOT/scripts/lint.sh"
# Two processes (pytest-xdist), each with its own test database and Redis databases, keep the
# whole suite within its time on a 2-core machine; whole files go to one process, so a file's
# shared fixtures are built once. TEST_PROCESSES=0 runs everything in this one process.
say "pytest"
"$VENV/bin/pytest" -n "${TEST_PROCESSES:-2}" --dist loadfile "$@"
