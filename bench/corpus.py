#!/usr/bin/env python3
"""Benchmark: process every template version of the Rancher catalog corpus with `drover catalog check`
(Go-template render, YAML parse, interpolation, compose + rancher-compose merge, stack definition), pinned to
one core, side by side with PyYAML (libyaml CSafeLoader) only parsing the same compose files on the same core.

Usage: bench/corpus.py [--runs N]     (needs a release build: swift build -c release --product drover)
"""
import argparse, glob, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("DROVER_CORPUS", os.path.join(ROOT, "..", "shared", "corpus", "rancher-catalogs"))
PYYAML_PASS = r"""
import glob, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
count = 0
for path in glob.glob(sys.argv[1] + "/**/*compose.yml*", recursive=True):
    try:
        with open(path, encoding="utf-8") as handle:
            yaml.load(handle, Loader=loader)
        count += 1
    except Exception:
        pass
print(count)
"""


def timed(command):
    """Runs command on core 0 and returns (wall seconds, stdout)."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            preexec_fn=lambda: os.sched_setaffinity(0, {0}))
    return time.perf_counter() - start, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "drover"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    drover = os.path.join(ROOT, ".build", "release", "drover")
    catalogs = sorted(glob.glob(os.path.join(CORPUS, "*") + "/"))
    check = [drover, "catalog", "check"] + [arg for path in catalogs for arg in ("--catalog", path)]
    pyyaml = [sys.executable, "-c", PYYAML_PASS, CORPUS]
    summary = timed(check)[1].strip().splitlines()[-1]
    files = timed(pyyaml)[1].strip()
    drover_times = [timed(check)[0] for _ in range(args.runs)]
    pyyaml_times = [timed(pyyaml)[0] for _ in range(args.runs)]
    print(f"corpus: {CORPUS}")
    print(f"drover catalog check: {summary}")
    print(f"pyyaml parsed {files} compose files")
    print(f"drover render+parse+build, 1 core: best {min(drover_times):.3f} s, median {statistics.median(drover_times):.3f} s")
    print(f"PyYAML CSafeLoader parse only, 1 core: best {min(pyyaml_times):.3f} s, median {statistics.median(pyyaml_times):.3f} s")
    print(f"ratio drover / PyYAML (best): {min(drover_times) / min(pyyaml_times):.2f}")


if __name__ == "__main__":
    main()
