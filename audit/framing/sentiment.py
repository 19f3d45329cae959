"""The vaderSentiment adapter: VADER's polarity scores of a passage, and VADER's own lexicon of
word valences (Hutto and Gilbert 2014, MIT licence, shipped inside the vaderSentiment package).

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
from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from audit.model import Sentiment

# VADER's word valences are rated on -4..4; divided by this they are on the one [-1, 1] scale.
VALENCE_SCALE = 4.0
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


@cache
def word_valences() -> Mapping[str, float]:
    """VADER's lexicon, lowercase word -> valence in [-1, 1] (its -4..4 rating / 4), read-only.
    Loaded once per process with the analyser."""
    lexicon = _analyzer().lexicon
    return MappingProxyType({w: v / VALENCE_SCALE for w, v in lexicon.items()})


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
