"""Fit the same-claim probability (AlignConfig.claim_coefficients) by logistic regression.

Usage: python bench/fit_claim_model.py tests/data/claim_sentence_pairs.csv \
           /work/shared/data/msrp/msr_paraphrase_train.txt [--label-share 1.0] [--l2 1.0]
           [--config bench/claims_round5.toml] [--fit-on all] [--fresh FRESH.csv ...]

Fits on the tune half of the blind sentence-pair labels (`claim_sentences.label_half` == 0)
plus MSRP train (headline pairs among them; the tool scores headline pairs with
`title_coefficients`, the round-2 fit, and the sweep below does too: BENCHMARKS.md), numpy
only (Newton's method with an L2 penalty on the weights, not the bias).
The labels are few (~170 tune pairs) against 4,076 MSRP pairs, so each side's pairs are
weighted so that the labels carry `--label-share` times MSRP's total weight. Prints the
coefficients (paste them into AlignConfig.claim_coefficients), precision/recall on both label
halves at a sweep of thresholds, and MSRP accuracy: 10-fold cross-validated (each fold scored
by a model fitted on the other nine plus the tune labels) at the chosen threshold.

`--fit-on all` fits on both halves (once a fresh blind set has taken over the held-out role);
`--fresh` adds precision/recall on label files written blind after the fit's labels, never
used to fit anything (tests/data/claim_sentence_pairs_fresh.csv): all of it, and its two
halves by `label_half` (the first to choose a threshold on, the second to report). `--config`
takes the features (which n-gram overlaps are computed) from a TOML file's [align].
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from claim_sentences import label_features, label_half, precision_recall, read_labels
from msrp_scorer import read_msrp

from audit.align.pairs import score_text_pairs
from audit.align.probability import CONFLICTS, FEATURES, probabilities
from audit.config import AlignConfig
from audit.ingest.settings import load_config


def fit(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float, dropped: set[int] = frozenset()
) -> np.ndarray:
    """Bias and weights of a weighted, L2-penalised logistic regression in which a conflict
    (NONPOSITIVE) never raises the probability: such a weight that comes out positive is fixed
    at 0 and the rest refitted."""
    fixed: set[int] = set(dropped)
    while True:
        active = [i for i in range(x.shape[1]) if i not in fixed]
        beta = np.zeros(x.shape[1] + 1)
        beta[[0, *(i + 1 for i in active)]] = _newton(x[:, active], y, weight, l2)
        wrong = {i for i in NONPOSITIVE if i < x.shape[1] and beta[i + 1] > 0}
        if not wrong:
            return beta
        fixed |= wrong


# Never evidence for the same claim: the conflicts, a difference in length and a number one side
# lacks. (Left free, the length difference came out +0.50 against its own MSRP AUC of 0.41, and
# gave the bundled story 17 hints at 0.6, where round 2 gives none: BENCHMARKS.md.)
NONPOSITIVE = [FEATURES.index(name) for name in (*CONFLICTS, "length_difference", "number_lacks")]


def _newton(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    design = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (weight * (p - y)) + penalty * beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def predict(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(beta[0] + x @ beta[1:])))


def weights_for(n_labels: int, n_msrp: int, share: float) -> np.ndarray:
    label_weight = share * n_msrp / max(n_labels, 1)
    return np.r_[np.full(n_labels, label_weight), np.ones(n_msrp)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("msrp", type=Path)
    parser.add_argument("--label-share", type=float, default=1.0)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--drop", nargs="*", default=[], help="features left out (weight 0)")
    parser.add_argument("--config", type=Path, default=None, help="a TOML file's [align]")
    parser.add_argument("--fit-on", choices=("tune", "all"), default="tune")
    parser.add_argument("--fresh", type=Path, nargs="*", default=[], help="blind labels, unseen")
    args = parser.parse_args()
    dropped = {FEATURES.index(name) for name in args.drop}
    config = AlignConfig() if args.config is None else load_config(args.config).align
    rows = read_labels(args.labels)
    x_labels = label_features(rows, config)
    y_labels = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    msrp_y, first, second = read_msrp(args.msrp)
    x_msrp = score_text_pairs(first, second, config).features
    tune = half == 0 if args.fit_on == "tune" else half >= 0
    x = np.vstack([x_labels[tune], x_msrp])
    y = np.r_[y_labels[tune], msrp_y].astype(float)
    w = weights_for(int(tune.sum()), len(msrp_y), args.label_share)
    beta = fit(x, y, w, args.l2, dropped)
    print("coefficients (bias, " + ", ".join(FEATURES) + "):")
    print("(" + ", ".join(f"{b:.3f}" for b in beta) + ")")
    fitted = dataclasses.replace(config, claim_coefficients=tuple(beta.tolist()))
    p_labels = probabilities(x_labels, fitted)
    p_msrp = predict(beta, x_msrp)
    print("| threshold | tune P / R | held-out P / R | MSRP train accuracy (in-sample) |")
    print("|---|---|---|---|")
    for t in np.round(np.arange(0.3, 0.95, 0.05), 2):
        tp, tr = precision_recall(y_labels[tune], p_labels[tune] >= t)
        hp, hr = precision_recall(y_labels[~tune], p_labels[~tune] >= t)
        acc = np.mean((p_msrp >= t) == (msrp_y == 1))
        print(f"| {t:.2f} | {tp:.2f} / {tr:.2f} | {hp:.2f} / {hr:.2f} | {acc:.3f} |")
    threshold = config.claim_probability_threshold if args.threshold is None else args.threshold
    if args.fresh:
        _report_fresh(args.fresh, config, fitted)
    folds = np.arange(len(msrp_y)) % 10
    correct = 0
    for fold in range(10):
        train = folds != fold
        xf = np.vstack([x_labels[tune], x_msrp[train]])
        yf = np.r_[y_labels[tune], msrp_y[train]].astype(float)
        wf = weights_for(int(tune.sum()), int(train.sum()), args.label_share)
        bf = fit(xf, yf, wf, args.l2, dropped)
        correct += int(np.sum((predict(bf, x_msrp[~train]) >= threshold) == (msrp_y[~train] == 1)))
    print(f"MSRP train, 10-fold cross-validated accuracy at {threshold}: "
          f"{correct / len(msrp_y):.3f}")  # fmt: skip


def _report_fresh(paths: list[Path], config: AlignConfig, fitted: AlignConfig) -> None:
    """Precision/recall on fresh blind labels, by the shipped coefficients and by the fit."""
    rows = [row for path in paths for row in read_labels(path)]
    x_fresh = label_features(rows, config)
    y_fresh = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    print(f"\nfresh blind labels: {len(rows)} pairs, {y_fresh.sum()} same "
          f"(half A {np.sum(half == 0)}, half B {np.sum(half == 1)})")  # fmt: skip
    print("| threshold | shipped: all P / R | fit: all P / R | fit: half A | fit: half B |")
    print("|---|---|---|---|---|")
    shipped, refit = probabilities(x_fresh, config), probabilities(x_fresh, fitted)
    for t in np.round(np.arange(0.3, 0.95, 0.05), 2):
        cells = [precision_recall(y_fresh, shipped >= t), precision_recall(y_fresh, refit >= t)]
        cells += [precision_recall(y_fresh[half == h], refit[half == h] >= t) for h in (0, 1)]
        print(f"| {t:.2f} | " + " | ".join(f"{p:.2f} / {r:.2f}" for p, r in cells) + " |")
    for name, p in (("shipped", shipped), ("fit", refit)):
        print(f"AUC on the fresh labels, {name}: {_auc(y_fresh, p):.3f}")


def _auc(y: np.ndarray, score: np.ndarray) -> float:
    """The probability that a random positive scores above a random negative (ties: half)."""
    pos, neg = score[y], score[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(above / (len(pos) * len(neg)))


if __name__ == "__main__":
    main()
