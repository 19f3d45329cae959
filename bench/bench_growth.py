"""Cost growth of each command: CPU time and peak memory against input size, and the fitted
exponent (cost ~ size^k: k near 1 is linear).

    python bench/bench_growth.py ../shared/data/wire-scrapes/helsinki_articles.csv \\
        ../shared/data/newswcl50/articles.jsonl [--commands run dedup group] [--spark]

The first path is the wire scrape the `run` stories are cut from (bench/bench_align.py's
stories: N articles x 40 paragraphs); every path feeds the `dedup` streams (bench/dedup_corpus.py:
paragraphs with planted reprints; the JSONL is skipped by it) and the `group` feeds
(bench/bench_group.py's edited copies a week apart). Each size runs the real CLI once in a
fresh child process: CPU is the child's user + system seconds from wait4 (the comparable figure
on a shared machine), peak is its max RSS. `--spark` adds `dedup --engine spark` on local[2]
(CPU and peak are then the Python driver's only: the JVM is not a child it waits for).
The exponent k is the least-squares slope of log(CPU) on log(size) over the sizes given, and
of log(peak) for memory, and the same over the two largest sizes alone: start-up is included,
which flattens k at the small sizes, so the second figure is the nearer to the growth beyond.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_align import paragraph_pool, story_rows, write_story
from bench_dedup import timed
from bench_group import build_feed
from dedup_corpus import build as build_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "run": [25, 50, 100, 200],  # articles x 40 paragraphs
    "dedup": [50_000, 100_000, 200_000, 400_000],  # paragraphs
    "group": [2_500, 5_000, 10_000, 20_000],  # articles
}
UNIT = {"run": "articles (x 40 paragraphs)", "dedup": "paragraphs", "group": "articles"}


def run_input(paths: list[Path], size: int, work: Path) -> list[str]:
    rows = story_rows(paragraph_pool(paths[0]), size, 40)
    return [str(write_story(rows, work)), "--out", str(work / f"reports-{size}")]


def dedup_input(paths: list[Path], size: int, work: Path) -> list[str]:
    corpus = work / f"paragraphs-{size}.jsonl"
    if not corpus.exists():
        build_paragraphs([p for p in paths if p.suffix == ".csv"], size, corpus)
    return [str(corpus), "--out", str(work / f"pairs-{size}.csv"), "--format", "csv"]


def group_input(paths: list[Path], size: int, work: Path) -> list[str]:
    feed = work / f"feed-{size}.jsonl"
    if not feed.exists():
        build_feed([str(p) for p in paths], size, feed)
    return [str(feed), "--out", str(work / f"stories-{size}.csv")]


INPUTS: dict[str, Callable[[list[Path], int, Path], list[str]]] = {
    "run": run_input,
    "dedup": dedup_input,
    "group": group_input,
}


def built_input(command: str, paths: list[Path], size: int, work: Path) -> list[str]:
    """The command's arguments for `size`, its input built in a child process: a child forked
    from a parent that had grown while building would report the parent's peak as its own
    (Linux carries the max RSS across fork and exec)."""
    builder = [sys.executable, __file__, *map(str, paths), "--work", str(work)]
    built = subprocess.run(
        [*builder, "--build", command, str(size)], check=True, capture_output=True, text=True
    )
    return built.stdout.split("\0")


def slope(sizes: list[int], costs: list[float]) -> float:
    """Least-squares slope of log(cost) on log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(c, 1e-9)) for c in costs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def measure(
    command: str, extra: list[str], label: str, paths: list[Path], work: Path, scale: float
) -> None:
    sizes = [max(2, round(size * scale)) for size in SIZES[command]]
    cpus: list[float] = []
    peaks: list[float] = []
    for size in sizes:
        argv = [sys.executable, "-m", "audit", command, *built_input(command, paths, size, work)]
        load = os.getloadavg()[0]
        wall, cpu, peak = timed([*argv, *extra, "--quiet"])
        cpus.append(cpu)
        peaks.append(peak)
        print(
            f"| {label} | {size:,} {UNIT[command]} | {wall:.1f} | {cpu:.1f} | "
            f"{cpu / size * 1e3:.3f} | {peak:,.0f} | {load:.1f} |",
            flush=True,
        )
    print(
        f"| {label} | exponent k, all sizes / two largest | | {slope(sizes, cpus):.2f} / "
        f"{slope(sizes[-2:], cpus[-2:]):.2f} | | {slope(sizes, peaks):.2f} / "
        f"{slope(sizes[-2:], peaks[-2:]):.2f} | |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", type=Path, help="wire-scrape CSVs (first: run's)")
    parser.add_argument("--commands", nargs="+", choices=sorted(SIZES), default=sorted(SIZES))
    parser.add_argument("--spark", action="store_true", help="also dedup on Spark local[2]")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every size (a smoke test)"
    )
    parser.add_argument("--work", type=Path, default=None, help="inputs and outputs (temp dir)")
    parser.add_argument("--build", nargs=2, metavar=("COMMAND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    if args.build:
        command, size = args.build
        print("\0".join(INPUTS[command](args.paths, int(size), args.work)), end="")
        return
    with tempfile.TemporaryDirectory(prefix="audit-growth-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        print("| command | size | wall s | CPU s | CPU ms per unit | peak MB | load |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for command in args.commands:
            measure(command, [], command, args.paths, work, args.scale)
        if args.spark:
            spark = ["--engine", "spark", "--spark-master", "local[2]"]
            measure("dedup", spark, "dedup --engine spark", args.paths, work, args.scale)


if __name__ == "__main__":
    main()
