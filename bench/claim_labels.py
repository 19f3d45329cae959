"""Precision and recall of the same-claim links on the hand-labelled pairs of a story.

Usage: python bench/claim_labels.py tests/data/claim_pairs.csv [STORY_FOLDER]
       (default story: the bundled ukraine-reassurance-force)

Runs segment + clean + alignment scoring on the story, then for a sweep of thresholds prints
precision and recall on the labelled pairs and how many links the whole story would get (the
labels are a sample: the link count shows what a threshold costs on all pairs). The labels are
also split in two fixed halves by a hash of the pair (`label_half`): the weights and threshold
were chosen on the "tune" half (0), and the "held-out" half (1) shows how far that carries.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from pathlib import Path

import numpy as np

from audit.align.passages import paragraph_scores
from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import clean_story


def label_half(para_a: str, para_b: str) -> int:
    """0 (tune) or 1 (held out): a fixed split of the labelled pairs, by a hash of the pair."""
    return int(hashlib.md5((para_a + para_b).encode()).hexdigest(), 16) % 2


def precision_recall(labels: list[tuple[int, float]], threshold: float) -> tuple[float, float]:
    tp = sum(1 for same, s in labels if same and s >= threshold)
    fp = sum(1 for same, s in labels if not same and s >= threshold)
    n_pos = sum(same for same, _ in labels)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / n_pos if n_pos else 0.0)


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
        rows = list(csv.DictReader(handle))
    labels = [(int(r["same"]), score.get(frozenset((r["para_a"], r["para_b"])), 0.0)) for r in rows]
    halves = [label_half(r["para_a"], r["para_b"]) for r in rows]
    tune = [label for label, half in zip(labels, halves, strict=True) if half == 0]
    held = [label for label, half in zip(labels, halves, strict=True) if half == 1]
    n_pos = sum(same for same, _ in labels)
    print(f"{n_pos} positives, {len(labels) - n_pos} negatives (tune half: "
          f"{sum(s for s, _ in tune)}/{len(tune)}, held-out half: {sum(s for s, _ in held)}/"
          f"{len(held)}); tool threshold {config.align.claim_threshold}")  # fmt: skip
    print("| threshold | precision | recall | F1 | tune P / R | held-out P / R "
          "| links in the story |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    thresholds = sorted({*np.round(np.arange(0.14, 0.28, 0.01), 2), config.align.claim_threshold})
    for threshold in thresholds:
        precision, recall = precision_recall(labels, threshold)
        f1 = 2 * precision * recall / (precision + recall) if recall else 0.0
        tune_p, tune_r = precision_recall(tune, threshold)
        held_p, held_r = precision_recall(held, threshold)
        links = int(np.sum(scored.score >= threshold))
        mark = " (tool)" if threshold == config.align.claim_threshold else ""
        halves_text = f"{tune_p:.2f} / {tune_r:.2f} | {held_p:.2f} / {held_r:.2f}"
        print(f"| {threshold:.2f}{mark} | {precision:.2f} | {recall:.2f} | {f1:.2f} "
              f"| {halves_text} | {links} |")  # fmt: skip
    probability_rules(scored, ids, rows, config.align.claim_threshold)
    paris = frozenset(("000_2454bc97f983af98:p002", "004_d0f0dbfe9e194b55:p001"))
    if paris in score or args.story is None:
        print(f"issue's false friend (000:p002 Paris talks / 004:p001 Paris summit): "
              f"{score.get(paris, 0.0):.3f}")  # fmt: skip


def probability_rules(scored, ids: list[str], rows: list[dict[str, str]], lexical: float) -> None:
    """True and false labelled pairs each decision rule keeps, over the candidate pairs (the
    calibrated probability of a paragraph pair is that of its surest sentence pair)."""
    index = {
        frozenset((ids[a], ids[b])): k
        for k, (a, b) in enumerate(zip(scored.para_a, scored.para_b, strict=True))
    }
    found = [
        (r["same"] == "1", index[key])
        for r in rows
        if (key := frozenset((r["para_a"], r["para_b"]))) in index
    ]
    print(f"\n{len(found)} labelled pairs are candidates ({sum(s for s, _ in found)} same)")
    print("| rule | true kept | false kept | links in the story |\n|---|---|---|---|")
    rules = [(f"lexical >= {lexical}", scored.score >= lexical)]
    for t in (0.4, 0.5, 0.55, 0.6):
        rules.append((f"probability >= {t}", scored.probability >= t))
    rules.append((f"lexical >= {lexical} and probability >= 0.5",
                  (scored.score >= lexical) & (scored.probability >= 0.5)))  # fmt: skip
    for name, kept in rules:
        true = sum(1 for same, k in found if same and kept[k])
        false = sum(1 for same, k in found if not same and kept[k])
        print(f"| {name} | {true} | {false} | {int(kept.sum())} |")


if __name__ == "__main__":
    main()
