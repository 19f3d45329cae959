"""Precision and recall of fact omissions ("left out by") on the blind fact labels.

Usage: python bench/fact_labels.py tests/data/fact_labels.csv \\
           --newswcl /work/shared/data/newswcl50/articles.jsonl \\
           --wire /work/shared/data/wire-scrapes [--show]

Each label row is a fact as written in article A (`fact_a`: a person, organisation, place,
number or quote) and an article B of the same story, labelled `present` (with the form B uses)
or `absent` by an annotator who never saw the tool's output. The story's facts are extracted as
in `audit run`; the row's fact is the one with a mention in A that matches `fact_a` (folded,
one inside the other); it is judged `absent` when that fact has no mention in B. A row whose
fact the extractor does not find in A is `unfound` (no claim either way). Halves by a hash of
(doc_a, fact_a, doc_b); tune on half 0.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from label_docs import LabelDocs, label_half, read_label_rows

from audit.align.stage import content_words
from audit.compare.facts import Fact, extract_facts
from audit.compare.left_out import fact_coverage
from audit.config import AuditConfig
from audit.text.normalize import match_key


def _key(text: str) -> str:
    key = match_key(text)
    return key[4:] if key.startswith("the ") else key


def find_fact(facts: tuple[Fact, ...], article_id: str, text: str) -> Fact | None:
    """The fact with a mention in `article_id` matching `text` best (exact, then one inside the
    other, the closest in length)."""
    wanted = _key(text)
    best, best_gap = None, None
    for fact in facts:
        for mention in fact.mentions:
            if mention.article_id != article_id:
                continue
            found = _key(mention.text)
            if not found or not wanted:
                continue
            if found == wanted or f" {wanted} " in f" {found} " or f" {found} " in f" {wanted} ":
                gap = abs(len(found) - len(wanted))
                if best_gap is None or gap < best_gap:
                    best, best_gap = fact, gap
    return best


_COMPUTED: dict[tuple[int, str], tuple] = {}  # (id of docs, story) -> (facts, entries)


def judge_facts(
    rows: list[dict[str, str]],
    docs: LabelDocs,
    config: AuditConfig,
    *,
    described: float | None = None,
) -> list[str]:
    """Per row: `present` (a mention in any form, or the claim around it reported: the
    `described` status of `left_out.fact_coverage`), `absent` (left out) or `unfound`. Each doc
    is its own "source" here, as the labels compare articles. `described`: re-judge the
    `described` status at this score instead of the config's (for the sweep)."""
    judged = []
    for row in rows:
        story = docs.story_of[row["doc_b"]]
        key = (id(docs), story)
        if key not in _COMPUTED:
            paragraphs = docs.paragraphs[story]
            facts = extract_facts(paragraphs, config.align, words=content_words(paragraphs))
            articles = list(dict.fromkeys(p.article_id for p in paragraphs))
            entries = fact_coverage(
                facts, paragraphs, {a: a for a in articles}, articles, config.align
            )
            _COMPUTED[key] = (facts, {(e.fact_id, e.source): e for e in entries})
        facts, entries = _COMPUTED[key]
        fact = find_fact(facts, docs.article_of[row["doc_a"]], row["fact_a"])
        if fact is None:
            judged.append("unfound")
            continue
        status = _status(entries[(fact.fact_id, docs.article_of[row["doc_b"]])], described)
        judged.append("absent" if status == "left_out" else "present")
    return judged


def _status(entry, described: float | None) -> str:
    if described is None or entry.status.value == "reported":
        return entry.status.value
    return "described" if entry.score >= described else "left_out"


def report(name: str, rows: list[dict[str, str]], judged: list[str]) -> None:
    pairs = list(zip((r["label"] for r in rows), judged, strict=True))
    flagged = [label for label, status in pairs if status == "absent"]
    right = sum(1 for label in flagged if label == "absent")
    positives = sum(1 for label, _ in pairs if label == "absent")
    print(
        f"{name}: n={len(rows)} absent flagged={len(flagged)} "
        f"precision={right / len(flagged) if flagged else 1.0:.3f} "
        f"recall={right / positives if positives else 0.0:.3f} "
        f"unfound={sum(s == 'unfound' for _, s in pairs)} "
        f"counts: {dict(sorted(Counter(pairs).items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", type=Path)
    parser.add_argument("--newswcl", type=Path, required=True)
    parser.add_argument("--wire", type=Path, required=True)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--sweep", action="store_true", help="tune the `described` threshold")
    args = parser.parse_args()
    config = AuditConfig()
    rows = read_label_rows(args.labels)
    docs = LabelDocs.load(args.newswcl, args.wire, config)
    if args.sweep:
        for threshold in (0.19, 0.25, 0.3, 0.4, 0.5, 1.01):
            swept = judge_facts(rows, docs, config, described=threshold)
            halves = [label_half(r["doc_a"], r["fact_a"], r["doc_b"]) for r in rows]
            tune = [i for i, h in enumerate(halves) if h == 0]
            print(f"described at >= {threshold}", end=" ")
            report("tune", [rows[i] for i in tune], [swept[i] for i in tune])
    judged = judge_facts(rows, docs, config)
    halves = [label_half(r["doc_a"], r["fact_a"], r["doc_b"]) for r in rows]
    for half, name in ((0, "tune"), (1, "held-out"), (None, "all")):
        picked = [i for i, h in enumerate(halves) if half is None or h == half]
        report(name, [rows[i] for i in picked], [judged[i] for i in picked])
    if args.show:
        for row, status, half in zip(rows, judged, halves, strict=True):
            print(
                f"[{half}] {row['label']:>7} -> {status:<8} {row['fact_type']:<6} "
                f"{row['fact_a']!r} / {row['form_b']!r} {row['doc_a']} -> {row['doc_b']}"
            )


if __name__ == "__main__":
    main()
