"""One calibrated same-claim probability from the signals of a pair of claims.

A logistic regression over the semantic cosine (`embedding`), the lexical evidence
(`scorer.Signals`: the lexical score, term and phrase cosines, rapidfuzz ratio, shared names
and numbers), the disagreements (numbers, dates, names, kinds of occasion) and the word n-gram
overlaps (`ngrams.OVERLAPS`, weight 0 by default). Its coefficients are
`AlignConfig.claim_coefficients`, and `title_coefficients` for a pair with a headline on one
side (`title`), fitted offline by `bench/fit_claim_model.py` on the data named there. Every
pair also gets its explanation: the signals that carried it (largest positive contributions to
the log-odds) and the conflicts found.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from audit.align.ngrams import OVERLAPS
from audit.align.scorer import Signals
from audit.config import AlignConfig

# The features, in the order of `AlignConfig.claim_coefficients[1:]` (the first is the bias).
FEATURES = (
    "semantic", "lexical", "terms", "phrases", "fuzzy", "shared_names",
    "shared_numbers", "number_conflict", "date_conflict", "name_conflict", "occasion_conflict",
    "title", "title_semantic", *OVERLAPS,
)  # fmt: skip
CONFLICTS = ("number_conflict", "date_conflict", "name_conflict", "occasion_conflict")
_TITLE = FEATURES.index("title")


def feature_matrix(signals: Signals, semantic: np.ndarray, title: np.ndarray) -> np.ndarray:
    """Pairs x FEATURES. Counts of shared names and numbers enter as log(1 + n); `title` marks
    the pairs with a headline on one side (a headline against a headline or a lede: short, and
    worded unlike body text, so its signals weigh differently), also times the cosine.

    There is no "cosine above the story's topic level" feature: the first claim aligner had one,
    and within one story (where every sentence is on the topic) it took the links away (1 link
    on the bundled story where the lexical aligner has 18)."""
    semantic = np.asarray(semantic, dtype=np.float64)
    return np.column_stack(
        [
            semantic,
            signals.score,
            signals.cosine,
            signals.phrase,
            signals.fuzzy,
            np.log1p(signals.shared_names),
            np.log1p(signals.shared_numbers),
            signals.number_conflict,
            signals.date_conflict,
            signals.name_conflict,
            signals.event_conflict,
            np.asarray(title, dtype=np.float64),
            np.asarray(title, dtype=np.float64) * semantic,
            signals.overlaps.reshape(-1, len(OVERLAPS)),
        ]
    ).reshape(-1, len(FEATURES))


def coefficients(config: AlignConfig, *, title: bool = False) -> tuple[float, np.ndarray]:
    """Bias and one weight per FEATURES entry of the content model (`claim_coefficients`) or,
    with `title`, of the headline model (`title_coefficients`: every feature before OVERLAPS,
    which weigh 0 there: the word n-grams of a headline say little, BENCHMARKS.md)."""
    name = "title_coefficients" if title else "claim_coefficients"
    values = getattr(config, name)
    names = FEATURES[: len(FEATURES) - len(OVERLAPS)] if title else FEATURES
    if len(values) != len(names) + 1:
        raise ValueError(f"align.{name} needs {len(names) + 1} values (bias, {', '.join(names)})")
    weights = np.zeros(len(FEATURES), dtype=np.float64)
    weights[: len(names)] = values[1:]
    return values[0], weights


def _row_coefficients(features: np.ndarray, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """Bias and weights of each row of `features`: the headline model where `title` is on."""
    headline = features[:, _TITLE] > 0.0
    (bias, weights), (title_bias, title_weights) = (
        coefficients(config),
        coefficients(config, title=True),
    )
    return (
        np.where(headline, title_bias, bias),
        np.where(headline[:, None], title_weights, weights),
    )


def probabilities(features: np.ndarray, config: AlignConfig) -> np.ndarray:
    """The same-claim probability of each row of `features`, in [0, 1]."""
    features = features.reshape(-1, len(FEATURES))
    bias, weights = _row_coefficients(features, config)
    return 1.0 / (1.0 + np.exp(-(bias + np.einsum("ij,ij->i", features, weights))))


def carried_by(row: np.ndarray, config: AlignConfig, limit: int = 3) -> tuple[str, ...]:
    """The signals that carried a pair: the features with the largest positive contributions to
    its log-odds, as "name=value"."""
    _, weights = coefficients(config, title=bool(row[_TITLE] > 0.0))
    contributions = row * weights
    order = [i for i in np.argsort(-contributions, kind="stable") if contributions[i] > 0]
    return tuple(f"{FEATURES[i]}={row[i]:.2f}" for i in order[:limit])


def conflicts_found(row: np.ndarray) -> tuple[str, ...]:
    """The kinds of specifics the two claims disagree on."""
    return tuple(
        name.removesuffix("_conflict") for name in CONFLICTS if row[FEATURES.index(name)] > 0.0
    )


def explain_rows(
    features: np.ndarray, picked: Sequence[int], config: AlignConfig, limit: int = 3
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(`carried_by`, `conflicts_found`) of each row `picked` of `features`, with one sort of
    all of them (thousands of links: one `argsort` per link was most of their explanation)."""
    if len(picked) == 0:
        return []
    rows = features[np.asarray(picked, dtype=np.int64)]
    contributions = rows * _row_coefficients(rows, config)[1]
    orders = np.argsort(-contributions, axis=1, kind="stable").tolist()
    positive = (contributions > 0).tolist()
    conflict_at = [(FEATURES.index(name), name.removesuffix("_conflict")) for name in CONFLICTS]
    explained = []
    for row, order, carried in zip(rows.tolist(), orders, positive, strict=True):
        signals = [f"{FEATURES[i]}={row[i]:.2f}" for i in order if carried[i]][:limit]
        conflicts = tuple(name for i, name in conflict_at if row[i] > 0.0)
        explained.append((tuple(signals), conflicts))
    return explained
