"""A bias score for every sentence of the content paragraphs: the noisy-OR of the bias scores
of its words, `1 - prod(1 - score)`, in [0, 1].

The word scores are the ones the framing stage computed (`ArticleFraming.scored`, every scored
occurrence, flagged or not); nothing is rescored here. A word belongs to the sentence its first
character falls in. This is the score `bench/bias_sentences.py` and
tests/framing/test_sentence_bias.py measure against the blind sentence ratings (AUC 0.696 tune /
0.786 held out, BENCHMARKS.md "bias in sentences"), through the same `noisy_or`. Each sentence
carries the words that set its score (offsets, score, the lexicon entries that fired).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from audit.framing.bias import BiasWord
from audit.ingest.segment import sentence_spans
from audit.model import Paragraph
from audit.text.normalize import word_starts

SENTENCE_COLUMNS = (
    "story_id", "article_id", "source", "para_id", "sentence", "start", "end", "bias_score",
    "n_words", "n_scored", "evidence", "text",
)  # fmt: skip
SHOWN = 3  # evidence words per sentence, the strongest first: they carry most of the score


@dataclass(frozen=True, slots=True)
class SentenceBias:
    """One sentence: `start`/`end` offsets into its article, its `score`, its word count and
    the scored words in it with a score above 0, strongest first."""

    article_id: str
    para_id: str
    index: int  # of the sentence in its paragraph, from 0
    start: int
    end: int
    text: str
    score: float
    n_words: int
    words: tuple[BiasWord, ...]


def noisy_or(scores: Iterable[float]) -> float:
    """`1 - prod(1 - s)`: the chance at least one word is biased if each is so independently."""
    return 1.0 - math.prod(1.0 - s for s in scores)


def sentence_biases(
    paragraphs: Sequence[Paragraph], scored: Sequence[BiasWord]
) -> tuple[SentenceBias, ...]:
    """Every sentence of the content paragraphs of one article (`paragraphs` in text order),
    scored from that article's word scores `scored`."""
    ordered = sorted(scored, key=lambda w: (w.start, w.end))
    starts = [w.start for w in ordered]
    found = []
    for p in paragraphs:
        if not p.is_content:
            continue
        begins = word_starts(p.text, p.start)  # for the words per sentence
        spans = p.sentences or sentence_spans(p.text, offset=p.start)
        for index, span in enumerate(spans):
            inside = ordered[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
            n_words = bisect_left(begins, span.end) - bisect_left(begins, span.start)
            found.append(
                SentenceBias(
                    p.article_id,
                    p.para_id,
                    index,
                    span.start,
                    span.end,
                    p.text[span.start - p.start : span.end - p.start],
                    round(noisy_or(w.score for w in inside), 4),
                    n_words,
                    tuple(sorted((w for w in inside if w.score > 0), key=_strongest)),
                )
            )
    return tuple(found)


def _strongest(w: BiasWord) -> tuple[float, int, int]:
    return (-w.score, w.start, w.end)


def sentence_rows(
    sentences: Sequence[SentenceBias], source_of: Mapping[str, str], story_id: str
) -> tuple[dict[str, object], ...]:
    """Rows of `sentences.csv` in SENTENCE_COLUMNS order; `evidence` lists the strongest words
    as `start-end word score [reason]`, " | "-separated (a reason holds "; " itself)."""
    return tuple(
        {
            "story_id": story_id,
            "article_id": s.article_id,
            "source": source_of.get(s.article_id, ""),
            "para_id": s.para_id,
            "sentence": s.index,
            "start": s.start,
            "end": s.end,
            "bias_score": s.score,
            "n_words": s.n_words,
            "n_scored": len(s.words),
            "evidence": " | ".join(
                f"{w.start}-{w.end} {w.text} {w.score:.2f} [{w.reason}]" for w in s.words[:SHOWN]
            ),
            "text": s.text,
        }
        for s in sentences
    )
