"""Time and peak memory of `audit run` end to end, one fresh process per input.

Usage:
    python bench/bench_run.py                       # the bundled story
    python bench/bench_run.py ../shared/data/wire-scrapes/helsinki_articles.csv \\
        --paragraph-separator ' ### '
    python bench/bench_run.py ../shared/data/newswcl50/articles.jsonl --engine spark \\
        --spark-master 'local[2]'
Each input is run --repeat times; the table gives the median wall time and the largest peak
resident memory (ru_maxrss of the child process, from os.wait4: with --engine spark, the Python
driver's), and the peak of the summed resident memory of the run and every process it starts
(the JVM and Python workers of a Spark run), sampled every 0.1 s from /proc.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def measure(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) of one run of `argv`, and the peak of the summed RSS (MB)
    of it and every process it starts (a Spark run's JVM and Python workers), sampled."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peak_tree = [0.0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, done, peak_tree))
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024, peak_tree[0]


def _sample_tree(root: int, done: threading.Event, peak: list[float]) -> None:
    """Every 0.1 s, the summed resident memory of `root` and its descendants (Linux /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    while not done.wait(0.1):
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
        tree, grown = {root}, True
        while grown:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grown = bool(more)
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm") as statm:
                    total += int(statm.read().split()[1]) * page
            except OSError:
                continue
        peak[0] = max(peak[0], total / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="inputs for `audit run` (default: bundled)")
    parser.add_argument("--paragraph-separator", help="passed on to `audit run`")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (default 3)")
    parser.add_argument("--engine", choices=("local", "spark"), help="passed on to `audit run`")
    parser.add_argument("--spark-master", help="passed on to `audit run` (e.g. 'local[2]')")
    args = parser.parse_args()
    print("| input | runs | median wall time (s) | peak RSS (MB) | peak RSS, all processes (MB) |")
    print("|---|---|---|---|---|")
    for source in args.inputs or [None]:
        with tempfile.TemporaryDirectory() as out:
            argv = [sys.executable, "-m", "audit", "run", "--quiet", "--out", out]
            argv += [source] if source else []
            if args.paragraph_separator:
                argv += ["--paragraph-separator", args.paragraph_separator]
            for option, value in (("--engine", args.engine), ("--spark-master", args.spark_master)):
                argv += [option, value] if value else []
            runs = [measure(argv) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        tree = max(r[2] for r in runs)
        name = source or "bundled story"
        print(f"| {name} | {args.repeat} | {wall:.2f} | {peak:.0f} | {tree:.0f} |")


if __name__ == "__main__":
    main()
