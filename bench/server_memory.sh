#!/usr/bin/env bash
# Benchmark: the server's resident memory (VmRSS from /proc/PID/status) with TOTAL real containers.
# `drover server` (no local agent) and a separate `drover agent` on the Docker engine; stacks of PER_STACK busybox
# services (one container each: `sleep 3600` with `init: true`, `network_mode: none` — the default bridge takes at
# most 1023 containers) are deployed one after the other with `drover up`, and the RSS of the server and of the agent
# is read after each. The first PILOT containers are timed: when TOTAL would take more than 10 minutes at that pace
# the run stops there and says so (figures at PILOT are not extrapolated). Before each stack the free memory
# (MemAvailable) and the free process ids (kernel.pid_max; each container costs a containerd shim of ~12 threads)
# are checked against what the stack needs, with a reserve for everything else on the machine; the run stops and
# says so when they would run short. As root, kernel.pid_max is raised for the run when 32768 is too few and set
# back at exit.
# With TOTAL containers running: RSS right away, after 30 s of reconcile passes, after listing every service and
# container through the API, and after a restart of the server on the same data (the agent reconnecting); then
# every stack is removed (`drover rm`) and leftovers with the run's label are deleted.
# Usage: bench/server_memory.sh [TOTAL=2000] [PER_STACK=100] [PILOT=200]; needs DOCKER_HOST and scripts/build-images;
#   $DROVER: a drover binary to use instead of building; $MEMORY_PORT (default 18451).
set -euo pipefail
trap 'echo "failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
total=${1:-2000}; per_stack=${2:-100}; pilot=${3:-200}
port=${MEMORY_PORT:-18451}
source bench/lib.sh
setup_drover
label="m$$"
old_pid_max=$(cat /proc/sys/kernel/pid_max)
cleanup() {
    local ids
    for p in "${spawned[@]}"; do stop_pid "$p"; done
    ids=$(docker ps -aq --filter "label=io.drover.bench=$label")
    # In batches: one `docker rm -f` of 2,000 containers once left dockerd 20.10 deadlocked in libnetwork (exit
    # handling of network_mode none containers), every network operation of the engine hanging.
    if [ -n "$ids" ]; then echo "removing $(echo "$ids" | wc -l) leftover containers" >&2; echo "$ids" | xargs -n 20 docker rm -f >/dev/null; fi
    if [ "$(cat /proc/sys/kernel/pid_max)" != "$old_pid_max" ]; then echo "$old_pid_max" >/proc/sys/kernel/pid_max; fi
    rm -rf "$work"
}
trap cleanup EXIT

mib() { echo "scale=1; $1 / 1024" | bc; }
available_kib() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }
threads_in_use() { awk '{split($4, a, "/"); print a[2]}' /proc/loadavg; }   # threads on the machine
running() { docker ps -q --filter "label=io.drover.bench=$label" --filter status=running | wc -l; }
heap_in_use_kib() { # the server's malloc heap in live allocations (its /metrics), in KiB
    curl -sf -u "$DROVER_ACCESS_KEY:$DROVER_SECRET_KEY" "$DROVER_URL/metrics" | awk '/^drover_heap_in_use_bytes / {printf "%d", $2 / 1024}'
}
report() { # report WHAT → one line: containers running, server RSS (and peak) and heap in use, agent RSS
    printf '%-44s %5s containers  server RSS %7s MiB (peak %7s MiB, heap in use %6s MiB)  agent RSS %6s MiB\n' "$1" "$(running)" \
        "$(mib "$(rss_kib "$server_pid")")" "$(mib "$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")")" \
        "$(mib "$(heap_in_use_kib)")" "$(mib "$(rss_kib "$agent_pid")")"
}

# stack_file NAME → a compose file of PER_STACK services in $work/NAME/.
stack_file() {
    local i
    mkdir -p "$work/$1"
    { echo "version: '2.2'"; echo "services:"
      for i in $(seq "$per_stack"); do
          printf '  svc%s:\n    image: drover-local/busybox:latest\n    command: sleep 3600\n    init: true\n    network_mode: none\n    labels:\n      io.drover.bench: %s\n' "$i" "$label"
      done; } >"$work/$1/docker-compose.yml"
    echo "$work/$1/docker-compose.yml"
}

start_server mem "$port"
spawn "$work/agent.log" "$drover" agent --url "$server_url" --token "$server_token" --name "bench-$label" \
    --docker "$DOCKER_HOST" --state-file "$work/agent.json"
agent_pid=$spawned_pid
wait_host
report "idle, host registered"

stacks=()
started=$(now)
start_available=$(available_kib)
per_container_kib=8192   # until the pilot has measured it
while [ "$(running)" -lt "$total" ]; do
    # Headroom for the next stack: memory (with 3 GiB to spare) and process ids (with 3,000 to spare).
    need_kib=$((per_stack * per_container_kib + 3 * 1024 * 1024))
    if [ "$(available_kib)" -lt "$need_kib" ]; then
        echo "stopping at $(running) containers: MemAvailable $(mib "$(available_kib)") MiB, the next stack needs about $(mib $need_kib) MiB with the reserve"
        break
    fi
    need_ids=$((per_stack * 16 + 3000))
    free_ids=$(($(cat /proc/sys/kernel/pid_max) - $(threads_in_use)))
    if [ "$free_ids" -lt "$need_ids" ]; then
        if [ "$(id -u)" = 0 ] && [ "$(cat /proc/sys/kernel/pid_max)" -lt 131072 ]; then
            echo "raising kernel.pid_max from $(cat /proc/sys/kernel/pid_max) to 131072 for this run ($free_ids ids free)"
            echo 131072 >/proc/sys/kernel/pid_max
        else
            echo "stopping at $(running) containers: $free_ids process ids free, the next stack needs about $need_ids"
            break
        fi
    fi
    name="${label}s$(( ${#stacks[@]} + 1 ))"
    file=$(stack_file "$name")
    t0=$(now)
    if ! "$drover" up -s "$name" -f "$file" --wait-timeout 600 >"$work/$name.up.log" 2>&1; then
        echo "drover up $name failed: $(tail -3 "$work/$name.up.log")" >&2
        exit 1
    fi
    stacks+=("$name")
    report "$(printf 'stack %s up in %6.1f s' "${#stacks[@]}" "$(elapsed "$t0")")"
    if [ "$(running)" -ge "$pilot" ] && [ -z "${pilot_seconds:-}" ]; then
        pilot_seconds=$(elapsed "$started")
        # (Other work on the machine moves MemAvailable too: never reckon with less than 4 MiB a container.)
        per_container_kib=$(( (start_available - $(available_kib)) / $(running) + 512 ))
        if [ "$per_container_kib" -lt 4096 ]; then per_container_kib=4096; fi
        projected=$(echo "$pilot_seconds * $total / $(running)" | bc -l)
        printf 'pilot: %s containers in %.1f s (%.1f MiB of memory each, shims included): %s would take about %.0f s\n' \
            "$(running)" "$pilot_seconds" "$(mib $per_container_kib)" "$total" "$projected"
        if [ "$(echo "$projected > 600" | bc)" = 1 ]; then
            echo "over 10 minutes: stopping at the pilot's $(running) containers"
            break
        fi
    fi
done
printf 'deployed %s containers in %s stacks in %.1f s\n' "$(running)" "${#stacks[@]}" "$(elapsed "$started")"
report "all deployed"
sleep 30
report "after 30 s more (reconcile passes)"
auth=(-u "$DROVER_ACCESS_KEY:$DROVER_SECRET_KEY")
services_bytes=$(curl -sf "${auth[@]}" "$server_url/v2-beta/projects/default/services?limit=10000" | wc -c)
containers_bytes=$(curl -sf "${auth[@]}" "$server_url/v2-beta/projects/default/containers?limit=10000" | wc -c)
report "after listing services ($((services_bytes / 1024)) KiB) and containers ($((containers_bytes / 1024)) KiB)"
stop_pid "$server_pid"
start_server mem "$port"
wait_host
sleep 10
report "server restarted on the same data, 10 s later"

t0=$(now)
for name in "${stacks[@]}"; do
    "$drover" rm --wait-timeout 900 "$name" >>"$work/rm.log" 2>&1 || echo "drover rm $name: $(tail -3 "$work/rm.log")" >&2
done
printf 'removed %s stacks in %.1f s; %s containers left\n' "${#stacks[@]}" "$(elapsed "$t0")" "$(docker ps -aq --filter "label=io.drover.bench=$label" | wc -l)"
report "after removing every stack"
