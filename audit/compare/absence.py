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

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.scorer import PassageSet, passage_set, score_pairs, term_vectors
from audit.align.terms import corpus_terms
from audit.config import AlignConfig
from audit.ingest.segment import sentence_spans
from audit.model import Paragraph
from audit.text.normalize import Token, tokens


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


def article_vectors(
    passages: Sequence[ArticlePassage],
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PassageSet:
    """The term vectors of `passages` (from `article_passages(paragraphs)`), equal to
    `passage_set([p.text for p in passages], config)` but with each paragraph tokenised once:
    a sentence takes its paragraph's tokens (`words`, para_id -> `tokens(p.text, p.start)`,
    made here where missing), unless a token straddles one of its ends. Build it once per story
    and give it to every `nearest_passages` over those passages."""
    words = words or {}
    by_id = {p.para_id: p for p in paragraphs}
    cut: dict[str, tuple[Sequence[Token], list[int]]] = {}
    found: list[Sequence[Token]] = []
    for passage in passages:
        if passage.para_id not in cut:
            para = by_id[passage.para_id]
            whole = words.get(para.para_id) or tokens(para.text, para.start)
            cut[passage.para_id] = (whole, [t.start for t in whole])
        whole, starts = cut[passage.para_id]
        found.append(_tokens_within(whole, starts, passage))
    raw = corpus_terms([p.text for p in passages], [p.start for p in passages], words=found)
    return term_vectors(raw, config)


def shared_vectors(
    passages: Sequence[ArticlePassage],
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> Callable[[], PassageSet]:
    """`article_vectors` of the passages, made on the first call only."""
    made: list[PassageSet] = []

    def vectors() -> PassageSet:
        if not made:
            made.append(article_vectors(passages, paragraphs, config, words=words))
        return made[0]

    return vectors


def _tokens_within(
    whole: Sequence[Token], starts: list[int], passage: ArticlePassage
) -> Sequence[Token]:
    """`tokens(passage.text, passage.start)`, read off the tokens of its paragraph: the same
    words, since a word pattern match does not depend on text outside it, unless a token of the
    paragraph crosses the passage's start or end (then the passage is tokenised by itself)."""
    low = bisect_left(starts, passage.start)
    high = bisect_left(starts, passage.end, lo=low)
    before = whole[low - 1] if low > 0 else None
    last = whole[high - 1] if high > low else None
    if (before is not None and before.end > passage.start) or (
        last is not None and last.end > passage.end
    ):
        return tokens(passage.text, passage.start)
    return whole[low:high]


def nearest_passages(
    texts: Sequence[str],
    queries: Sequence[Query],
    config: AlignConfig,
    *,
    min_cosine: float = 0.0,
    vectors: Callable[[], PassageSet] | None = None,
) -> tuple[Nearest, ...]:
    """For each query, the best-scored (claim, candidate) pair among its claims and candidates,
    and the containment signals (`Nearest`).

    IDF is counted over all of `texts` (give the story's passages, so that weights are those of
    the story). Queries with the same candidates (one source's passages) are scored together:
    each (claim, candidate) pair once, however many queries share it. Pairs sharing no weighted
    term score 0 without being scored (the scorer gives them 0 too). Ties go to the first
    claim, then the first candidate. `vectors`, when given, makes `passage_set(texts, config)`
    (once, for several calls: `shared_vectors`), called only when there is something to score."""
    if not queries:
        return ()
    vectors = passage_set(texts, config) if vectors is None else vectors()
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
