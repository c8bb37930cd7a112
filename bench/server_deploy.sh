#!/usr/bin/env bash
# Benchmark: deploy a stack of COUNT services (one busybox container each) on the same Docker engine, four ways,
# each timed from the command's start until it returns with every container running:
#   floor    the raw engine floor: the same create + start calls Drover makes, 8 in flight, issued directly
#            (bench/raw_floor.py)
#   local    `drover up` against `drover server --local-agent` (the agent in the server's process)
#   remote   `drover up` against `drover server` plus a separate `drover agent` process
#   compose  `docker-compose up -d` of the same file (1.29.2) with COMPOSE_PARALLEL_LIMIT=2×COUNT+8. Its default (64)
#            deadlocks here in most runs with 100 services: every service's producer thread holds a slot of one global
#            semaphore while waiting for its container's producer, which needs a slot of the same semaphore
#            (compose/parallel.py, GlobalLimit; seen with py-spy: all threads in Queue.get, the engine idle). Above
#            2×COUNT slots no such wait can happen. A watchdog stays: an attempt with no new container for 20 s, or
#            over 120 s in all, is stopped, cleaned up and retried, up to COMPOSE_TRIES (4) attempts a round, the
#            stalls reported on stderr; a round with no attempt that finished is left out.
# `drover up` waits until the stack is active. Each contender's server (and agent) is started before its run and
# stopped after it, so one contender at a time runs on the engine; between runs the stack is removed (`drover rm`,
# `docker-compose down`). The services run with `init: true` so a stop is immediate (a bare `sleep` ignores SIGTERM).
# Usage: bench/server_deploy.sh [COUNT=100] [ROUNDS=3]; needs DOCKER_HOST and scripts/build-images;
#   $DROVER: a drover binary to use instead of building; $DEPLOY_PORT (default 18441).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}; rounds=${2:-3}
port=${DEPLOY_PORT:-18441}
source bench/lib.sh
need docker-compose docker-compose
setup_drover
flock /tmp/drover-build.lock swift build -c release --product drover-bench >/dev/null
parallel=8

# clean_run PREFIX → removes every container of a run (the generated services are labelled io.drover.bench=PREFIX).
clean_run() {
    local ids
    ids=$(docker ps -aq --filter "label=io.drover.bench=$1")
    if [ -n "$ids" ]; then docker rm -f $ids >/dev/null; fi
}
running() { docker ps -q --filter "label=io.drover.bench=$1" --filter status=running | wc -l; }

# deploy_file PREFIX → $work/PREFIX/docker-compose.yml: lib.sh's file, with `init: true` (compose format 2.2).
deploy_file() {
    mkdir -p "$work/$1"
    compose_file "$1" >/dev/null
    sed -e "s/^version: '2'$/version: '2.2'/" -e 's/^    command: sleep 3600$/&\n    init: true/' "$work/$1.yml" \
        >"$work/$1/docker-compose.yml"
    echo "$work/$1/docker-compose.yml"
}

# drover_up PREFIX → seconds of `drover up` (or "stalled"), checked to leave COUNT running containers; then the
# stack is removed.
drover_up() {
    local file start result
    file=$(deploy_file "$1")
    start=$(now)
    if timeout 120 "$drover" up -s "$1" -f "$file" --wait-timeout 120 >"$work/$1.up.log" 2>&1; then
        result=$(elapsed "$start")
        [ "$(running "$1")" = "$count" ] || { echo "drover up returned with $(running "$1") of $count running" >&2; exit 1; }
    else
        result=stalled
    fi
    "$drover" rm "$1" >"$work/$1.rm.log" 2>&1 || true
    echo "$result"
}


# The run_* functions run in a subshell ($(…) in `rounds`): each stops its own processes if it fails.
stop_spawned() { local p; for p in "${spawned[@]}"; do stop_pid "$p"; done; }
run_local() {
    trap stop_spawned EXIT
    start_server "$1" "$port" --local-agent --docker "$DOCKER_HOST"
    wait_host
    drover_up "$1"
    stop_pid "$server_pid"
}
run_remote() {
    trap stop_spawned EXIT
    start_server "$1" "$port"
    spawn "$work/$1.agent.log" "$drover" agent --url "$server_url" --token "$server_token" --name "bench-$1" \
        --docker "$DOCKER_HOST" --state-file "$work/$1.agent.json"
    local agent=$spawned_pid
    wait_host
    drover_up "$1"
    stop_pid "$agent"
    stop_pid "$server_pid"
}
# compose_up PREFIX FILE → seconds of `docker-compose up -d`, or "stalled": no new container for 20 s, or over 120 s
# in all (the engine is asked for the run's container count once a second meanwhile).
compose_up() {
    local start count_now last=-1 still=0 pid
    start=$(now)
    COMPOSE_PARALLEL_LIMIT=$((2 * count + 8)) docker-compose -p "$1" -f "$2" up -d >>"$work/$1.log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        count_now=$(docker ps -aq --filter "label=io.drover.bench=$1" | wc -l)
        if [ "$count_now" = "$last" ]; then still=$((still + 1)); else still=0; last=$count_now; fi
        if [ "$still" -ge 20 ] || [ "$(echo "$(elapsed "$start") > 120" | bc)" = 1 ]; then
            kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
            echo "  compose $1 stalled with $count_now of $count containers" >&2
            echo stalled
            return
        fi
    done
    if wait "$pid"; then elapsed "$start"; else echo "  compose $1 failed: $(tail -3 "$work/$1.log")" >&2; echo stalled; fi
}

# run_compose PREFIX → the first of up to COMPOSE_TRIES (default 4) attempts that does not stall, cleaned up after each.
run_compose() {
    local file result try
    file=$(deploy_file "$1")
    for try in $(seq "${COMPOSE_TRIES:-4}"); do
        result=$(compose_up "$1" "$file")
        if [ "$result" != stalled ] && [ "$(running "$1")" != "$count" ]; then
            echo "docker-compose returned with $(running "$1") of $count running" >&2
            exit 1
        fi
        docker-compose -p "$1" -f "$file" down -t 1 >>"$work/$1.log" 2>&1 || true
        clean_run "$1"
        [ "$result" = stalled ] || break
    done
    echo "$result"
}

rounds "$rounds" "s$$" floor local remote compose
summary "$count services, median of $rounds rounds:" floor floor local remote compose
read -ra l <<<"${times[local]:-}"; read -ra r <<<"${times[remote]:-}"
if [ "${#l[@]}" -gt 0 ] && [ "${#l[@]}" = "${#r[@]}" ]; then
    printf '  remote vs local: %+.1f %% of the medians (target under +10 %%); round by round:' \
        "$(echo "($(echo "${r[*]}" | median) / $(echo "${l[*]}" | median) - 1) * 100" | bc -l)"
    for i in "${!l[@]}"; do printf ' %+.1f %%' "$(echo "(${r[$i]} / ${l[$i]} - 1) * 100" | bc -l)"; done
    echo
fi
