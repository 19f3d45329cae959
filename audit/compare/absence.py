"""Evidence of absence: the passage of a source that comes nearest to carrying a claim.

A source "leaves out" a claim only when none of its passages carries it. The passages searched
are every sentence of every paragraph of the source's articles (headings and flagged paragraphs
too: a claim stated in a headline is not left out), and each whole paragraph of more than one
sentence (a claim split over two sentences). The score is the same-claim score of the alignment
(`audit.align.scorer.score_pairs`), with term weights (IDF) counted over every passage given.

`nearest_passages` is the one place that scores claims against candidates: a calibrated
same-claim probability can replace the scorer here without touching the callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.scorer import PassageSet, passage_set, score_pairs
from audit.config import AlignConfig
from audit.ingest.segment import sentence_spans
from audit.model import Paragraph


@dataclass(frozen=True, slots=True)
class ArticlePassage:
    """A sentence, or a whole paragraph, of an article: `article.text[start:end] == text`."""

    para_id: str
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Query:
    """Which claims to look for among which candidates (indices into the passages given)."""

    claims: tuple[int, ...]
    candidates: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Nearest:
    """The candidate that comes nearest to carrying one of a query's claims, and its score
    (`candidate` and `claim` are -1, `score` 0.0, when there is no candidate at all)."""

    claim: int
    candidate: int
    score: float
    # The asymmetric signal: the largest share of a claim's term weight (squared IDF x kind
    # weights, as in the scorer's vectors) that one candidate contains, and that candidate.
    containment: float = 0.0
    contained_claim: int = -1
    contained_candidate: int = -1
    # The same share over all candidates together (a term anywhere in the source counts).
    spread: float = 0.0


def article_passages(paragraphs: Sequence[Paragraph]) -> tuple[ArticlePassage, ...]:
    """Every sentence of every paragraph (whatever its kind), then each whole paragraph of more
    than one sentence, in reading order."""
    found: list[ArticlePassage] = []
    for para in paragraphs:
        spans = para.sentences or sentence_spans(para.text, offset=para.start)
        for span in spans:
            text = para.text[span.start - para.start : span.end - para.start]
            found.append(ArticlePassage(para.para_id, para.article_id, span.start, span.end, text))
        if len(spans) > 1:
            found.append(
                ArticlePassage(para.para_id, para.article_id, para.start, para.end, para.text)
            )
    return tuple(found)


def nearest_passages(
    texts: Sequence[str],
    queries: Sequence[Query],
    config: AlignConfig,
    *,
    min_cosine: float = 0.0,
) -> tuple[Nearest, ...]:
    """For each query, the best-scored (claim, candidate) pair among its claims and candidates,
    and the containment signals (`Nearest`).

    IDF is counted over all of `texts` (give the story's passages, so that weights are those of
    the story). Queries with the same candidates (one source's passages) are scored together:
    each (claim, candidate) pair once, however many queries share it. Pairs sharing no weighted
    term score 0 without being scored (the scorer gives them 0 too). Ties go to the first
    claim, then the first candidate."""
    if not queries:
        return ()
    vectors = passage_set(texts, config)
    groups: dict[tuple[int, ...], list[int]] = {}
    for number, query in enumerate(queries):
        if query.claims and query.candidates:
            groups.setdefault(query.candidates, []).append(number)
    found = [Nearest(-1, -1, 0.0)] * len(queries)
    for candidates, numbers in groups.items():
        claims = sorted({c for n in numbers for c in queries[n].claims})
        table = _scored(vectors, np.array(claims), np.array(candidates), config, min_cosine)
        row_of = {c: i for i, c in enumerate(claims)}
        for number in numbers:
            found[number] = _nearest(queries[number], row_of, candidates, table)
    return tuple(found)


def _scored(
    vectors: PassageSet,
    claims: np.ndarray,
    candidates: np.ndarray,
    config: AlignConfig,
    min_cosine: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense claims x candidates tables: same-claim scores, the share of each claim's term
    weight each candidate holds, and the share all candidates together hold (per claim)."""
    cosine = sparse.coo_matrix(vectors.vectors[claims] @ vectors.vectors[candidates].T)
    keep = (cosine.data > 0) & (cosine.data >= min_cosine)
    rows, cols = cosine.row[keep], cosine.col[keep]
    scores = np.zeros((claims.size, candidates.size))
    scores[rows, cols] = score_pairs(vectors, claims[rows], candidates[cols], config)
    squared = vectors.vectors[claims].multiply(vectors.vectors[claims]).tocsr()
    present = (vectors.vectors[candidates] > 0).astype(np.float64)
    share = np.asarray((squared @ present.T).todense())
    anywhere = (np.asarray(present.sum(axis=0)).ravel() > 0).astype(np.float64)
    spread = np.asarray(squared @ anywhere).ravel()
    return scores, share, spread


def _nearest(
    query: Query,
    row_of: dict[int, int],
    candidates: tuple[int, ...],
    table: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> Nearest:
    scores, share, spread = table
    rows = [row_of[c] for c in query.claims]
    sub = scores[rows]
    i, j = np.unravel_index(int(np.argmax(sub)), sub.shape)  # first maximum: ties in order
    contained = share[rows]
    ci, cj = np.unravel_index(int(np.argmax(contained)), contained.shape)
    return Nearest(
        claim=query.claims[int(i)],
        candidate=candidates[int(j)],
        score=float(sub[i, j]),
        containment=float(contained[ci, cj]),
        contained_claim=query.claims[int(ci)],
        contained_candidate=candidates[int(cj)],
        spread=float(np.max(spread[rows])),
    )


def pair_scores(
    texts: Sequence[str], pairs: Sequence[tuple[int, int]], config: AlignConfig | None = None
) -> dict[tuple[int, int], float]:
    """The same-claim score of each pair (i, j) of `texts` (term weights over all of them), in
    one scoring call."""
    config = config or AlignConfig()
    unique = sorted(set(pairs))
    if not unique:
        return {}
    vectors = passage_set(texts, config)
    rows = np.array([i for i, _ in unique], dtype=np.int64)
    cols = np.array([j for _, j in unique], dtype=np.int64)
    scores = score_pairs(vectors, rows, cols, config)
    return {pair: float(score) for pair, score in zip(unique, scores, strict=True)}
