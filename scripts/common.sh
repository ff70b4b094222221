# Shared settings for the scripts: sourced, not run.
# Ports are non-default so MentorConnect never collides with a system PostgreSQL or Redis.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA="$ROOT/.data"
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
WEB_PORT=${WEB_PORT:-8000}
UV_VERSION=0.13.9
UV="$DATA/tools/bin/uv"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

is_root() { [ "$(id -u)" -eq 0 ]; }
