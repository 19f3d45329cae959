"""Same-claim signals and probabilities of free-standing text pairs (not a story's claims):
for the library API (`claim_probability`), the benches and the label tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.align.embedding import embed
from audit.align.probability import feature_matrix, probabilities
from audit.align.scorer import Signals, pair_signals, passage_set
from audit.config import AlignConfig


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    signals: Signals
    features: np.ndarray  # pairs x probability.FEATURES
    probability: np.ndarray


def score_text_pairs(
    first: Sequence[str],
    second: Sequence[str],
    config: AlignConfig,
    *,
    corpus: Sequence[str] = (),
    titles: Sequence[bool] | None = None,
) -> ScoredPairs:
    """Signals and probability of each pair (first[k], second[k]). Term weights take their IDF
    over every text given (`first`, `second` and `corpus`), as a story's claims take it over the
    story's claims. `titles[k]`: pair k has a headline on one side."""
    n = len(first)
    texts = [*first, *second, *corpus]
    passages = passage_set(texts, config, ngrams=True)  # the benches fit their weights on them
    rows, cols = np.arange(n), np.arange(n, 2 * n)
    signals = pair_signals(passages, rows, cols, config)
    vectors = embed(texts[: 2 * n]) if n else np.zeros((0, 1), dtype=np.float32)  # corpus: IDF only
    semantic = np.clip(np.einsum("ij,ij->i", vectors[:n], vectors[n : 2 * n]), 0.0, 1.0)
    title = np.zeros(n, dtype=bool) if titles is None else np.asarray(titles, dtype=bool)
    features = feature_matrix(signals, semantic, title)
    return ScoredPairs(signals, features, probabilities(features, config))


def claim_probability(
    a: str, b: str, *, config: AlignConfig | None = None, corpus: Sequence[str] = ()
) -> float:
    """The calibrated probability that passages `a` and `b` report the same claim (symmetric
    up to rounding). `corpus` (e.g. the story's other sentences) gives term weights their IDF."""
    config = config or AlignConfig()
    return float(score_text_pairs([a], [b], config, corpus=corpus).probability[0])


def same_claim(
    a: str, b: str, *, config: AlignConfig | None = None, corpus: Sequence[str] = ()
) -> bool:
    """Whether `a` and `b` report the same claim: their probability reaches
    `config.claim_probability_threshold`."""
    config = config or AlignConfig()
    return (
        claim_probability(a, b, config=config, corpus=corpus) >= config.claim_probability_threshold
    )
