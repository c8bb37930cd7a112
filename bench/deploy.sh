#!/usr/bin/env bash
# Benchmark: deploy a stack of COUNT services (one busybox container each) on the same Docker engine, three ways:
#   floor     the same create+start Engine API calls issued directly, PARALLEL at a time (bench/raw_floor.py)
#   drover    the compose file loaded, planned and deployed through the reconciler and an in-process agent
#             (`drover-bench deploy`, PARALLEL units at a time)
#   compose   `docker-compose up -d` of the same file (its default parallelism; a run over 120 s is reported as
#             stalled and left out: docker-compose 1.29.2 sometimes stalls here after about 30 containers)
# Usage: bench/deploy.sh [COUNT=100] [PARALLEL=8] [ROUNDS=3]; needs DOCKER_HOST and scripts/build-images.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}; parallel=${2:-8}; rounds=${3:-3}
source bench/lib.sh
setup_bench
run_drover() { "$bench" deploy --file "$(compose_file "$1")" --prefix "$1" --parallel "$parallel" | sed -n 's/^elapsed_seconds=\([0-9.]*\).*/\1/p'; }
run_compose() {
    local file start result
    file=$(compose_file "$1")
    start=$(now)
    if timeout 120 docker-compose -p "$1" -f "$file" up -d >"$work/$1.log" 2>&1; then
        result=$(elapsed "$start")
    else
        result=stalled
    fi
    docker-compose -p "$1" -f "$file" down -t 1 >>"$work/$1.log" 2>&1 || true
    echo "$result"
}

rounds "$rounds" "d$$" floor drover compose
summary "$count services, parallelism $parallel, median of $rounds rounds:" floor floor drover compose
