#!/usr/bin/env bash
# Benchmark: in-service upgrade of COUNT busybox instances, 2 at a time, start-first, no delay, on the same engine:
#   drover   `drover-bench upgrade`: the Upgrader through an in-process agent (deploy not timed)
#   swarm    `docker service update --update-parallelism 2 --update-order start-first --update-delay 0s
#            --update-monitor 1ms` of a swarm service with COUNT replicas (create not timed)
# With INIT=init (the default) both run the containers with an init process, so a stop is immediate; with INIT=plain
# the bare `sleep` ignores SIGTERM and every stop takes the whole 10 s grace period — how fast an upgrade goes when
# the old containers are slow to stop (both let them stop in the background while the next batch starts).
# Usage: bench/upgrade.sh [COUNT=10] [ROUNDS=3] [INIT=init|plain]; needs DOCKER_HOST and scripts/build-images. Initialises swarm mode
# on the engine when it is off (and leaves it again afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}; rounds=${2:-3}; init=${3:-init}
init_flag=--init; bench_init=true
[ "$init" = plain ] && { init_flag=; bench_init=false; }
swift build -c release --product drover-bench >/dev/null
bench=.build/release/drover-bench
joined=no
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
    joined=yes
fi
trap '[ "$joined" = yes ] && docker swarm leave --force >/dev/null' EXIT
source bench/lib.sh

run_drover() {
    "$bench" upgrade --count "$count" --prefix "$1" --init "$bench_init" | sed -n 's/^elapsed_seconds=\([0-9.]*\).*/\1/p'
    "$bench" clean --prefix "$1"
}
run_swarm() {
    docker service create --detach=false --quiet $init_flag --name "$1" --replicas "$count" drover-local/busybox:latest sleep 3600 >/dev/null
    local start result
    start=$(now)
    docker service update --detach=false --quiet --update-parallelism 2 --update-order start-first --update-delay 0s \
        --update-monitor 1ms --args "sleep 3601" "$1" >/dev/null
    result=$(elapsed "$start")
    docker service rm "$1" >/dev/null
    echo "$result"
}

rounds "$rounds" "u$$" drover swarm
summary "$count instances ($init), batch 2, start-first, median of $rounds rounds:" swarm drover swarm
