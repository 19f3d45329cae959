"""Benchmark `audit group`: quality on NewsWCL50, stories of the wire-scrape days, speed.

    python bench/bench_group.py quality ../shared/data/newswcl50/articles.jsonl
    python bench/bench_group.py wire ../shared/data/wire-scrapes/*.csv --sample 20
    python bench/bench_group.py speed ../shared/data/newswcl50/articles.jsonl \
        ../shared/data/wire-scrapes/*.csv --sizes 10000 100000

quality: the 50 articles shuffled into one feed (seeds 0-4), the gold story_id hidden (kept
only for scoring), grouped by the library with the default config; B-cubed precision, recall, F1
and adjusted Rand index, mean and worst over the seeds.

wire: the three scrape days concatenated into one feed (ids prefixed by the day, as they collide
across files; paragraphs split on " ### "), grouped by the real CLI; prints the stories found and
a seeded sample of articles with their story, to check by hand.

speed: a feed of N articles made by repeating the shared articles with edits (the leading
paragraph dropped, a third of the words replaced by other words of the corpus, so that copies are
not reprints) and dates shifted by a week per repetition, grouped by the real CLI in a child
process; wall and CPU seconds (all, and the main process's alone: with workers, the main
process's CPU is what a quiet machine with a free core per worker waits for), articles per CPU
second, peak RSS (from wait4: the largest process's) and the load average before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from audit.config import AuditConfig
from audit.group import adjusted_rand, bcubed, group_articles
from audit.ingest.load import load_input

ROOT = Path(__file__).resolve().parent.parent
SEPARATOR = " ### "
# The CLI run in the child, which then writes its own CPU seconds (without its workers') to the
# file named by its first argument.
_TIMED_CLI = """
import resource, sys
from audit.cli.run import main
out, sys.argv = sys.argv[1], ["audit", *sys.argv[2:]]
code = main()
usage = resource.getrusage(resource.RUSAGE_SELF)
with open(out, "w") as handle:
    handle.write(str(usage.ru_utime + usage.ru_stime))
raise SystemExit(code)
"""


def quality(path: str, seeds: int) -> None:
    loaded = load_input(path)
    articles = [a for story in loaded.stories for a in story.articles]
    gold = {a.article_id: a.story_id for a in articles}
    scores = []
    for seed in range(seeds):
        feed = articles[:]
        random.Random(seed).shuffle(feed)
        feed = [replace(a, story_id="feed") for a in feed]
        grouping = group_articles(feed, AuditConfig())
        predicted = grouping.story_of()
        b = bcubed(predicted, gold)
        ari = adjusted_rand(predicted, gold)
        scores.append((b.precision, b.recall, b.f1, ari, len(grouping.stories)))
        print(
            f"seed {seed}: precision {b.precision:.3f} recall {b.recall:.3f} F1 {b.f1:.3f} "
            f"ARI {ari:.3f} stories {len(grouping.stories)}"
        )
    columns = list(zip(*scores, strict=True))
    mean = [sum(c) / len(c) for c in columns]
    print(
        f"mean: precision {mean[0]:.3f} recall {mean[1]:.3f} F1 {mean[2]:.3f} "
        f"ARI {mean[3]:.3f} stories {mean[4]:.1f}; worst F1 {min(columns[2]):.3f} "
        f"worst ARI {min(columns[3]):.3f} (gold: {len(set(gold.values()))} stories)"
    )


def _csv_rows(path: str) -> list[dict[str, str]]:
    csv.field_size_limit(2**31 - 1)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def wire(paths: list[str], sample: int, work: Path) -> None:
    feed = work / "wire-days.csv"
    rows = []
    for path in paths:
        day = Path(path).stem.split("_")[0]
        rows += [{**row, "id": f"{day}-{row['id']}"} for row in _csv_rows(path)]
    with open(feed, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = work / "wire-stories.csv"
    command = [sys.executable, "-m", "audit", "group", str(feed), "--out", str(out)]
    subprocess.run([*command, "--paragraph-separator", SEPARATOR], check=True)
    grouped = _csv_rows(str(out))
    sizes = Counter(r["story_id"] for r in grouped)
    labels = {r["story_id"]: r["story_label"] for r in grouped}
    days = {sid: Counter(r["id"].split("-")[0] for r in grouped if r["story_id"] == sid)
            for sid in sizes}  # fmt: skip
    mixed = [sid for sid, d in days.items() if len(d) > 1]
    print(f"{len(grouped)} articles, {len(sizes)} stories; sizes: "
          f"{sorted(Counter(sizes.values()).items(), reverse=True)}")  # fmt: skip
    print(f"stories mixing two scrape days: {len(mixed)}")
    print("largest stories:")
    for sid, n in sizes.most_common(15):
        print(f"  {n:4d}  {sid}  {labels[sid]}  {dict(days[sid])}")
    first_title = {}
    for row in grouped:
        if row["story_rule"] == "first":
            first_title[row["story_id"]] = _headline(row["text"])
    print(f"sample of {sample} articles (seed 0): rule, similarity, story size | headline "
          "|| the story's first headline")  # fmt: skip
    for row in random.Random(0).sample(grouped, sample):
        print(
            f"  {row['id']}: {row['story_rule']} {row['story_similarity']} "
            f"n={sizes[row['story_id']]} [{row['story_label']}] | {_headline(row['text'])} || "
            f"{first_title[row['story_id']]}"
        )


def _headline(text: str) -> str:
    return " / ".join(p.strip()[:70] for p in text.split(SEPARATOR)[:3])


def build_feed(paths: list[str], size: int, out: Path) -> None:
    base = []
    for path in paths:
        loaded = load_input(path)
        base += [a for story in loaded.stories for a in story.articles]
    vocabulary = sorted({w for a in base[:200] for w in a.text.split() if w.isalpha()})
    start = datetime(2018, 1, 1, tzinfo=UTC)
    rng = random.Random(20181)
    with open(out, "w", encoding="utf-8") as handle:
        for n in range(size):
            repeat, article = divmod(n, len(base))
            source = base[article]
            paragraphs = source.text.replace(SEPARATOR, "\n\n").split("\n\n")
            if repeat and len(paragraphs) > 2:
                paragraphs = paragraphs[1:]
            text = "\n\n".join(paragraphs)
            if repeat:
                words = text.split(" ")
                for i in rng.sample(range(len(words)), len(words) // 3):
                    words[i] = rng.choice(vocabulary)
                text = " ".join(words)
            when = start + timedelta(days=7 * repeat, minutes=article * 2)
            row = {"id": f"a{n}", "source": source.source, "published": when.isoformat(),
                   "text": text}  # fmt: skip
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def speed(paths: list[str], sizes: list[int], work: Path, workers: int | None) -> None:
    print("| articles | workers | wall s | CPU s | main CPU s | articles/s (CPU) | peak MB "
          "| stories | load |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in sizes:
        feed = work / f"group-feed-{size}.jsonl"
        if not feed.exists():
            build_feed(paths, size, feed)
        out = work / f"group-stories-{size}.csv"
        main_cpu = work / f"group-main-cpu-{size}.txt"
        command = [sys.executable, "-c", _TIMED_CLI, str(main_cpu), "group", str(feed),
                   "--out", str(out)]  # fmt: skip
        if workers is not None:
            command += ["--workers", str(workers)]
        load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
        began = time.perf_counter()
        child = subprocess.Popen([*command, "--quiet"], cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        if status != 0:
            raise SystemExit(f"audit group failed on {feed}")
        stories = len({r["story_id"] for r in _csv_rows(str(out))})
        cpu = usage.ru_utime + usage.ru_stime
        own = float(main_cpu.read_text())
        shown = "default" if workers is None else str(workers)
        print(f"| {size:,} | {shown} | {wall:.1f} | {cpu:.1f} | {own:.1f} | {size / cpu:,.0f} | "
              f"{usage.ru_maxrss / 1024:,.0f} | {stories:,} | "
              f"{load_before:.1f} -> {os.getloadavg()[0]:.1f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("quality")
    q.add_argument("newswcl50")
    q.add_argument("--seeds", type=int, default=5)
    w = commands.add_parser("wire")
    w.add_argument("paths", nargs="+")
    w.add_argument("--sample", type=int, default=20)
    s = commands.add_parser("speed")
    s.add_argument("paths", nargs="+")
    s.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    s.add_argument("--workers", type=int, help="default: the config's (group.workers)")
    for sub in (w, s):
        sub.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    if args.command == "quality":
        quality(args.newswcl50, args.seeds)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    if args.command == "wire":
        with tempfile.TemporaryDirectory(dir=args.work) as work:
            wire(args.paths, args.sample, Path(work))
    else:
        speed(args.paths, args.sizes, args.work, args.workers)


if __name__ == "__main__":
    main()
