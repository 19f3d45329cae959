"""Precision and recall of the same-claim links on the hand-labelled pairs of a story.

Usage: python bench/claim_labels.py tests/data/claim_pairs.csv [STORY_FOLDER]
       (default story: the bundled ukraine-reassurance-force)

Runs segment + clean + alignment scoring on the story, then for a sweep of thresholds prints
precision and recall on the labelled pairs and how many links the whole story would get (the
labels are a sample: the link count shows what a threshold costs on all pairs).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from audit.align import paragraph_scores
from audit.cli import bundled_story_path
from audit.config import AuditConfig
from audit.load import load_input
from audit.pipeline import clean_story


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", type=Path, help="CSV of para_a, para_b, same (1/0), note")
    parser.add_argument("story", type=Path, nargs="?", default=None)
    args = parser.parse_args()
    config = AuditConfig()
    story = load_input(args.story or bundled_story_path()).stories[0]
    content = tuple(p for p in clean_story(story, config).paragraphs if p.is_content)
    scored = paragraph_scores(content, [p.article_id for p in content], config.align)
    ids = [p.para_id for p in content]
    score = {
        frozenset((ids[a], ids[b])): float(s)
        for a, b, s in zip(scored.para_a, scored.para_b, scored.score, strict=True)
    }
    with open(args.labels, encoding="utf-8", newline="") as handle:
        labels = [
            (int(r["same"]), score.get(frozenset((r["para_a"], r["para_b"])), 0.0))
            for r in csv.DictReader(handle)
        ]
    n_pos = sum(same for same, _ in labels)
    print(f"{n_pos} positives, {len(labels) - n_pos} negatives; tool threshold "
          f"{config.align.claim_threshold}")  # fmt: skip
    print("| threshold | precision | recall | F1 | links in the story |")
    print("|---|---|---|---|---|")
    thresholds = sorted({*np.round(np.arange(0.16, 0.36, 0.02), 2), config.align.claim_threshold})
    for threshold in thresholds:
        tp = sum(1 for same, s in labels if same and s >= threshold)
        fp = sum(1 for same, s in labels if not same and s >= threshold)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / n_pos
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        links = int(np.sum(scored.score >= threshold))
        mark = " (tool)" if threshold == config.align.claim_threshold else ""
        print(f"| {threshold:.2f}{mark} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {links} |")


if __name__ == "__main__":
    main()
