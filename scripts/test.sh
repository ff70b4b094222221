#!/usr/bin/env bash
# `make test`: set up, start the services, lint, and run the whole suite (unit, integration,
# browser) against the real PostgreSQL, Redis and Chromium. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/started-services.sh"
start_services_and_stop_them_on_exit

# Tests use Redis database 1, so clearing the cache between tests never touches a running app.
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
export DJANGO_ALLOW_ASYNC_UNSAFE=true

say "ruff check"
"$VENV/bin/ruff" check .
say "pytest"
"$VENV/bin/pytest" "$@"
