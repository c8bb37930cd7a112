#!/usr/bin/env bash
# Benchmark: requests per second through a Drover load balancer beside the same HAProxy image configured by hand in
# front of the same backends. A stack (web: COUNT backends + a Drover balancer) is deployed with
# `drover up` on `drover server --local-agent`; the hand-made balancer joins the environment's network with a
# minimal configuration of its own (one frontend, one backend, the same server addresses, http-server-close as
# Drover's). wrk (2 threads, CONNECTIONS connections, SECONDS seconds) loads one, then the other, for ROUNDS rounds.
# The backends answer `ok` from HAProxy itself (`http-request return`), so the balancer, not the backend, is what is
# measured (busybox httpd, which forks per request, held both at about 3,600 requests/s).
# Usage: bench/lb_throughput.sh [ROUNDS=3] [SECONDS=10] [CONNECTIONS=32] [COUNT=2]; needs DOCKER_HOST,
#   scripts/build-images and wrk; $DROVER: a drover binary to use.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; seconds=${2:-10}; connections=${3:-32}; count=${4:-2}
source bench/lib.sh
need wrk wrk
setup_drover
read -r api_port drover_port hand_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
start_server server "$api_port" --local-agent --lb-image drover-local/haproxy:latest
wait_host
mkdir -p "$work/lbq" "$work/hand"
cat >"$work/lbq/docker-compose.yml" <<YAML
version: '2'
services:
  web:
    image: drover-local/haproxy:latest
    entrypoint: ["sh", "-c"]
    command: ["printf 'defaults\\n  mode http\\n  timeout connect 5s\\n  timeout client 50s\\n  timeout server 50s\\nfrontend web\\n  bind :8080\\n  http-request return status 200 content-type text/plain string ok\\n' > /tmp/web.cfg && exec haproxy -f /tmp/web.cfg"]
  lb:
    image: rancher/lb-service-haproxy:v0.7.9
    ports: ["127.0.0.1:$drover_port:80"]
YAML
cat >"$work/lbq/rancher-compose.yml" <<YAML
version: '2'
services:
  web:
    scale: $count
  lb:
    lb_config:
      port_rules: [{source_port: 80, target_port: 8080, service: web}]
YAML
"$drover" up -s lbq -f "$work/lbq/docker-compose.yml" --wait-timeout 120 >/dev/null
cleanup_hand() { docker rm -f lbq-hand >/dev/null 2>&1 || true; "$drover" rm lbq >/dev/null 2>&1 || true; }
trap 'cleanup_hand; for p in "${spawned[@]}"; do stop_pid "$p"; done; rm -rf "$work"' EXIT
{ printf 'global\n    maxconn 4096\ndefaults\n    mode http\n    option http-server-close\n    timeout connect 5s\n'
  printf '    timeout client 50s\n    timeout server 50s\nfrontend 80\n    bind *:80\n    default_backend web\nbackend web\n'
  for i in $(seq "$count"); do
      printf '    server web-%s %s:8080\n' "$i" "$(docker inspect -f '{{(index .NetworkSettings.Networks "drover-default").IPAddress}}' "lbq-web-$i")"
  done; } >"$work/hand/haproxy.cfg"
docker run -d --name lbq-hand --network drover-default -p "127.0.0.1:$hand_port:80" -v "$work/hand:/usr/local/etc/haproxy" \
    drover-local/haproxy:latest >/dev/null
for port in "$drover_port" "$hand_port"; do
    for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done
declare -A rates
for round in $(seq "$rounds"); do
    for name in drover hand; do
        port=$drover_port; [ "$name" = hand ] && port=$hand_port
        out=$(wrk -t2 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port/")
        rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
        rates[$name]="${rates[$name]:-} $rate"
        printf 'round %s  %-7s %10.0f requests/s  %s\n' "$round" "$name" "$rate" "${errors:-no errors}"
    done
done
drover_median=$(echo "${rates[drover]}" | median)
hand_median=$(echo "${rates[hand]}" | median)
printf 'median of %s rounds, %s backends, %s connections: drover %.0f/s, hand-made %.0f/s, ratio %.2f\n' "$rounds" "$count" \
    "$connections" "$drover_median" "$hand_median" "$(echo "$drover_median / $hand_median" | bc -l)"
