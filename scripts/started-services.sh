# Sourced by run.sh and test.sh: start PostgreSQL and Redis, and on exit stop only those
# that were not already running, so a developer's own `make services` stays up.
start_services_and_stop_them_on_exit() {
    local name
    STARTED_HERE=()
    for name in postgres redis; do
        "$ROOT/scripts/services.sh" running "$name" || STARTED_HERE+=("$name")
    done
    trap stop_services_started_here EXIT
    "$ROOT/scripts/services.sh" start
}

stop_services_started_here() {
    if [ ${#STARTED_HERE[@]} -gt 0 ]; then
        "$ROOT/scripts/services.sh" stop "${STARTED_HERE[@]}"
    fi
}
