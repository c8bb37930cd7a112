#!/usr/bin/env bash
# Benchmark: deploy a stack of COUNT services (one busybox container each) on the same Docker engine, three ways,
# each timed from the command's start until it returns with every container running:
#   local    `drover up` against `drover server --local-agent` (the agent in the server's process)
#   remote   `drover up` against `drover server` plus a separate `drover agent` process
#   compose  `docker-compose up -d` of the same file (1.29.2, its own parallelism; a run over 120 s is reported as
#            stalled and left out: it sometimes stalls here after about 30 containers)
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

# wait_host → waits until the server lists an active host.
wait_host() {
    local i
    for i in $(seq 300); do
        curl -sf -u "$DROVER_ACCESS_KEY:$DROVER_SECRET_KEY" "$DROVER_URL/v2-beta/projects/default/hosts" | grep -q '"state":"active"' && return 0
        sleep 0.1
    done
    echo "no active host" >&2
    return 1
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
run_compose() {
    local file start result
    file=$(deploy_file "$1")
    start=$(now)
    if timeout 120 docker-compose -p "$1" -f "$file" up -d >"$work/$1.log" 2>&1; then
        result=$(elapsed "$start")
        [ "$(running "$1")" = "$count" ] || { echo "docker-compose returned with $(running "$1") of $count running" >&2; exit 1; }
    else
        result=stalled
    fi
    docker-compose -p "$1" -f "$file" down -t 1 >>"$work/$1.log" 2>&1 || true
    echo "$result"
}

rounds "$rounds" "s$$" local remote compose
summary "$count services, median of $rounds rounds:" compose local remote compose
printf '  remote vs local: %+.1f %% (target under +10 %%)\n' \
    "$(echo "($(echo "${times[remote]}" | median) / $(echo "${times[local]}" | median) - 1) * 100" | bc -l)"
