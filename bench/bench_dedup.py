"""Benchmark `audit dedup` against a plain datasketch MinHashLSH baseline on planted duplicates.

For each size, builds (once, cached in --work) a stream of paragraphs from the wire scrapes
with planted reprints (see bench/dedup_corpus.py), then runs, one after the other in child
processes, `python -m audit.cli.dedup` and the baselines (bench/dedup_baseline.py: datasketch;
bench/dedup_rensa.py: rensa) with the same shingles and LSH bands x rows. Reports wall time,
throughput, peak memory (max RSS of the child, from wait4) and precision/recall against the
planted clusters:

- recall: share of planted copies (every member of a planted cluster but the first in the
  stream) reported with a partner from their own cluster;
- precision: share of reported pairs whose two records belong to the same planted cluster.

    python bench/bench_dedup.py ../shared/data/wire-scrapes/*.csv --sizes 100000 300000
    python bench/bench_dedup.py ../shared/data/wire-scrapes/*.csv --sizes 100000 \
        --methods audit datasketch rensa    # a baseline whose library is missing is skipped
    python bench/bench_dedup.py ../shared/data/wire-scrapes/*.csv --sizes 100000 \
        --methods audit rensa-verified     # rensa's candidates verified as audit verifies
    python bench/bench_dedup.py ../shared/data/wire-scrapes/*.csv --sizes 100000 \
        --methods audit audit-spark        # Spark local[2]; says whether the outputs are equal
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_corpus import build_in_child

from audit.config import DedupConfig

ROOT = Path(__file__).resolve().parent.parent
# The baselines, each a script whose library is a bench-only extra (pyproject's `bench`; rensa
# installed by hand): method -> (library the script imports, script in bench/).
# rensa-verified: rensa's candidates checked by audit's own verification (same precision work).
BASELINES = {
    "datasketch": ("datasketch", "dedup_baseline.py", ()),
    "rensa": ("rensa", "dedup_rensa.py", ()),
    "rensa-verified": ("rensa", "dedup_rensa.py", ("--verify",)),
}


@dataclass(frozen=True, slots=True)
class Result:
    size: int
    method: str
    seconds: float
    cpu_seconds: float
    per_second: float
    peak_mb: float
    pairs: int
    precision: float
    recall: float


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def read_truth(path: Path) -> tuple[dict[str, str], list[str]]:
    cluster: dict[str, str] = {}
    order: list[str] = []
    with path.open() as truth:
        for line in truth:
            rid, cid, _ = line.rstrip("\n").split("\t")
            cluster[rid] = cid
            order.append(rid)
    return cluster, order


def score(pairs: Iterator[tuple[str, str]], cluster: dict[str, str], order: list[str]):
    """(pairs, precision, recall), streaming over the pairs: the baseline reports millions."""
    sizes: dict[str, int] = defaultdict(int)
    first_seen: dict[str, str] = {}
    for rid in order:
        sizes[cluster[rid]] += 1
        first_seen.setdefault(cluster[rid], rid)
    planted = sum(size - 1 for size in sizes.values())
    total = correct = 0
    found: set[str] = set()
    for a, b in pairs:
        total += 1
        if cluster[a] == cluster[b]:
            correct += 1
            found.add(a)
    # A cluster's first record in the stream has nothing earlier to match; both methods report
    # a record against earlier ones only, so recall counts each cluster's later members.
    later_found = sum(1 for rid in found if first_seen[cluster[rid]] != rid)
    precision = correct / total if total else 1.0
    return total, precision, later_found / planted if planted else 1.0


def our_pairs(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["record_id"], row["other_id"]


def baseline_pairs(path: Path) -> Iterator[tuple[str, str]]:
    with path.open() as handle:
        for line in handle:
            a, b = line.rstrip("\n").split("\t")
            yield a, b


def run_size(size: int, data: list[Path], work: Path, methods: list[str]) -> list[Result]:
    corpus = work / f"paragraphs-{size}.jsonl"
    if not corpus.exists():
        started = time.perf_counter()
        build_in_child(data, size, corpus)
        print(f"built {corpus} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cluster, order = read_truth(Path(f"{corpus}.truth.tsv"))
    config = DedupConfig()
    results = []
    for method in methods:
        out = work / f"pairs-{method}-{size}.out"
        if method in BASELINES and importlib.util.find_spec(BASELINES[method][0]) is None:
            print(
                f"{size}: skipping {method}: `{BASELINES[method][0]}` is not installed "
                f"(pip install {BASELINES[method][0]})",
                file=sys.stderr,
            )
            continue
        if method in ("audit", "audit-spark"):
            command = [sys.executable, "-m", "audit.cli.dedup", str(corpus), "--out", str(out)]
            command += ["--format", "csv", "--quiet"]
            if method == "audit-spark":  # the same findings on Spark, two local cores
                command += ["--engine", "spark", "--spark-master", "local[2]"]
        else:
            command = [sys.executable, str(ROOT / "bench" / BASELINES[method][1]), str(corpus)]
            command += [str(out), "--bands", str(config.bands), "--rows", str(config.rows)]
            command += ["--shingle", str(config.shingle_words), *BASELINES[method][2]]
        seconds, cpu, peak = timed(command)
        pairs = our_pairs(out) if method.startswith("audit") else baseline_pairs(out)
        n_pairs, precision, recall = score(pairs, cluster, order)
        result = Result(
            size, method, seconds, cpu, size / seconds, peak, n_pairs, precision, recall
        )
        print(json.dumps(asdict(result)), flush=True)
        results.append(result)
    local, spark = (work / f"pairs-{m}-{size}.out" for m in ("audit", "audit-spark"))
    if {"audit", "audit-spark"} <= set(methods):
        same = local.read_bytes() == spark.read_bytes()
        print(f"{size}: audit-spark output identical to audit: {same}", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "data", nargs="+", type=Path, help="wire-scrape CSVs (id,publisher,...,text)"
    )
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--methods", nargs="+", default=["audit", "datasketch"])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = [r for size in args.sizes for r in run_size(size, args.data, args.work, args.methods)]
    print(
        "| paragraphs | method | wall s | CPU s | paragraphs/s | peak MB | pairs | precision "
        "| recall |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.size:,} | {r.method} | {r.seconds:.1f} | {r.cpu_seconds:.1f} | "
            f"{r.per_second:,.0f} | "
            f"{r.peak_mb:,.0f} | {r.pairs:,} | {r.precision:.4f} | {r.recall:.4f} |"
        )


if __name__ == "__main__":
    main()
