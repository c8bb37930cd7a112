#!/usr/bin/env bash
# Benchmark: rendering a load balancer's haproxy.cfg — BACKENDS running targets (with health checks) in SECTIONS
# host-routed backends on one port — side by side with HAProxy reading the very same file (`haproxy -c -f`, which
# parses and checks it: the peer's cost of taking that configuration in). Each pinned to core 0, RUNS runs, medians.
# Usage: bench/lb_render.sh [BACKENDS=1000] [SECTIONS=100] [RUNS=20]; needs Debian's haproxy.
set -euo pipefail
cd "$(dirname "$0")/.."
backends=${1:-1000}; sections=${2:-100}; runs=${3:-20}
source bench/lib.sh
need haproxy haproxy
swift build -c release --product drover-bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render=$(taskset -c 0 .build/release/drover-bench render-lb --backends "$backends" --sections "$sections" --runs "$runs" --out "$work/haproxy.cfg" \
    | sed -n 's/^render_ms=//p' | median)
checks=""
for _ in $(seq "$runs"); do
    start=$(now)
    taskset -c 0 haproxy -c -q -f "$work/haproxy.cfg"
    checks="$checks $(echo "($(now) - $start) * 1000" | bc -l)"
done
check=$(echo "$checks" | median)
echo "$backends backends in $sections backend sections ($(wc -c <"$work/haproxy.cfg") bytes), median of $runs runs, core 0:"
printf '  drover render      %8.2f ms (target <= 20 ms)\n' "$render"
printf '  haproxy -c -f      %8.2f ms\n' "$check"
printf '  render / haproxy   %8.2f\n' "$(echo "$render / $check" | bc -l)"
