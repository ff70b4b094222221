#!/usr/bin/env bash
# The project-local PostgreSQL and Redis, on 127.0.0.1 with their data under .data/.
#   services.sh start            start both (does nothing for one already running)
#   services.sh stop [NAME...]   stop both, or only the named ones (postgres, redis)
#   services.sh running NAME     exit 0 if NAME is running
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

pg_bin() {
    local dirs
    dirs=$(ls -d /usr/lib/postgresql/*/bin | sort -V)
    echo "${dirs##*$'\n'}"
}

# PostgreSQL refuses to run as root, so as root it runs as the postgres user. That user must be
# able to reach the data folder; when the checkout is somewhere it cannot enter (root's home,
# say), the cluster lives in the system temporary folder instead, keyed by the checkout path.
pg_data_dir() {
    if is_root && ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
        local key
        key=$(printf '%s' "$ROOT" | md5sum | cut -c1-12)
        echo "/tmp/mentorconnect-postgres-$key"
    else
        echo "$DATA/postgres"
    fi
}

as_pg_owner() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_running() {
    local pgdata
    pgdata=$(pg_data_dir)
    [ -f "$pgdata/PG_VERSION" ] && as_pg_owner "$(pg_bin)/pg_ctl" -D "$pgdata" status >/dev/null 2>&1
}

start_postgres() {
    local bin pgdata
    bin=$(pg_bin)
    pgdata=$(pg_data_dir)
    if postgres_running; then
        echo "PostgreSQL already running on 127.0.0.1:$PG_PORT"
        return
    fi
    mkdir -p "$pgdata"
    if is_root; then chown postgres: "$pgdata"; fi
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        say "Creating the PostgreSQL cluster in $pgdata"
        as_pg_owner "$bin/initdb" -D "$pgdata" -U mentorconnect --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$DATA/postgres-initdb.log"
    fi
    say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    # No Unix socket (a deep checkout path would exceed its 107-byte limit); buffers large
    # enough to keep the 100,000-member benchmark directory in memory.
    as_pg_owner "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -o \
        "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c shared_buffers=512MB" \
        start >/dev/null
    local exists
    exists=$("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U mentorconnect -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'mentorconnect'")
    if [ "$exists" != "1" ]; then
        "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U mentorconnect mentorconnect
    fi
}

stop_postgres() {
    if postgres_running; then
        say "Stopping PostgreSQL"
        as_pg_owner "$(pg_bin)/pg_ctl" -D "$(pg_data_dir)" -m fast -w stop >/dev/null
    fi
}

redis_running() {
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

start_redis() {
    if redis_running; then
        echo "Redis already running on 127.0.0.1:$REDIS_PORT"
        return
    fi
    say "Starting Redis on 127.0.0.1:$REDIS_PORT"
    mkdir -p "$DATA/redis"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$DATA/redis" \
        --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log" \
        --save "" --appendonly no
    for _ in $(seq 50); do
        redis_running && return
        sleep 0.1
    done
    echo "Redis did not start; see $DATA/redis/redis.log" >&2
    exit 1
}

stop_redis() {
    if redis_running; then
        say "Stopping Redis"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
}

command=${1:-start}
shift || true
case "$command" in
    start)
        start_postgres
        start_redis
        ;;
    stop)
        names=("$@")
        [ ${#names[@]} -gt 0 ] || names=(postgres redis)
        for name in "${names[@]}"; do "stop_$name"; done
        ;;
    running)
        "${1}_running"
        ;;
    *)
        echo "usage: $0 start | stop [postgres|redis] | running postgres|redis" >&2
        exit 2
        ;;
esac
