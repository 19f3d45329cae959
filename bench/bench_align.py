"""Time the alignment stage, and `audit run` end to end, on stories of growing size.

Usage:
  python bench/bench_align.py /work/shared/data/wire-scrapes/helsinki_articles.csv \\
      [--sizes 10x10,25x20,50x40,100x40] [--repeat 3] [--no-run] [--workdir DIR]

A story of N articles x P paragraphs is built from the wire scrape (`text` with paragraphs
joined by " ### "): all paragraphs of 8+ words, in file order, form a pool, and article i takes
P consecutive paragraphs starting at i * 37 (so neighbouring articles share a few paragraphs
verbatim, as wire reprints do, and the rest come from other real articles about the same event).
Each size is run in a fresh process, so that peak memory (max RSS) is that size's own:
- `align`: segment + clean, then `align_story` alone (links, units, diffs, facts, omissions);
- `run`: `audit run` on a CSV of the story, every report written.
Prints a Markdown table: wall time (best of --repeat) and peak RSS per size.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEP = 37
MIN_WORDS = 8


def paragraph_pool(path: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        p.strip() for row in rows for p in row["text"].split(" ### ") if len(p.split()) >= MIN_WORDS
    ]


def story_rows(pool: list[str], n_articles: int, n_paragraphs: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n_articles):
        start = (i * STEP) % len(pool)
        paragraphs = [pool[(start + k) % len(pool)] for k in range(n_paragraphs)]
        rows.append(
            {
                "story_id": f"bench-{n_articles}x{n_paragraphs}",
                "article_id": f"a{i:03d}",
                "source": f"outlet-{i % 25:02d}",
                "text": "\n\n".join(paragraphs),
            }
        )
    return rows


def write_story(rows: list[dict[str, str]], folder: Path) -> Path:
    path = folder / f"{rows[0]['story_id']}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def align_worker(path: Path, repeat: int) -> dict[str, float]:
    """Runs in its own process: load, segment, clean, then time align_story alone."""
    from audit.align.stage import align_story
    from audit.config import AuditConfig
    from audit.ingest.load import load_input
    from audit.pipeline import clean_story

    config = AuditConfig()
    story = load_input(path).stories[0]
    paragraphs = clean_story(story, config).paragraphs
    sources = {a.article_id: a.source for a in story.articles}
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        aligned = align_story(paragraphs, sources, config.align)
        best = min(best, time.perf_counter() - started)
    return {
        "seconds": best,
        "content": sum(p.is_content for p in paragraphs),
        "links": len(aligned.links),
        "units": len(aligned.units),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def timed_run(path: Path, out: Path, repeat: int) -> tuple[float, float]:
    """Best wall time and peak RSS (MB) of `audit run` on one story."""
    audit = Path(sys.executable).with_name("audit")
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.Popen([str(audit), "run", str(path), "--out", str(out), "--quiet"])
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"audit run failed on {path} (status {status})")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scrape", type=Path, help="a wire-scrape CSV (id,publisher,...,text)")
    parser.add_argument("--sizes", default="10x10,25x20,50x20,50x40,100x40,200x40")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-run", action="store_true", help="time the alignment only")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(align_worker(args.worker, args.repeat)))
        return
    pool = paragraph_pool(args.scrape)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-align-"))
    print(f"pool: {len(pool)} paragraphs from {args.scrape.name}; cores: {os.cpu_count()}")
    print("| articles x paragraphs | content paragraphs | links | units | align s | align peak MB "
          "| audit run s | run peak MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for size in args.sizes.split(","):
        n_articles, n_paragraphs = (int(x) for x in size.split("x"))
        path = write_story(story_rows(pool, n_articles, n_paragraphs), workdir)
        worker = subprocess.run(
            [sys.executable, __file__, str(args.scrape), "--worker", str(path),
             "--repeat", str(args.repeat)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        result = json.loads(worker.stdout)
        run_s, run_mb = ("-", "-")
        if not args.no_run:
            seconds, peak = timed_run(path, workdir / "reports", args.repeat)
            run_s, run_mb = f"{seconds:.2f}", f"{peak:.0f}"
        print(
            f"| {size} | {result['content']} | {result['links']} | {result['units']} "
            f"| {result['seconds']:.2f} | {result['max_rss_mb']:.0f} | {run_s} | {run_mb} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
