#!/usr/bin/env bash
# Installs what MentorConnect needs and is missing: Debian's redis-server, chromium and
# postgresql, uv, and a virtualenv with the locked dependencies. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# msgfmt compiles the French and Spanish catalogues; msgattrib checks them (make lint).
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    if is_root; then
        apt_get=(apt-get)
    elif command -v sudo >/dev/null 2>&1; then
        apt_get=(sudo apt-get)
    else
        echo "Please install these Debian packages (as root): ${missing[*]}" >&2
        exit 1
    fi
    "${apt_get[@]}" update -q
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q "${missing[@]}"
fi

mkdir -p "$DATA/mail"
if [ ! -x "$UV" ]; then
    say "Installing uv $UV_VERSION into .data/tools"
    python3 -m venv "$DATA/tools"
    "$DATA/tools/bin/pip" install -q "uv==$UV_VERSION"
fi
# Debian's own Python 3.11 when the machine has it: Debian builds its interpreter with
# profile-guided and link-time optimisation, in one piece. A Python that calls into a shared
# libpython (pyenv's, say) runs the pages 10 to 20% slower (docs/scaling.md). Elsewhere uv picks
# one, and UV_PYTHON set by hand wins. A virtualenv made with another interpreter is made again.
if [ -z "${UV_PYTHON:-}" ] && [ -x /usr/bin/python3.11 ]; then
    export UV_PYTHON=/usr/bin/python3.11
fi
"$UV" sync --frozen --quiet

if [ ! -f "$ROOT/.env" ]; then
    say "Writing .env for local development"
    secret=$("$VENV/bin/python" -c "import secrets; print(secrets.token_urlsafe(50))")
    feedback_key=$("$VENV/bin/python" -c \
        "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")
    # The secret key and the feedback key are in it: readable by this user only.
    (umask 077 && : >"$ROOT/.env")
    cat >"$ROOT/.env" <<ENV
# Local development settings, written by scripts/setup.sh. Real environment variables win.
DEBUG=true
SECRET_KEY=$secret
FEEDBACK_ENCRYPTION_KEYS=$feedback_key
DATABASE_URL=postgres://mentorconnect@127.0.0.1:$PG_PORT/mentorconnect
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
SITE_URL=http://127.0.0.1:$WEB_PORT
ENV
fi
# Written by an earlier setup with the default permissions: make it private too.
chmod 600 "$ROOT/.env"

# The catalogues (each app's locale/*/LC_MESSAGES/django.po) are compiled here, not committed.
"$VENV/bin/python" manage.py compilemessages --ignore '.venv' --ignore '.data' >/dev/null
