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
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from audit.align.scorer import passage_set, score_pairs
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
    texts: Sequence[str], queries: Sequence[Query], config: AlignConfig
) -> tuple[Nearest, ...]:
    """For each query, the best-scored (claim, candidate) pair among its claims and candidates.

    IDF is counted over all of `texts` (give the story's passages, so that weights are those of
    the story). Pairs sharing no weighted term score 0 without being scored (the scorer gives
    them 0 too). Ties go to the first claim, then the first candidate."""
    if not queries:
        return ()
    vectors = passage_set(texts, config)
    pair_rows, pair_cols, owner, contained, spreads = [], [], [], [], []
    for number, query in enumerate(queries):
        if not query.claims or not query.candidates:
            continue
        claims = np.array(query.claims, dtype=np.int64)
        candidates = np.array(query.candidates, dtype=np.int64)
        cosine = sparse.coo_matrix(vectors.vectors[claims] @ vectors.vectors[candidates].T)
        keep = cosine.data > 0
        squared = vectors.vectors[claims].multiply(vectors.vectors[claims])
        present = (vectors.vectors[candidates] > 0).astype(np.float64)
        share = sparse.coo_matrix(squared @ present.T).toarray() if keep.any() else None
        anywhere = (np.asarray(present.sum(axis=0)).ravel() > 0).astype(np.float64)
        spreads.append(float(np.max(squared @ anywhere)) if keep.any() else 0.0)
        contained.append(share)
        pair_rows.append(claims[cosine.row[keep]])
        pair_cols.append(candidates[cosine.col[keep]])
        owner.append(np.full(int(keep.sum()), number, dtype=np.int64))
    if pair_rows:
        rows, cols, owners = map(np.concatenate, (pair_rows, pair_cols, owner))
    else:
        rows = cols = owners = np.zeros(0, dtype=np.int64)
    scores = score_pairs(vectors, rows, cols, config)
    shares, spread_of = iter(contained), iter(spreads)
    found = []
    for number, query in enumerate(queries):
        best = _best(query, number, rows, cols, owners, scores)
        share = next(shares) if query.claims and query.candidates else None
        spread = next(spread_of) if query.claims and query.candidates else 0.0
        best = replace(best, spread=spread)
        if share is not None and share.size:
            i, j = np.unravel_index(int(np.argmax(share)), share.shape)
            best = replace(
                best,
                containment=float(share[i, j]),
                contained_claim=query.claims[int(i)],
                contained_candidate=query.candidates[int(j)],
            )
        found.append(best)
    return tuple(found)


def _best(
    query: Query,
    number: int,
    rows: np.ndarray,
    cols: np.ndarray,
    owners: np.ndarray,
    scores: np.ndarray,
) -> Nearest:
    if not query.claims or not query.candidates:
        return Nearest(-1, -1, 0.0)
    mine = np.flatnonzero(owners == number)
    if mine.size == 0:  # nothing shared: the first pair stands for all, at 0
        return Nearest(query.claims[0], query.candidates[0], 0.0)
    claim_rank = {c: i for i, c in enumerate(query.claims)}
    cand_rank = {c: i for i, c in enumerate(query.candidates)}
    best = min(
        mine,
        key=lambda k: (-scores[k], claim_rank[int(rows[k])], cand_rank[int(cols[k])]),
    )
    return Nearest(int(rows[best]), int(cols[best]), float(scores[best]))
