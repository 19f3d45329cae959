"""Headline links (`audit.align.titles`): the threshold and lede-length sweep on the blind title
pairs in whole stories, and the links of any story printed for a reading by hand.

Usage:
  python bench/title_links.py sweep tests/data/claim_sentence_pairs.csv \
      --newswcl /work/shared/data/newswcl50/articles.jsonl --wire /work/shared/data/wire-scrapes
  python bench/title_links.py show STORY_FILE_OR_FOLDER [--paragraph-separator ' ### ']
  python bench/title_links.py show tests/data/claim_sentence_pairs.csv --newswcl ... --wire ...

`sweep` aligns each labelled story once (content links as the tool makes them), then for each
setting adds the headline links and counts a title pair linked as bench/claim_links.py
--sentences does; P / R on the title pairs of each half, and the number of headline links made
in these stories. `show` prints every headline link (kind, probability, the two texts).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from claim_links import locate, overlaps, stories, story_key
from claim_sentences import label_half, precision_recall, read_labels

from audit.align.embedding import embed
from audit.align.stage import align_story, content_words
from audit.align.titles import title_links
from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.model import Story
from audit.pipeline import clean_story


def prepared(story: Story, separator: str, base: AuditConfig):
    segment = dataclasses.replace(base.segment, paragraph_separator=separator or None)
    config = dataclasses.replace(base, segment=segment)
    paragraphs = list(clean_story(story, config).paragraphs)
    titles = {a.article_id: a.title for a in story.articles}
    return paragraphs, titles


def sweep(args: argparse.Namespace) -> None:
    rows = read_labels(args.labels)
    base = AuditConfig()
    cases = []
    for key, (story, separator) in sorted(stories(rows, args.newswcl, args.wire).items()):
        index = [i for i, r in enumerate(rows) if story_key(r) == key]
        if not index:
            continue
        paragraphs, titles = prepared(story, separator, base)
        sources = {a.article_id: a.source for a in story.articles}
        content = align_story(paragraphs, sources, base.align, titles={}).links
        content = [link for link in content if link.kind == "content"]
        found = {
            i: [
                locate([p for p in paragraphs if p.article_id == rows[i][doc]], rows[i][text])
                for doc, text in (("doc_a", "text_a"), ("doc_b", "text_b"))
            ]
            for i in index
        }
        cases.append((paragraphs, titles, content, found))
    same = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    title = np.array([r["kind"] == "title" for r in rows])
    print(
        "| threshold | lede sentences | headline links | title pairs tune P / R | held-out P / R |"
    )
    print("|---|---|---|---|---|")
    for threshold in (0.6, 0.65, 0.7, 0.75, 0.8):
        for lede in (1, 2, 3, 5):
            config = dataclasses.replace(
                base.align, title_probability_threshold=threshold, title_lede_sentences=lede
            )
            linked = np.zeros(len(rows), dtype=bool)
            made = 0
            for paragraphs, titles, content, found in cases:
                links = [*content, *title_links(paragraphs, titles, config)]
                made += len(links) - len(content)
                spans = defaultdict(list)
                for link in links:
                    spans[frozenset((link.para_a, link.para_b))].append(
                        {link.para_a: (link.evidence_a.start, link.evidence_a.end),
                         link.para_b: (link.evidence_b.start, link.evidence_b.end)}
                    )  # fmt: skip
                for i, pair in found.items():
                    key = frozenset(f[0].para_id for f in pair)
                    linked[i] = any(
                        all(overlaps(s[p.para_id], a, b) for p, a, b in pair)
                        for s in spans.get(key, ())
                    )
            cells = []
            for part in (0, 1):
                mask = title & (half == part)
                p, r = precision_recall(same[mask], linked[mask])
                cells.append(f"{p:.2f} / {r:.2f}")
            print(f"| {threshold} | {lede} | {made} | " + " | ".join(cells) + " |")


def show(args: argparse.Namespace) -> None:
    base = AuditConfig()
    embed(["the model is loaded once per process, before the timing"])
    if args.newswcl:
        rows = read_labels(args.story)
        chosen = stories(rows, args.newswcl, args.wire)
    else:
        loaded = load_input(args.story).stories[0]
        chosen = {loaded.story_id: (loaded, args.paragraph_separator or "")}
    for key, (story, separator) in sorted(chosen.items()):
        paragraphs, titles = prepared(story, separator, base)
        words = content_words(paragraphs)
        started = time.process_time()
        links = title_links(paragraphs, titles, base.align, words=words)
        spent = time.process_time() - started
        text = {a.article_id: a.text for a in story.articles}
        print(f"## {key}: {len(links)} headline links ({spent:.3f} s CPU, model already loaded)")
        for link in links:
            a = text[link.article_a][link.evidence_a.start : link.evidence_a.end]
            b = text[link.article_b][link.evidence_b.start : link.evidence_b.end]
            print(f"{link.link_id} {link.kind} {link.probability:.2f} | {a[:90]} || {b[:120]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("sweep")
    first.add_argument("labels", type=Path)
    first.add_argument("--newswcl", type=Path, required=True)
    first.add_argument("--wire", type=Path, required=True)
    second = commands.add_parser("show")
    second.add_argument("story", type=Path)
    second.add_argument("--paragraph-separator", default="")
    second.add_argument("--newswcl", type=Path)
    second.add_argument("--wire", type=Path)
    args = parser.parse_args()
    sweep(args) if args.command == "sweep" else show(args)


if __name__ == "__main__":
    main()
