#!/usr/bin/env bash
# Benchmark: a container killed behind Drover's back → its replacement running, beside Docker's own restart policy on
# the same engine (see bench/self_heal.py).
# Usage: bench/self_heal.sh [KILLS=20] [INTERVAL=11]; needs DOCKER_HOST and scripts/build-images; $DROVER: a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}; interval=${2:-11}
source bench/lib.sh
setup_drover
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_server server "$port" --local-agent
wait_host
python3 bench/self_heal.py "$drover" "$kills" "$interval" "$work"
