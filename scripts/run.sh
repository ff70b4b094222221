#!/usr/bin/env bash
# `make run`: set up, start PostgreSQL and Redis, migrate, load demo data, then run the web
# server, a Celery worker and Celery beat in the foreground. Ctrl-C stops all it started.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/started-services.sh"
start_services_and_stop_them_on_exit

export WEB_PORT
"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py demo_data

cat <<MSG

  MentorConnect is starting at  http://127.0.0.1:$WEB_PORT/
  Health report:                http://127.0.0.1:$WEB_PORT/healthz
  Emails sent are printed below and kept in .data/mail/
  Press Ctrl-C to stop everything.

MSG
"$VENV/bin/honcho" start -f "$ROOT/Procfile" || true
