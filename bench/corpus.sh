#!/usr/bin/env bash
# Benchmark: process every template version of the Rancher catalog corpus (Go-template render, YAML parse,
# interpolation, compose + rancher-compose merge, stack definition) with `drover catalog check`, pinned to one core,
# side by side with a PyYAML (libyaml CLoader) pass that only parses the same compose files.
# Usage: bench/corpus.sh [runs]   (default 5 runs each; prints best and median, and the ratio)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
corpus=${DROVER_CORPUS:-../shared/corpus/rancher-catalogs}
swift build -c release --product drover >/dev/null
drover=.build/release/drover
catalog_args=()
for dir in "$corpus"/*/; do catalog_args+=(--catalog "$dir"); done

time_runs() {  # prints one wall-clock time in seconds per run
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        echo "$end - $start" | bc -l
    done
}

summary() { sort -n | awk '{a[NR]=$1} END {printf "best %.3f s, median %.3f s", a[1], a[int((NR+1)/2)]}'; }

pyyaml_pass=$(cat <<'PY'
import sys, glob, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for path in glob.glob(sys.argv[1] + "/**/*compose.yml*", recursive=True):
    try:
        yaml.load(open(path, encoding="utf-8"), Loader=loader); n += 1
    except Exception:
        pass
print(n)
PY
)

echo "corpus: $corpus"
"$drover" catalog check "${catalog_args[@]}" | tail -1
drover_times=$(time_runs taskset -c 0 "$drover" catalog check "${catalog_args[@]}")
python_times=$(time_runs taskset -c 0 python3 -c "$pyyaml_pass" "$corpus")
drover_best=$(echo "$drover_times" | sort -n | head -1)
python_best=$(echo "$python_times" | sort -n | head -1)
echo "drover catalog check (render+parse+build, 1 core): $(echo "$drover_times" | summary)"
echo "python3 PyYAML CSafeLoader (parse only, 1 core):   $(echo "$python_times" | summary)"
echo "ratio drover / pyyaml (best): $(echo "$drover_best / $python_best" | bc -l | xargs printf '%.2f')"
