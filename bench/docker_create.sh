#!/usr/bin/env bash
# Benchmark: create + start COUNT busybox containers on the same Docker engine, four ways, PARALLEL at a time:
#   floor           the same create+start Engine API calls issued directly (bench/raw_floor.py)
#   drover          Drover's DockerClient with the real spec builder (`drover-bench create`)
#   docker run -d   COUNT `docker run -d` processes, PARALLEL at a time
#   docker-compose  `docker-compose up -d` of a file with the same COUNT services (its default parallelism)
# Prints each run and the median per contender with its ratio to the floor.
# Usage: bench/docker_create.sh [COUNT=100] [PARALLEL=8] [ROUNDS=3]; needs DOCKER_HOST and scripts/build-images.
# docker-compose 1.29.2 sometimes stalls here after about 30 of 100 containers (seen from bash and Python parents
# alike); a run that takes over 120 s is reported as "stalled" and left out of the median.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}; parallel=${2:-8}; rounds=${3:-3}
source bench/lib.sh
setup_bench
run_drover() { local start; start=$(now); "$bench" create --count "$count" --parallel "$parallel" --prefix "$1" >/dev/null; elapsed "$start"; }
run_docker() {
    local start; start=$(now)
    seq "$count" | xargs -P "$parallel" -I{} docker run -d --name "$1-svc{}-1" --label "io.drover.bench=$1" \
        drover-local/busybox:latest sleep 3600 >/dev/null
    elapsed "$start"
}
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

rounds "$rounds" "b$$" floor drover docker compose
summary "$count containers, parallelism $parallel, median of $rounds rounds:" floor floor drover docker compose
