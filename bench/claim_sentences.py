"""Precision and recall of the same-claim probability on blind sentence-pair labels.

Usage: python bench/claim_sentences.py tests/data/claim_sentence_pairs.csv [--threshold T]
           [--config bench/claims_round5.toml]

The labels (tests/data/README.md) were written blind over the bundled story, NewsWCL50 and the
wire scrapes. Each dataset's labelled sentences are the IDF corpus of its pairs. The pairs are
split in two fixed halves by a hash (`label_half`): the coefficients and threshold were fitted
on the tune half (0) and MSRP train (`bench/fit_claim_model.py`); the held-out half (1) shows
how far that carries. Prints precision/recall at the tool's threshold and a sweep, per half,
and per dataset and kind (content/title) on the held-out half.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from audit.config import AlignConfig


def label_half(row: dict[str, str]) -> int:
    """0 (tune) or 1 (held out): a fixed split of the labelled pairs, by a hash of the pair."""
    key = "|".join(row[c] for c in ("dataset", "doc_a", "text_a", "doc_b", "text_b"))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def story_of(row: dict[str, str]) -> str:
    """The story a labelled pair comes from (NewsWCL50: its event), whose labelled sentences
    stand for the story's claims: their IDF."""
    return (
        f"{row['dataset']}/{row['doc_a'].split('/')[0]}" if "/" in row["doc_a"] else row["dataset"]
    )


def read_labels(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def label_features(rows: Sequence[dict[str, str]], config: AlignConfig) -> np.ndarray:
    """Features (probability.FEATURES) of every labelled pair, with IDF over its story's
    labelled sentences."""
    from audit.align.pairs import score_text_pairs  # here: bench/claim_links.py runs on main too

    features = np.zeros((len(rows), 0))
    parts = {}
    for group in sorted({story_of(r) for r in rows}):
        index = [i for i, r in enumerate(rows) if story_of(r) == group]
        scored = score_text_pairs(
            [rows[i]["text_a"] for i in index],
            [rows[i]["text_b"] for i in index],
            config,
            titles=[rows[i]["kind"] == "title" for i in index],
        )
        parts[group] = (index, scored.features)
    width = next(iter(parts.values()))[1].shape[1]
    features = np.zeros((len(rows), width))
    for index, values in parts.values():
        features[index] = values
    return features


def precision_recall(same: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    tp = int(np.sum(predicted & same))
    fp = int(np.sum(predicted & ~same))
    n_pos = int(np.sum(same))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / n_pos if n_pos else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", type=Path)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--config", type=Path, default=None, help="a TOML file's [align]")
    args = parser.parse_args()
    from audit.align.probability import probabilities
    from audit.ingest.settings import load_config

    config = AlignConfig() if args.config is None else load_config(args.config).align
    threshold = config.claim_probability_threshold if args.threshold is None else args.threshold
    rows = read_labels(args.labels)
    probability = probabilities(label_features(rows, config), config)
    same = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    print(f"{len(rows)} pairs, {same.sum()} same; tune {np.sum(half == 0)} "
          f"({same[half == 0].sum()} same), held-out {np.sum(half == 1)} "
          f"({same[half == 1].sum()} same); tool threshold {threshold}")  # fmt: skip
    print("| threshold | tune P / R | held-out P / R | all P / R |")
    print("|---|---|---|---|")
    for t in sorted({*np.round(np.arange(0.3, 0.95, 0.05), 2), threshold}):
        cells = []
        for mask in (half == 0, half == 1, half >= 0):
            p, r = precision_recall(same[mask], probability[mask] >= t)
            cells.append(f"{p:.2f} / {r:.2f}")
        mark = " (tool)" if t == threshold else ""
        print(f"| {t:.2f}{mark} | " + " | ".join(cells) + " |")
    print("\nheld-out half at the tool threshold, by dataset and kind:")
    groups = sorted({(r["dataset"], r["kind"]) for r in rows})
    for dataset, kind in groups:
        mask = (half == 1) & np.array([(r["dataset"], r["kind"]) == (dataset, kind) for r in rows])
        p, r = precision_recall(same[mask], probability[mask] >= threshold)
        print(f"  {dataset:10s} {kind:8s} n={mask.sum():3d} same={same[mask].sum():3d} "
              f"P={p:.2f} R={r:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
