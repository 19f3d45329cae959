"""Figures of issue 13 (hardening): `audit dedup` memory through a stream, `audit run` on one
very long paragraph. Each run is a fresh child process; wall time and its peak RSS (os.wait4).

    python bench/bench_hardening.py dedup ../shared/data/wire-scrapes/*.csv --sizes 100000 1000000
    python bench/bench_hardening.py long ../shared/data/newswcl50/articles.jsonl --mb 1 5

`dedup` builds (once, cached in --work) the planted-duplicate paragraph stream of
bench/bench_dedup.py and pipes it into `audit dedup -` (standard input, as a feed would come),
reporting pairs found and precision/recall against the planted clusters. `long` writes a story
of two articles, one of them a single paragraph of N MB (NewsWCL50 texts joined, no line
break), and audits it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_dedup import our_pairs, read_truth, score
from dedup_corpus import build_in_child

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], stdin_path: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process."""
    stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=stdin, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if stdin_path:
        stdin.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed with status {status}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def dedup(data: list[Path], sizes: list[int], work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        corpus = work / f"paragraphs-{size}.jsonl"
        if not corpus.exists():
            build_in_child(data, size, corpus)
        out = work / f"pairs-hardening-{size}.csv"
        command = [sys.executable, "-m", "audit", "dedup", "-", "--out", str(out), "--quiet"]
        seconds, cpu, peak = timed(command, corpus)
        cluster, order = read_truth(Path(f"{corpus}.truth.tsv"))
        pairs, precision, recall = score(our_pairs(out), cluster, order)
        print(json.dumps({
            "paragraphs": size, "wall_s": round(seconds, 1), "cpu_s": round(cpu, 1),
            "peak_mb": peak, "pairs": pairs, "precision": round(precision, 4),
            "recall": round(recall, 4),
        }), flush=True)  # fmt: skip


def long_paragraph(articles: Path, sizes_mb: list[float]) -> None:
    rows = [json.loads(line) for line in articles.open(encoding="utf-8")]
    joined = " ".join(r["text"].replace("\n", " ") for r in rows)
    for mb in sizes_mb:
        chars = int(mb * 1_000_000)
        text = (joined * (chars // len(joined) + 1))[:chars]
        with tempfile.TemporaryDirectory(prefix="bench-hardening-") as folder:
            story = Path(folder) / "long.jsonl"
            with story.open("w", encoding="utf-8") as handle:
                for source, body in (("long", text), ("short", rows[0]["text"])):
                    handle.write(json.dumps({"story_id": "long", "source": source, "text": body}))
                    handle.write("\n")
            command = [sys.executable, "-m", "audit", "run", str(story), "--out"]
            command += [str(Path(folder) / "reports"), "--quiet"]
            seconds, cpu, peak = timed(command)
        print(json.dumps({
            "paragraph_mb": mb, "wall_s": round(seconds, 1), "cpu_s": round(cpu, 1),
            "peak_mb": peak,
        }), flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    memory = commands.add_parser("dedup", help="audit dedup peak RSS through standard input")
    memory.add_argument("data", nargs="+", type=Path, help="wire-scrape CSVs")
    memory.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    memory.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    long = commands.add_parser("long", help="audit run on one very long paragraph")
    long.add_argument("articles", type=Path, help="NewsWCL50 articles.jsonl")
    long.add_argument("--mb", nargs="+", type=float, default=[1.0, 5.0])
    args = parser.parse_args()
    if args.command == "dedup":
        dedup(args.data, args.sizes, args.work)
    else:
        long_paragraph(args.articles, args.mb)


if __name__ == "__main__":
    main()
