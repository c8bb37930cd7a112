#!/usr/bin/env bash
# Benchmark: requests lost while a load balancer reloads its configuration. Two busybox httpd containers behind
#   haproxy   Drover's rendered haproxy.cfg (drover-bench render-lb --addresses) in the drover-local/haproxy image,
#             reloaded with `docker kill -s USR2` (master-worker: new worker, old one finishes its connections)
#   nginx     Debian's nginx on the machine proxying to the same two containers, reloaded with `nginx -s reload`
# each loaded by wrk (CONNECTIONS connections, SECONDS seconds) while it reloads every INTERVAL seconds, one after the
# other; reports requests, errors (socket errors + non-2xx) and requests per second.
# Usage: bench/lb_reload.sh [SECONDS=10] [CONNECTIONS=32] [INTERVAL=0.5]; needs DOCKER_HOST, scripts/build-images,
# wrk and nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; connections=${2:-32}; interval=${3:-0.5}
source bench/lib.sh
need wrk wrk
need nginx nginx
setup_bench
prefix=lbreload-$$
network=$prefix
cleanup() {
    docker rm -f "$prefix-web-1" "$prefix-web-2" "$prefix-haproxy" >/dev/null 2>&1 || true
    docker network rm "$network" >/dev/null 2>&1 || true
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
docker network create "$network" >/dev/null
addresses=()
for i in 1 2; do
    docker run -d --name "$prefix-web-$i" --network "$network" --init drover-local/busybox:latest \
        sh -c "mkdir -p /www && echo web-$i > /www/index.html && exec httpd -f -p 8080 -h /www" >/dev/null
    addresses+=("$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$prefix-web-$i")")
done
mkdir -p "$work/haproxy"
"$bench" render-lb --runs 1 --addresses "$(IFS=,; echo "${addresses[*]}")" --out "$work/haproxy/haproxy.cfg" >/dev/null
read -r haproxy_port nginx_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
docker run -d --name "$prefix-haproxy" --network "$network" -p "127.0.0.1:$haproxy_port:80" \
    -v "$work/haproxy:/usr/local/etc/haproxy" drover-local/haproxy:latest >/dev/null
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    upstream web { server ${addresses[0]}:8080; server ${addresses[1]}:8080; }
    server { listen 127.0.0.1:$nginx_port; location / { proxy_pass http://web; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"

wait_answer() { for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$1/" >/dev/null 2>&1 && return; sleep 0.1; done; echo "nothing answers on $1" >&2; exit 1; }
wait_answer "$haproxy_port"; wait_answer "$nginx_port"

# load NAME PORT RELOAD-COMMAND… → wrk for $seconds while RELOAD runs every $interval; prints "NAME requests errors rps reloads".
load() {
    local name=$1 port=$2; shift 2
    wrk -t2 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port/" >"$work/$name.wrk" 2>&1 &
    local wrk_pid=$! reloads=0
    sleep "$interval"
    while kill -0 "$wrk_pid" 2>/dev/null; do "$@" >/dev/null 2>&1 || true; reloads=$((reloads + 1)); sleep "$interval"; done
    wait "$wrk_pid"
    local requests errors rps
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/$name.wrk")
    errors=$(( $(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1+\2+\3+\4/p' "$work/$name.wrk" | bc -l || echo 0) + 0 ))
    errors=$((errors + $(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/$name.wrk" | head -1 | grep . || echo 0)))
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/$name.wrk")
    echo "$name $requests $errors $rps $reloads"
}
echo "wrk ${seconds}s, $connections connections, a reload every ${interval}s; two busybox httpd targets:"
printf '  %-8s %10s %8s %10s %8s\n' who requests errors req/s reloads
for result in "$(load haproxy "$haproxy_port" docker kill -s USR2 "$prefix-haproxy")" \
              "$(load nginx "$nginx_port" nginx -c "$work/nginx.conf" -p "$work" -s reload)"; do
    read -r who requests errors rps reloads <<<"$result"
    printf '  %-8s %10s %8s %10s %8s\n' "$who" "$requests" "$errors" "$rps" "$reloads"
done
grep -h "Loading success\|Loading failure" <(docker logs "$prefix-haproxy" 2>&1) | sort | uniq -c | sed 's/^/  haproxy log: /'
