"""Measure the same-claim scorer (audit.align.scorer) on the MSR Paraphrase corpus.

Usage: python bench/msrp_scorer.py /work/shared/data/msrp/msr_paraphrase_train.txt [--sweep]

Every sentence of the file is one passage; term weights take their IDF over all of them, as the
tool takes IDF over a story's sentences. Prints accuracy and F1 (paraphrase = positive class) at
the tool's own threshold (AlignConfig.claim_threshold), the best threshold found by a sweep, and
ablations (no rapidfuzz term, no phrase term, no conflict penalties, no kind boosts...).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np

from audit.align.scorer import passage_set, score_pairs
from audit.config import AlignConfig


def read_msrp(path: Path) -> tuple[np.ndarray, list[str], list[str]]:
    """Labels and the two strings of each pair. The file has no header row (it starts with a BOM
    and the first pair), and strings hold raw quote characters, so lines are split on tabs."""
    labels, first, second = [], [], []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        cells = line.split("\t")
        if len(cells) != 5 or cells[0] not in {"0", "1"}:
            continue
        labels.append(int(cells[0]))
        first.append(cells[3])
        second.append(cells[4])
    return np.array(labels), first, second


def scores(first: list[str], second: list[str], config: AlignConfig) -> np.ndarray:
    passages = passage_set([*first, *second], config)
    n = len(first)
    return score_pairs(passages, np.arange(n), np.arange(n, 2 * n), config)


def accuracy_f1(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    tp = int(np.sum((predicted == 1) & (labels == 1)))
    fp = int(np.sum((predicted == 1) & (labels == 0)))
    fn = int(np.sum((predicted == 0) & (labels == 1)))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return float(np.mean(predicted == labels)), f1


def report(name: str, labels: np.ndarray, values: np.ndarray, threshold: float) -> None:
    acc, f1 = accuracy_f1(labels, (values >= threshold).astype(int))
    grid = np.round(np.arange(0.2, 0.9, 0.01), 2)
    best = max(grid, key=lambda t: accuracy_f1(labels, (values >= t).astype(int))[0])
    best_acc, best_f1 = accuracy_f1(labels, (values >= best).astype(int))
    print(
        f"| {name} | {threshold:.2f} | {acc:.3f} | {f1:.3f} | {best:.2f} | {best_acc:.3f} "
        f"| {best_f1:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("msrp", type=Path, help="msr_paraphrase_train.txt (tab-separated)")
    parser.add_argument("--sweep", action="store_true", help="also print ablations")
    args = parser.parse_args()
    labels, first, second = read_msrp(args.msrp)
    config = AlignConfig()
    print(f"{len(labels)} pairs, {labels.mean():.3f} paraphrases (always-yes accuracy)")
    print("| variant | threshold | accuracy | F1 | best threshold | accuracy | F1 |")
    print("|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    values = scores(first, second, config)
    elapsed = time.perf_counter() - started
    report("tool default", labels, values, config.claim_threshold)
    if args.sweep:
        variants = {
            "no rapidfuzz term": {"fuzzy_weight": 0.0},
            "rapidfuzz only": {"fuzzy_weight": 1.0, "phrase_weight": 0.0},
            "no phrase term": {"phrase_weight": 0.0},
            "no event conflicts": {"event_conflict_penalty": 0.0},
            "no conflict penalties": {
                "number_conflict_penalty": 0.0,
                "date_conflict_penalty": 0.0,
                "name_conflict_penalty": 0.0,
                "event_conflict_penalty": 0.0,
            },
            "no kind boosts": {"name_weight": 1.0, "number_weight": 1.0, "date_weight": 1.0},
            "no IDF (flat weights)": {"min_idf_passages": 10**9},
        }
        for name, change in variants.items():
            variant = dataclasses.replace(config, **change)
            report(name, labels, scores(first, second, variant), config.claim_threshold)
    print(f"scored {len(labels)} pairs in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
