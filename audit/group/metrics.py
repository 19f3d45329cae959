"""Clustering quality against gold labels: B-cubed precision, recall and F1 (Bagga & Baldwin
1998, averaged over items) and the adjusted Rand index (Hubert & Arabie 1985)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _checked(predicted: Mapping[str, str], gold: Mapping[str, str]) -> list[str]:
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings must cover the same items")
    return sorted(gold)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """Item -> cluster maps in, each item's share of its predicted cluster that is in its gold
    cluster (precision) and of its gold cluster found in its predicted one (recall), averaged."""
    items = _checked(predicted, gold)
    if not items:
        return BCubed(1.0, 1.0, 1.0)
    both = Counter((predicted[i], gold[i]) for i in items)
    size_p = Counter(predicted[i] for i in items)
    size_g = Counter(gold[i] for i in items)
    precision = sum(both[predicted[i], gold[i]] / size_p[predicted[i]] for i in items)
    recall = sum(both[predicted[i], gold[i]] / size_g[gold[i]] for i in items)
    p, r = precision / len(items), recall / len(items)
    return BCubed(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def adjusted_rand(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Rand index corrected for chance: 1 for identical clusterings, about 0 for random ones."""
    items = _checked(predicted, gold)
    both = sum(_pairs(n) for n in Counter((predicted[i], gold[i]) for i in items).values())
    in_p = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    in_g = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    total = _pairs(len(items))
    expected = in_p * in_g / total if total else 0.0
    best = (in_p + in_g) / 2
    if best == expected:
        return 1.0  # both clusterings trivial (all singletons or all one) and equal in form
    return (both - expected) / (best - expected)
