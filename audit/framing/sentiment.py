"""The vaderSentiment adapter: VADER's polarity scores of a passage."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from audit.model import Sentiment


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
