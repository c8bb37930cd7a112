#!/usr/bin/env bash
# Benchmark: scheduler throughput, pinned to one core: 100,000 deployment units of 50 services placed on 5,000
# hosts in 5 zones, with hard host-label affinity, soft own-service anti-affinity, soft SSD preference, hard
# anti-affinity with another stack, published ports, and memory/CPU reservations (bench/swift/SchedulerBench.swift).
# Usage: bench/scheduler.sh [UNITS=100000] [HOSTS=5000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-100000}; hosts=${2:-5000}; runs=${3:-3}
swift build -c release --product drover-bench >/dev/null
for _ in $(seq "$runs"); do taskset -c 0 .build/release/drover-bench schedule --units "$units" --hosts "$hosts"; done
