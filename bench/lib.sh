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
rounds() {
    local count=$1 prefix=$2 round name t run
    shift 2
    for round in $(seq "$count"); do
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
summary() {
    local title=$1 baseline=$2 base m name
    shift 2
    base=$(echo "${times[$baseline]}" | median)
    echo "$title"
    for name in "$@"; do
        m=$(echo "${times[$name]}" | median)
        printf '  %-8s %8.2f s   ratio to %s %.2f\n' "$name" "$m" "$baseline" "$(echo "$m / $base" | bc -l)"
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
