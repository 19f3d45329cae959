"""Precision and recall of the tool's links (not the probability alone) on the blind sentence
pairs: the whole story is aligned, then each labelled pair counts as linked when a link joins
the two paragraphs that hold its sentences.

Usage: python bench/claim_links.py tests/data/claim_sentence_pairs.csv \
           --newswcl /work/shared/data/newswcl50/articles.jsonl \
           --wire /work/shared/data/wire-scrapes

Stories: the bundled story (`seeds`), each NewsWCL50 event (its 5 articles), and for `census`,
`spotify` and `helsinki` (the fresh labels) the labelled articles of the wire scrape
(`<name>_articles.csv`, paragraphs joined by " ### "; the first is the headline). A sentence
is found in its article by its text (whitespace-insensitive); pairs with a sentence not found,
or in a heading paragraph (titles: headings are not aligned), count as not linked. With
--sentences a pair is linked only when a link's evidence passages (the sentence or paragraph
pair that gave its score) overlap both sentences. Halves as in bench/claim_sentences.py.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from claim_sentences import label_half, precision_recall, read_labels

from audit.align.stage import Alignment, align_story
from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.model import Article, Paragraph, Story
from audit.pipeline import clean_story


def stories(rows: list[dict[str, str]], newswcl: Path, wire: Path) -> dict[str, tuple[Story, str]]:
    """Story key (as bench/claim_sentences.story_of) -> the story and its paragraph separator."""
    out: dict[str, tuple[Story, str]] = {}
    seeds = load_input(bundled_story_path()).stories[0]
    out["seeds"] = (seeds, "")
    by_event: dict[str, list[Article]] = defaultdict(list)
    for line in newswcl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        article_id = f"{record['story_id']}/{record['source']}"
        by_event[record["story_id"]].append(
            Article(article_id, record["story_id"], record["source"], record["text"])
        )
    for event, articles in by_event.items():
        out[f"newswcl50/{event}"] = (Story(event, tuple(articles)), "")
    csv.field_size_limit(1 << 24)  # a scraped article can be long
    for name in ("census", "spotify", "helsinki"):
        wanted = {
            r[c].split("/")[1] for r in rows if r["dataset"] == name for c in ("doc_a", "doc_b")
        }
        if not wanted:
            continue
        with open(wire / f"{name}_articles.csv", encoding="utf-8", newline="") as handle:
            articles = tuple(
                Article(f"{name}/{r['id']}", name, r["publisher"], r["text"])
                for r in csv.DictReader(handle)
                if r["id"] in wanted
            )
        out[name] = (Story(name, articles), " ### ")
    return out


def story_key(row: dict[str, str]) -> str:
    if row["dataset"] == "newswcl50":
        return f"newswcl50/{row['doc_a'].split('/')[0]}"
    return row["dataset"]


def locate(paragraphs: list[Paragraph], text: str) -> tuple[Paragraph, int, int] | None:
    """The paragraph holding `text` (whitespace-insensitive), any kind, and where the text is in
    the article."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in text.split()))
    for p in paragraphs:
        if found := pattern.search(p.text):
            return p, p.start + found.start(), p.start + found.end()
    return None


def overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def aligned_labels(
    rows: list[dict[str, str]], newswcl: Path, wire: Path, base: AuditConfig
) -> Iterator[tuple[list[int], Alignment, list[tuple[Paragraph, int, int] | None]]]:
    """Each labelled story aligned with `base` (its paragraph separator set): the indexes of its
    label rows, the alignment, and each row's two sentences located in their articles (None
    for a row whose sentences are not both found)."""
    for key, (story, separator) in sorted(stories(rows, newswcl, wire).items()):
        index = [i for i, r in enumerate(rows) if story_key(r) == key]
        if not index:
            continue
        segment = dataclasses.replace(base.segment, paragraph_separator=separator or None)
        config = dataclasses.replace(base, segment=segment)
        paragraphs = list(clean_story(story, config).paragraphs)
        sources = {a.article_id: a.source for a in story.articles}
        titles = {a.article_id: a.title for a in story.articles}
        alignment = align_story(paragraphs, sources, config.align, titles=titles)
        located = []
        for i in index:
            row = rows[i]
            found = [
                locate([p for p in paragraphs if p.article_id == row[doc]], row[text])
                for doc, text in (("doc_a", "text_a"), ("doc_b", "text_b"))
            ]
            located.append(None if None in found else found)
        yield index, alignment, located


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--newswcl", type=Path, required=True)
    parser.add_argument("--wire", type=Path, required=True)
    parser.add_argument(
        "--sentences",
        action="store_true",
        help="a pair counts as linked only when a link's evidence passages hold both sentences",
    )
    parser.add_argument(
        "--veto",
        type=float,
        default=0.0,
        help="leave out links whose probability (of their surest sentence pair) is under this",
    )
    args = parser.parse_args()
    rows = read_labels(args.labels)
    base = AuditConfig()
    linked = np.zeros(len(rows), dtype=bool)
    located = np.zeros(len(rows), dtype=bool)
    for index, alignment, found_rows in aligned_labels(rows, args.newswcl, args.wire, base):
        evidence = defaultdict(list)  # paragraph pair -> (paragraph, span) pairs of its links
        for link in alignment.links:
            if link.probability < args.veto:
                continue
            evidence[frozenset((link.para_a, link.para_b))].append(
                {link.para_a: (link.evidence_a.start, link.evidence_a.end),
                 link.para_b: (link.evidence_b.start, link.evidence_b.end)}
            )  # fmt: skip
        for i, found in zip(index, found_rows, strict=True):
            if found is None:
                continue
            located[i] = True
            key_pair = frozenset(f[0].para_id for f in found)
            if args.sentences:
                linked[i] = any(
                    all(overlaps(spans[p.para_id], s, e) for p, s, e in found)
                    for spans in evidence.get(key_pair, ())
                )
            else:
                linked[i] = key_pair in evidence
    same = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    print(f"{located.sum()} of {len(rows)} pairs located in their articles")
    print(
        "| pairs | n | same | tune P / R | held-out P / R | all P / R |\n|---|---|---|---|---|---|"
    )
    groups = [("all", np.ones(len(rows), dtype=bool))]
    for kind in ("content", "title"):
        groups.append((kind, np.array([r["kind"] == kind for r in rows])))
    for dataset in sorted({r["dataset"] for r in rows}):
        groups.append((dataset, np.array([r["dataset"] == dataset for r in rows])))
    for name, mask in groups:
        cells = []
        for part in (mask & (half == 0), mask & (half == 1), mask):
            p, r = precision_recall(same[part], linked[part])
            cells.append(f"{p:.2f} / {r:.2f}")
        print(f"| {name} | {mask.sum()} | {same[mask].sum()} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
