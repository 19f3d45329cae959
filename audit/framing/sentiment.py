"""The vaderSentiment adapter: VADER's polarity scores of a passage, and VADER's own lexicon of
word valences (Hutto and Gilbert 2014, MIT licence, shipped inside the vaderSentiment package)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from audit.model import Sentiment

# VADER's word valences are rated on -4..4; divided by this they are on the one [-1, 1] scale.
VALENCE_SCALE = 4.0


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
