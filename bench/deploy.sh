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
swift build -c release --product drover-bench >/dev/null
bench=.build/release/drover-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

compose_file() {  # $1: prefix → the compose file path
    local file="$work/$1.yml"
    { echo "version: '2'"; echo "services:"
      for i in $(seq "$count"); do
          printf '  svc%s:\n    image: drover-local/busybox:latest\n    command: sleep 3600\n    network_mode: bridge\n    labels:\n      io.drover.bench: %s\n' "$i" "$1"
      done; } >"$file"
    echo "$file"
}
run_floor() { python3 bench/raw_floor.py "$1" "$count" "$parallel"; }
run_drover() { "$bench" deploy --file "$(compose_file "$1")" --prefix "$1" --parallel "$parallel" | sed -n 's/^elapsed_seconds=\([0-9.]*\).*/\1/p'; }
run_compose() {
    local file start result
    file=$(compose_file "$1")
    start=$(now)
    if timeout 120 docker-compose -p "$1" -f "$file" up -d >"$work/$1.log" 2>&1; then
        result=$(echo "$(now) - $start" | bc -l)
    else
        result=stalled
    fi
    docker-compose -p "$1" -f "$file" down -t 1 >>"$work/$1.log" 2>&1 || true
    echo "$result"
}

declare -A times
names=(floor drover compose)
for round in $(seq "$rounds"); do
    for name in "${names[@]}"; do
        prefix="d$$r${round}${name}"
        "$bench" clean --prefix "$prefix"
        t=$(run_"$name" "$prefix")
        "$bench" clean --prefix "$prefix"
        if [ "$t" = stalled ]; then echo "round $round  $name  stalled (over 120 s), left out"; continue; fi
        times[$name]="${times[$name]:-} $t"
        printf 'round %s  %-8s %8.2f s\n' "$round" "$name" "$t"
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
floor=$(echo "${times[floor]}" | median)
echo "$count services, parallelism $parallel, median of $rounds rounds:"
for name in "${names[@]}"; do
    m=$(echo "${times[$name]}" | median)
    printf '  %-8s %8.2f s   ratio to floor %.2f\n' "$name" "$m" "$(echo "$m / $floor" | bc -l)"
done
