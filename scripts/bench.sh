#!/usr/bin/env bash
# `make bench`: load (once; it is kept) a 100,000-member directory in its own database,
# then time the pages against their floors, in process (each request cold) and under load
# through gunicorn (each page alone, then a mix of many members' pages while profiles change).
# BENCH_MEMBERS changes the population, BENCH_DATABASE the database it is kept in.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/started-services.sh"
start_services_and_stop_them_on_exit

members=${BENCH_MEMBERS:-100000}
database=${BENCH_DATABASE:-mentorconnect_bench}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
exists=$("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U mentorconnect -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")
if [ "$exists" != "1" ]; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U mentorconnect "$database"
fi
export DATABASE_URL="postgres://mentorconnect@127.0.0.1:$PG_PORT/$database"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/3"
# Measure production behaviour: no debug bookkeeping, templates and widgets not re-checked on disk.
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=testserver
# Request log lines would bury the figures; gunicorn under load logs as production does, to a file.
export LOG_LEVEL=WARNING
"$VENV/bin/python" manage.py migrate --noinput -v0
say "Loading the benchmark directory ($members members; only the missing ones are made)"
"$VENV/bin/python" manage.py demo_data --members "$members" | sed -n 1p
vacuum() {
    "$VENV/bin/python" manage.py shell -c \
        "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')" 2>/dev/null || true
}
vacuum
"$VENV/bin/python" manage.py collectstatic --noinput -v0
say "Timing"
"$VENV/bin/python" scripts/bench.py
# The sweep's run above rewrote 100,000 mentorships: their dead rows are cleared now, so the
# load below does not share the cores with autovacuum cleaning up after it.
vacuum
say "Under load: gunicorn and locust"
"$VENV/bin/python" scripts/bench_load.py
