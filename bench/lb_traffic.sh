#!/usr/bin/env bash
# Benchmark: how fast a load balancer follows its targets, and whether a request fails meanwhile: Drover's balancer
# (runtime API, drain before stop) beside a Rancher-style balancer that rewrites its configuration and reloads on every
# container start and die, on the same engine and HAProxy image. See bench/lb_traffic.py.
# Usage: bench/lb_traffic.sh [ROUNDS=5]; needs DOCKER_HOST and scripts/build-images; $DROVER: a drover binary to use.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
source bench/lib.sh
setup_drover
read -r api_port drover_port reload_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
start_server server "$api_port" --local-agent --lb-image drover-local/haproxy:latest
wait_host
python3 bench/lb_traffic.py "$drover" "$rounds" "$work" "$drover_port" "$reload_port"
