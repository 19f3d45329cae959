"""Issue 10 experiment (not shipped): does the fine-tuned cross-encoder add to the shipped
same-claim probability on the fresh blind labels?

Usage: python bench/cross_encoder_stack.py OUT EPOCH   (OUT, EPOCH: of bench/cross_encoder_train.py)

Fits logit(p) = b0 + b1 * logit(shipped probability) + b2 * cross-encoder logit on half 0 of
tests/data/claim_sentence_pairs_fresh.csv (`label_half`), reports AUC of each signal and of the
combination on both halves and precision / recall of the combination by threshold (half 0 /
half 1). Also MSRP fold 0 accuracy of the cross-encoder at logit 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from claim_features import auc
from claim_sentences import label_features, label_half, read_labels
from fit_claim_model import _newton

from audit.align.probability import probabilities
from audit.config import AlignConfig

FRESH = Path(__file__).resolve().parents[1] / "tests" / "data" / "claim_sentence_pairs_fresh.csv"


def main() -> None:
    out, epoch = sys.argv[1], sys.argv[2]
    rows = read_labels(FRESH)
    config = AlignConfig()
    p = np.clip(probabilities(label_features(rows, config), config), 1e-6, 1 - 1e-6)
    y = np.array([int(r["same"]) for r in rows])
    half = np.array([label_half(r) for r in rows])
    cross = np.zeros(len(rows))
    for h in (0, 1):
        cross[half == h] = np.load(f"{out}-ep{epoch}-fresh{h}.npy")
    x = np.column_stack([np.log(p / (1 - p)), cross])
    tune, held = half == 0, half == 1
    beta = _newton(x[tune], y[tune], np.ones(int(tune.sum())), l2=1.0)
    stacked = np.column_stack([np.ones(len(x)), x]) @ beta
    print(f"coefficients (bias, shipped logit, cross logit): {np.round(beta, 3).tolist()}")
    for name, score in (("shipped", x[:, 0]), ("cross", cross), ("combined", stacked)):
        first, second = auc(score[tune], y[tune] == 1), auc(score[held], y[held] == 1)
        print(f"{name:9s} AUC half 0 {first:.3f}  half 1 {second:.3f}")
    q = 1 / (1 + np.exp(-stacked))
    print("| threshold | half 0 P / R | half 1 P / R |\n|---|---|---|")
    for t in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        cells = []
        for m in (tune, held):
            kept = q[m] >= t
            tp, fp = int((kept & (y[m] == 1)).sum()), int((kept & (y[m] == 0)).sum())
            cells.append(f"{tp / max(1, tp + fp):.2f} / {tp / y[m].sum():.2f}")
        print(f"| {t} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
