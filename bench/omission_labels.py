"""Precision and recall of `omitted` (and `partly covered`) on the blind omission labels.

Usage: python bench/omission_labels.py tests/data/omission_labels.csv \\
           --newswcl /work/shared/data/newswcl50/articles.jsonl \\
           --wire /work/shared/data/wire-scrapes [--sweep] [--show]

Each label row is a claim (a sentence of article A, as written) and an article B of the same
story, labelled `reported`, `partly` or `omitted` by an annotator who never saw the tool's
output. The claim is looked for in every sentence and paragraph of B (`absence.nearest_passages`,
term weights over the whole story) and judged by `omissions.judge`; `omitted` is right only when
the label is `omitted` (a `partly` row judged `omitted` is a false accusation). Rows are split in
two fixed halves by a hash of (doc_a, text_a, doc_b): thresholds were chosen on the tune half (0).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import replace
from pathlib import Path

from label_docs import LabelDocs, label_half, read_label_rows

from audit.compare.omissions import Judgement, claim_coverage
from audit.config import AlignConfig, AuditConfig


def judge_claims(
    rows: list[dict[str, str]], docs: LabelDocs, config: AlignConfig
) -> list[Judgement]:
    """Each row's claim judged against its doc B (one scoring call per story)."""
    judged: dict[int, Judgement] = {}
    by_story: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_story.setdefault(docs.story_of[row["doc_b"]], []).append(i)
    for story, picked in by_story.items():
        found = claim_coverage(
            [rows[i]["text_a"] for i in picked],
            [docs.article_of[rows[i]["doc_b"]] for i in picked],
            docs.paragraphs[story],
            config,
        )
        judged.update(zip(picked, found, strict=True))
    return [judged[i] for i in range(len(rows))]


def report(name: str, rows: list[dict[str, str]], judged: list[str]) -> None:
    pairs = list(zip((r["label"] for r in rows), judged, strict=True))
    flagged = [label for label, status in pairs if status == "omitted"]
    right = sum(1 for label in flagged if label == "omitted")
    positives = sum(1 for label, _ in pairs if label == "omitted")
    precision = right / len(flagged) if flagged else 1.0
    recall = right / positives if positives else 0.0
    matrix = Counter(pairs)
    print(
        f"{name}: n={len(rows)} omitted flagged={len(flagged)} precision={precision:.3f} "
        f"recall={recall:.3f}  (label, status) counts: {dict(sorted(matrix.items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", type=Path)
    parser.add_argument("--newswcl", type=Path, required=True, help="NewsWCL50 articles.jsonl")
    parser.add_argument("--wire", type=Path, required=True, help="folder of wire-scrape CSVs")
    parser.add_argument("--sweep", action="store_true", help="precision/recall by threshold")
    parser.add_argument("--show", action="store_true", help="print each row's nearest passage")
    args = parser.parse_args()
    config = AuditConfig()
    rows = read_label_rows(args.labels)
    docs = LabelDocs.load(args.newswcl, args.wire, config)
    judgements = judge_claims(rows, docs, config.align)
    halves = [label_half(r["doc_a"], r["text_a"], r["doc_b"]) for r in rows]
    for half, name in ((0, "tune"), (1, "held-out"), (None, "all")):
        picked = [i for i, h in enumerate(halves) if half is None or h == half]
        report(name, [rows[i] for i in picked], [judgements[i].status.value for i in picked])
    if args.sweep:
        for threshold in (0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.19):
            swept = replace(config.align, absence_threshold=threshold)
            judged = judge_claims(rows, docs, swept)
            tune = [i for i, h in enumerate(halves) if h == 0]
            print(f"absence_threshold={threshold:.2f}", end=" ")
            report("tune", [rows[i] for i in tune], [judged[i].status.value for i in tune])
    if args.show:
        for row, judged, half in zip(rows, judgements, halves, strict=True):
            evidence = judged.evidence
            print(
                f"[{half}] {row['label']:>8} -> {judged.status.value:<14} {judged.score:.3f} "
                f"c={evidence.containment:.2f} a={evidence.spread:.2f} {row['doc_b']}"
            )
            print(f"    A: {row['text_a'][:140]}\n    B: {judged.excerpt[:140]}")


if __name__ == "__main__":
    main()
