# Shared helpers of the bench/*.sh side-by-side benchmarks (sourced, not run).
# A benchmark defines run_<name> functions printing seconds (or "stalled"), then calls `rounds` and `summary`.

# setup_bench → builds drover-bench (release), sets $bench and a scratch $work removed on exit, and defines
# clean_run (remove a run's containers) and run_floor (the raw API calls of bench/raw_floor.py).
setup_bench() {
    swift build -c release --product drover-bench >/dev/null
    bench=.build/release/drover-bench
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
}
clean_run() { "$bench" clean --prefix "$1"; }
run_floor() { python3 bench/raw_floor.py "$1" "$count" "$parallel"; }

now() { date +%s.%N; }

# elapsed START → seconds since START.
elapsed() { echo "$(now) - $1" | bc -l; }

# median of the numbers on standard input (whitespace-separated).
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A times

# rounds ROUNDS PREFIX NAME… → runs run_NAME PREFIX-round-NAME for each round and name, recording and printing times;
# "clean_run" (if defined) is called with the run's prefix before and after it.
# (Its locals must not shadow the benchmarks' globals: the run_ functions see them. A `local count` here once made
# every benchmark deploy ROUNDS containers instead of COUNT.)
rounds() {
    local how_many=$1 prefix=$2 round name t run
    shift 2
    for round in $(seq "$how_many"); do
        for name in "$@"; do
            run="${prefix}r${round}${name}"
            declare -F clean_run >/dev/null && clean_run "$run"
            t=$(run_"$name" "$run")
            declare -F clean_run >/dev/null && clean_run "$run"
            if [ "$t" = stalled ]; then echo "round $round  $name  stalled, left out"; continue; fi
            times[$name]="${times[$name]:-} $t"
            printf 'round %s  %-8s %8.2f s\n' "$round" "$name" "$t"
        done
    done
}

# summary TITLE BASELINE NAME… → the median of each and its ratio to BASELINE's median.
# A contender without a single timed round (all stalled) is reported as such.
summary() {
    local title=$1 baseline=$2 base m name
    shift 2
    base=$(echo "${times[$baseline]:-}" | median)
    echo "$title"
    for name in "$@"; do
        m=$(echo "${times[$name]:-}" | median)
        if [ -z "$m" ]; then
            printf '  %-8s  no round finished\n' "$name"
        elif [ -z "$base" ]; then
            printf '  %-8s %8.2f s   (no %s round finished)\n' "$name" "$m" "$baseline"
        else
            printf '  %-8s %8.2f s   ratio to %s %.2f\n' "$name" "$m" "$baseline" "$(echo "$m / $base" | bc -l)"
        fi
    done
}

# compose_file PREFIX → path of a compose file in $work with $count busybox services labelled io.drover.bench=PREFIX.
compose_file() {
    local file="$work/$1.yml" i
    { echo "version: '2'"; echo "services:"
      for i in $(seq "$count"); do
          printf '  svc%s:\n    image: drover-local/busybox:latest\n    command: sleep 3600\n    network_mode: bridge\n    labels:\n      io.drover.bench: %s\n' "$i" "$1"
      done; } >"$file"
    echo "$file"
}

# --- Helpers of the benchmarks that run real `drover server` / `drover agent` processes (api.sh, server_*.sh). ---

# need COMMAND PACKAGE → installs Debian's PACKAGE when COMMAND is missing.
need() {
    command -v "$1" >/dev/null && return
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}

# setup_drover → $drover: $DROVER when set, else the release build (built under the shared build lock); a scratch
# $work under /tmp, removed on exit after every process started with `spawn` is stopped.
setup_drover() {
    if [ -n "${DROVER:-}" ]; then
        drover=$DROVER
    else
        flock /tmp/drover-build.lock swift build -c release --product drover >/dev/null
        drover=$PWD/.build/release/drover
    fi
    work=$(mktemp -d /tmp/bench-XXXXXX)
    spawned=()
    trap 'for p in "${spawned[@]}"; do stop_pid "$p"; done; rm -rf "$work"' EXIT
}

# spawn LOG COMMAND… → starts COMMAND in the background, output to LOG; its pid in $spawned_pid (stopped on exit).
spawn() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    spawned_pid=$!
    spawned+=("$spawned_pid")
}

# stop_pid PID → SIGTERM, then SIGKILL after 30 s.
stop_pid() {
    kill "$1" 2>/dev/null || return 0
    local i
    for i in $(seq 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}

# wait_ping URL → waits (up to 30 s) until URL/ping answers.
wait_ping() {
    local i
    for i in $(seq 300); do curl -sf "$1/ping" >/dev/null && return 0; sleep 0.1; done
    echo "no answer from $1/ping" >&2
    return 1
}

# start_server NAME PORT [ARGS…] → `drover server` with its data in $work/NAME on 127.0.0.1:PORT; waits until it
# answers, then sets server_pid, server_url, server_token (agent registration) and exports DROVER_URL,
# DROVER_ACCESS_KEY and DROVER_SECRET_KEY for the CLI.
start_server() {
    local name=$1 port=$2 i
    shift 2
    spawn "$work/$name.log" "$drover" server --data-dir "$work/$name" --listen "127.0.0.1:$port" "$@"
    server_pid=$spawned_pid
    server_url="http://127.0.0.1:$port"
    wait_ping "$server_url"
    for i in $(seq 50); do grep -q 'agents register with' "$work/$name.log" && break; sleep 0.1; done
    server_token=$(sed -n 's/.*--token \([^ ]*\).*/\1/p' "$work/$name.log" | tail -1)
    set -a
    # shellcheck disable=SC1091
    source "$work/$name/admin-key"
    set +a
    export DROVER_URL=$server_url
}

# wait_host → waits (30 s at most) until the server lists an active host.
wait_host() {
    local i
    for i in $(seq 300); do
        curl -sf -u "$DROVER_ACCESS_KEY:$DROVER_SECRET_KEY" "$DROVER_URL/v2-beta/projects/default/hosts" | grep -q '"state":"active"' && return 0
        sleep 0.1
    done
    echo "no active host" >&2
    return 1
}

# rss_kib PID → the process's resident set size in KiB (VmRSS).
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
