"""Time and peak memory of `audit run` end to end, one fresh process per input.

Usage:
    python bench/bench_run.py                       # the bundled story
    python bench/bench_run.py ../shared/data/wire-scrapes/helsinki_articles.csv \\
        --paragraph-separator ' ### '
Each input is run --repeat times; the table gives the median wall time and the largest peak
resident memory (ru_maxrss of the child process, from os.wait4).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of `argv`."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="inputs for `audit run` (default: bundled)")
    parser.add_argument("--paragraph-separator", help="passed on to `audit run`")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (default 3)")
    args = parser.parse_args()
    print("| input | runs | median wall time (s) | peak RSS (MB) |")
    print("|---|---|---|---|")
    for source in args.inputs or [None]:
        with tempfile.TemporaryDirectory() as out:
            argv = [sys.executable, "-m", "audit", "run", "--quiet", "--out", out]
            argv += [source] if source else []
            if args.paragraph_separator:
                argv += ["--paragraph-separator", args.paragraph_separator]
            runs = [measure(argv) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        print(f"| {source or 'bundled story'} | {args.repeat} | {wall:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
