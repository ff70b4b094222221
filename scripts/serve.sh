#!/usr/bin/env bash
# `make serve`: MentorConnect as production runs it, on this machine (Procfile.production): DEBUG
# off, static files collected and served by WhiteNoise, two gunicorn servers on one address, two
# Celery workers and one beat, all on the same PostgreSQL and Redis. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/started-services.sh"
start_services_and_stop_them_on_exit

# Production settings (keys from .env), except that this demo speaks plain HTTP on the loopback
# address, where production has a TLS-terminating proxy in front, and keeps mail in files.
export DEBUG=false SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
export SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export ALLOWED_HOSTS=127.0.0.1,localhost GUNICORN_BIND="127.0.0.1:$WEB_PORT"
export EMAIL_URL="filemail:///$DATA/mail-production"
"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py demo_data
"$VENV/bin/python" manage.py collectstatic --noinput -v0

cat <<MSG

  MentorConnect (production settings) is starting at  http://127.0.0.1:$WEB_PORT/
  Two gunicorn servers share that address; two Celery workers and one beat run beside them.
  Emails are kept as files in .data/mail-production/
  Press Ctrl-C to stop everything.

MSG
# honcho would load .env over what is exported above (DEBUG=true among it); settings read .env
# themselves, without overriding the environment, so honcho is given no file of its own.
"$VENV/bin/honcho" start -e /dev/null -f "$ROOT/Procfile.production" || true
