#!/usr/bin/env bash
# Before/after: the benchmarks that measure the server, the agent and the upgrader — deploy through server and agent
# (bench/server_deploy.sh), the API under load (bench/api.sh), an in-service upgrade (bench/upgrade.sh) and the
# server's memory with real containers (bench/server_memory.sh) — run for two source trees of Drover on the same
# machine in one run, each with its own peer (docker-compose, nginx, Swarm), the trees alternating benchmark by
# benchmark. Each tree's release binaries are built first (one build at a time). Prints each benchmark's summary
# per tree; the ratio of the two trees' Drover/peer ratios is the before/after figure.
# Usage: bench/compare_builds.sh OLD_TREE NEW_TREE [DEPLOY_COUNT=100] [ROUNDS=3] [MEMORY_TOTAL=500]
#   needs DOCKER_HOST (scripts/docker-engine start) and scripts/build-images.
set -euo pipefail
old=$(cd "${1:?usage: bench/compare_builds.sh OLD_TREE NEW_TREE}" && pwd)
new=$(cd "${2:?usage: bench/compare_builds.sh OLD_TREE NEW_TREE}" && pwd)
count=${3:-100}; rounds=${4:-3}; memory=${5:-500}
for tree in "$old" "$new"; do
    (cd "$tree" && flock /tmp/drover-build.lock swift build -c release --product drover >/dev/null \
        && flock /tmp/drover-build.lock swift build -c release --product drover-bench >/dev/null)
done
run() {  # run TREE NAME COMMAND… → the benchmark's output, prefixed with the tree
    local tree=$1 name=$2
    shift 2
    echo "== $name: $tree ($(git -C "$tree" rev-parse --short HEAD 2>/dev/null || echo tree))"
    (cd "$tree" && DROVER="$tree/.build/release/drover" "$@") 2>&1 | sed "s|^|  |"
}
for tree in "$old" "$new"; do run "$tree" deploy bench/server_deploy.sh "$count" "$rounds"; done
for tree in "$old" "$new"; do run "$tree" api bench/api.sh 10 100 "$rounds" 5 10; done
for tree in "$old" "$new"; do run "$tree" upgrade bench/upgrade.sh 10 "$rounds"; done
for tree in "$old" "$new"; do run "$tree" memory bench/server_memory.sh "$memory" 100 200; done
