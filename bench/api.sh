#!/usr/bin/env bash
# Benchmark: the REST API under load, side by side with nginx serving the same bytes, and the server's start time.
#   drover  `drover server` (no agent) holding STACKS stacks of SERVICES services each (`scale: 0`, so no containers;
#           created through the API): `GET /v2-beta/projects/default/services?limit=1000` with the admin key
#   nginx   Debian's nginx serving that exact response body as a static file at the same path (a config of our own:
#           access_log off, keepalive without a request limit)
# Each plain and with `Accept-Encoding: gzip` (nginx: gzip_static serving Drover's gzip bytes), both with `wrk -t2 -c64 -d${DURATION}s --latency --timeout 30s` (the long timeout so slow answers count in the
# latency instead of being dropped as wrk's 2 s timeouts), alternating, ROUNDS rounds; medians of requests/s and p99.
# Then STARTS starts of the server on the same data dir, each timed from the spawn to the first answered /ping.
# Usage: bench/api.sh [STACKS=10] [SERVICES=100] [ROUNDS=3] [STARTS=10] [DURATION=10]
#   $DROVER: a drover binary to use instead of building; $API_PORT (default 18431) and $NGINX_PORT (18432);
#   $CONNECTIONS: wrk's connections (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
stacks=${1:-10}; services=${2:-100}; rounds=${3:-3}; starts=${4:-10}; duration=${5:-10}
port=${API_PORT:-18431}; nginx_port=${NGINX_PORT:-18432}; connections=${CONNECTIONS:-64}
source bench/lib.sh
need wrk wrk
need nginx nginx
need curl curl
setup_drover
path="/v2-beta/projects/default/services?limit=1000"

start_server api "$port"
auth="Authorization: Basic $(printf '%s:%s' "$DROVER_ACCESS_KEY" "$DROVER_SECRET_KEY" | base64 -w0)"

# The stacks: SERVICES busybox services each, scale 0 in rancher-compose.yml.
for s in $(seq "$stacks"); do
    python3 - "api$s" "$services" >"$work/stack.json" <<'PY'
import json, sys
name, count = sys.argv[1], int(sys.argv[2])
compose = "version: '2'\nservices:\n" + "".join(
    f"  svc{i}:\n    image: drover-local/busybox:latest\n    command: sleep 3600\n" for i in range(1, count + 1))
rancher = "version: '2'\nservices:\n" + "".join(f"  svc{i}:\n    scale: 0\n" for i in range(1, count + 1))
print(json.dumps({"name": name, "dockerCompose": compose, "rancherCompose": rancher}))
PY
    code=$(curl -s -o "$work/created.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
        --data @"$work/stack.json" "$server_url/v2-beta/projects/default/stacks")
    [ "$code" = 201 ] || { echo "creating stack api$s: HTTP $code: $(head -c 500 "$work/created.json")" >&2; exit 1; }
done
# Wait until every service is active, so the answer no longer changes.
total=$((stacks * services))
for i in $(seq 600); do
    curl -sf -H "$auth" "$server_url$path" -o "$work/services.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["pagination"]["total"]==int(sys.argv[2]) and all(s["state"]=="active" for s in d["data"]) else 1)' \
        "$work/services.json" "$total" && break
    sleep 0.2
done
curl -sf -H "$auth" "$server_url$path" -o "$work/services.json"
curl -sf -H "$auth" "$server_url$path" -o "$work/services2.json"
cmp -s "$work/services.json" "$work/services2.json" || { echo "the answer changes between requests" >&2; exit 1; }
bytes=$(stat -c %s "$work/services.json")

# nginx: the saved body at the same path, on its own port.
mkdir -p "$work/nginx/root/v2-beta/projects/default" "$work/nginx/temp"
cp "$work/services.json" "$work/nginx/root/v2-beta/projects/default/services"
# The gzip form Drover sends to clients that accept it, served by nginx's gzip_static as the same bytes.
curl -sf -H "$auth" -H 'Accept-Encoding: gzip' "$server_url$path" -o "$work/services.gz"
gzip -t <"$work/services.gz"
cmp -s <(gzip -dc "$work/services.gz") "$work/services.json" || { echo "the gzip answer is not the same listing" >&2; exit 1; }
gz_bytes=$(stat -c %s "$work/services.gz")
cp "$work/services.gz" "$work/nginx/root/v2-beta/projects/default/services.gz"
cat >"$work/nginx/nginx.conf" <<EOF
user root;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    sendfile on;
    tcp_nopush on;
    gzip_static on;
    client_body_temp_path $work/nginx/temp/body;
    proxy_temp_path $work/nginx/temp/proxy;
    fastcgi_temp_path $work/nginx/temp/fastcgi;
    uwsgi_temp_path $work/nginx/temp/uwsgi;
    scgi_temp_path $work/nginx/temp/scgi;
    default_type application/json;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/nginx/root;
    }
}
EOF
spawn "$work/nginx.log" nginx -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;'
nginx_pid=$spawned_pid
for i in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port$path" -o "$work/nginx.json" && break; sleep 0.1; done
cmp "$work/services.json" "$work/nginx.json"
curl -sf -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port$path" -o "$work/nginx.gz"
cmp "$work/services.gz" "$work/nginx.gz"

# wrk_run URL [HEADER] → "REQUESTS_PER_SECOND P99_MS" (and the whole output in $work/wrk.log).
wrk_run() {
    local url=$1
    shift
    wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 30s "$@" "$url" >"$work/wrk.log" 2>&1
    if grep -qE 'Non-2xx|Socket errors' "$work/wrk.log"; then grep -E 'Non-2xx|Socket errors' "$work/wrk.log" | sed 's/^/    /' >&2; fi
    awk '/^Requests\/sec/ {rps=$2}
         /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /m$/) {sub(/m$/,"",v); v*=60000} else {sub(/s$/,"",v); v*=1000}; p99=v}
         END {printf "%s %s\n", rps, p99}' "$work/wrk.log"
}

echo "GET $path: $total services, $bytes bytes ($gz_bytes gzip); wrk -t2 -c$connections -d${duration}s, $rounds rounds"
# Each round: both servers plain, then both with Accept-Encoding: gzip (what browsers and Go's HTTP client send).
declare -A rps p99
for round in $(seq "$rounds"); do
    for coding in identity gzip; do
        read -r r p < <(wrk_run "$server_url$path" -H "$auth" -H "Accept-Encoding: $coding")
        rps[drover-$coding]="${rps[drover-$coding]:-} $r"; p99[drover-$coding]="${p99[drover-$coding]:-} $p"
        printf 'round %s  drover %-8s %10.1f req/s  p99 %8.2f ms\n' "$round" "$coding" "$r" "$p"
        read -r r p < <(wrk_run "http://127.0.0.1:$nginx_port$path" -H "Accept-Encoding: $coding")
        rps[nginx-$coding]="${rps[nginx-$coding]:-} $r"; p99[nginx-$coding]="${p99[nginx-$coding]:-} $p"
        printf 'round %s  nginx  %-8s %10.1f req/s  p99 %8.2f ms\n' "$round" "$coding" "$r" "$p"
    done
done
stop_pid "$nginx_pid"
echo "medians of $rounds rounds:"
for coding in identity gzip; do
    dr=$(echo "${rps[drover-$coding]}" | median); nr=$(echo "${rps[nginx-$coding]}" | median)
    dp=$(echo "${p99[drover-$coding]}" | median); np=$(echo "${p99[nginx-$coding]}" | median)
    printf '  %-8s drover %10.1f req/s  p99 %8.2f ms   nginx %10.1f req/s  p99 %8.2f ms\n' "$coding" "$dr" "$dp" "$nr" "$np"
    printf '  %-8s drover/nginx: req/s %.3f (target >= 0.5), p99 %.2f x (target p99 <= 10 ms)\n' "$coding" "$(echo "$dr / $nr" | bc -l)" "$(echo "$dp / $np" | bc -l)"
done

# Start time: stop the server, then start it STARTS times on the same data dir (now holding the stacks).
stop_pid "$server_pid"
python3 - "$port" "$starts" "$drover" server --data-dir "$work/api" --listen "127.0.0.1:$port" >"$work/starts.txt" <<'PY'
import socket, subprocess, sys, time
port, count, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]

def pong():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            return data.startswith(b"HTTP/1.1 200") and data.endswith(b"pong")
    except OSError:
        return False

for _ in range(count):
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not pong():
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode} before answering")
        time.sleep(0.001)
    print(f"{(time.perf_counter() - started) * 1000:.1f}")
    process.terminate()
    process.wait()
PY
echo "server start → first answered /ping on that data dir, $starts starts (ms): $(tr '\n' ' ' <"$work/starts.txt")"
printf '  median %.1f ms (target < 150 ms)\n' "$(median <"$work/starts.txt")"
