"""The vaderSentiment adapter: VADER's polarity scores of a passage.

VADER's cost grows with the square of the text's length (each word's negation check rebuilds
the lowered word list: 12.6 s at 200 KB), so a long text is scored in chunks of whole sentences
and the chunks combined (`combined`): VADER's compound is `s / sqrt(s^2 + 15)` of the summed
valences `s`, so the chunks' sums are recovered from their compounds and added, which is VADER's
own score of the whole but for rules that reach across a chunk boundary (negation looks back
three words; the "but" rule reweights the words before and after the first "but" of the text)
and the final "!" boost.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from audit.model import Sentiment

# VADER's normalisation constant (vaderSentiment.normalize's alpha).
_ALPHA = 15.0
# A compound of exactly +-1 (after VADER's rounding to 4 places) has no finite sum: use the
# largest one a 4-decimal compound can stand for.
_COMPOUND_MAX = 0.99995


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Loading the lexicon takes ~0.1 s; one analyser serves every call (it holds no state).
    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> Sentiment:
    """VADER scores of `text`: compound in [-1, 1], pos/neu/neg shares."""
    scores = _analyzer().polarity_scores(text)
    return Sentiment(
        compound=scores["compound"], pos=scores["pos"], neu=scores["neu"], neg=scores["neg"]
    )


def combined(parts: Sequence[Sentiment], weights: Sequence[float]) -> Sentiment:
    """The sentiment of a text from its chunks' (`weights`: each chunk's word count): compound
    from the sum of the chunks' valence sums, shares as word-weighted means."""
    total = sum(weights) or 1.0
    valence = sum(_valence(part.compound) for part in parts)
    compound = valence / math.sqrt(valence * valence + _ALPHA)
    return Sentiment(
        compound=round(compound, 4),
        pos=round(sum(p.pos * w for p, w in zip(parts, weights, strict=True)) / total, 3),
        neu=round(sum(p.neu * w for p, w in zip(parts, weights, strict=True)) / total, 3),
        neg=round(sum(p.neg * w for p, w in zip(parts, weights, strict=True)) / total, 3),
    )


def _valence(compound: float) -> float:
    """The summed valence VADER normalised to `compound` (the inverse of its normalisation)."""
    c = max(-_COMPOUND_MAX, min(_COMPOUND_MAX, compound))
    return c * math.sqrt(_ALPHA / (1.0 - c * c))
