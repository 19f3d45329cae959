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
from audit.model import Paragraph, pickled_by_fields
from audit.text.normalize import Token, tokens


@pickled_by_fields
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
    of_object: dict[int, list[int]] = {}  # a long tuple is hashed once, not once per query
    for number, query in enumerate(queries):
        if query.claims and query.candidates:
            numbers = of_object.get(id(query.candidates))
            if numbers is None:
                numbers = of_object[id(query.candidates)] = groups.setdefault(query.candidates, [])
            numbers.append(number)
    copies = _first_copies(texts)
    plans = [
        _plan(vectors, copies, queries, numbers, candidates, min_cosine)
        for candidates, numbers in groups.items()
    ]
    keys = [plan.keys for plan in plans]
    unique, inverse = np.unique(np.concatenate(keys) if keys else np.zeros(0, np.int64),
                                return_inverse=True)  # fmt: skip
    scored = _unique_scores(vectors, unique, len(texts), config)
    found = [Nearest(-1, -1, 0.0)] * len(queries)
    at = 0
    for plan in plans:
        pair_scores_of = scored[inverse[at : at + plan.keys.size]]
        at += plan.keys.size
        for number, near in _group_nearest(vectors, plan, pair_scores_of, queries):
            found[number] = near
    return tuple(found)


# Pairs scored per call of the scorer: bounds the rows it gathers per pair (~1 KB each).
_SCORE_CHUNK = 200_000


@dataclass(frozen=True, slots=True)
class _Plan:
    """One group of queries (same candidates), in terms of distinct passage texts: a passage
    repeated word for word (a reprint) has the same vectors, hence the same scores, so each
    distinct text is scored once. `claim_rows`/`candidate_rows` are the first copies of the
    group's claims/candidates; `claim_at[k]`/`candidate_at[k]` the row of claim/candidate k
    among them; `keys` the pairs (claim row x candidate row) to score, as `row * n + col`."""

    numbers: list[int]
    claims: list[int]
    candidates: tuple[int, ...]
    claim_rows: np.ndarray
    claim_at: np.ndarray
    candidate_rows: np.ndarray
    candidate_at: np.ndarray
    pair_rows: np.ndarray  # into claim_rows
    pair_cols: np.ndarray  # into candidate_rows
    keys: np.ndarray


def _first_copies(texts: Sequence[str]) -> np.ndarray:
    """For each text, the index of its first copy among `texts`."""
    first: dict[str, int] = {}
    return np.array([first.setdefault(text, i) for i, text in enumerate(texts)], dtype=np.int64)


def _plan(
    vectors: PassageSet,
    copies: np.ndarray,
    queries: Sequence[Query],
    numbers: list[int],
    candidates: tuple[int, ...],
    min_cosine: float,
) -> _Plan:
    claims = sorted({c for n in numbers for c in queries[n].claims})
    claim_rows, claim_at = np.unique(copies[np.array(claims)], return_inverse=True)
    candidate_rows, candidate_at = np.unique(copies[np.array(candidates)], return_inverse=True)
    cosine = sparse.coo_matrix(vectors.vectors[claim_rows] @ vectors.vectors[candidate_rows].T)
    keep = (cosine.data > 0) & (cosine.data >= min_cosine)
    rows, cols = cosine.row[keep], cosine.col[keep]
    keys = claim_rows[rows] * len(copies) + candidate_rows[cols]
    return _Plan(numbers, claims, candidates, claim_rows, claim_at, candidate_rows,
                 candidate_at, rows, cols, keys)  # fmt: skip


def _unique_scores(
    vectors: PassageSet, keys: np.ndarray, n: int, config: AlignConfig
) -> np.ndarray:
    """Same-claim scores of the pairs `keys` (`row * n + col`, sorted), a chunk at a time: one
    scorer call for many groups instead of one per group (the scorer's phrase products cost per
    call, whatever the number of pairs)."""
    scores = np.zeros(keys.size, dtype=np.float64)
    for low in range(0, keys.size, _SCORE_CHUNK):
        chunk = keys[low : low + _SCORE_CHUNK]
        scores[low : low + chunk.size] = score_pairs(vectors, chunk // n, chunk % n, config)
    return scores


def _group_nearest(
    vectors: PassageSet, plan: _Plan, pair_scores_of: np.ndarray, queries: Sequence[Query]
) -> list[tuple[int, Nearest]]:
    """`Nearest` of each query of one group. Per distinct claim, its best candidate (the first
    in candidate order on ties) by score and by contained share, and its spread; a query takes
    the first of its claims with the largest value, as the first maximum of its claims x
    candidates table would."""
    claim_rows, at = plan.claim_rows, plan.candidate_at
    table = np.zeros((claim_rows.size, plan.candidate_rows.size))
    table[plan.pair_rows, plan.pair_cols] = pair_scores_of
    best_score, best_at = _row_best(table[:, at])
    squared = vectors.vectors[claim_rows].multiply(vectors.vectors[claim_rows]).tocsr()
    present = (vectors.vectors[plan.candidate_rows] > 0).astype(np.float64)
    share = np.asarray((squared @ present.T).todense())
    best_share, share_at = _row_best(share[:, at])
    anywhere = (np.asarray(present.sum(axis=0)).ravel() > 0).astype(np.float64)
    spread = np.asarray(squared @ anywhere).ravel().tolist()
    row_of = {c: int(plan.claim_at[i]) for i, c in enumerate(plan.claims)}
    found = []
    made: dict[tuple[int, ...], Nearest] = {}  # queries with the same claims (facts of one
    for number in plan.numbers:  # sentence) have the same answer
        claims = queries[number].claims
        if claims not in made:
            rows = [row_of[c] for c in claims]
            i = max(range(len(rows)), key=lambda k: best_score[rows[k]])  # the first maximum
            ci = max(range(len(rows)), key=lambda k: best_share[rows[k]])
            made[claims] = Nearest(
                claim=claims[i],
                candidate=plan.candidates[best_at[rows[i]]],
                score=best_score[rows[i]],
                containment=best_share[rows[ci]],
                contained_claim=claims[ci],
                contained_candidate=plan.candidates[share_at[rows[ci]]],
                spread=max(spread[r] for r in rows),
            )
        found.append((number, made[claims]))
    return found


def _row_best(table: np.ndarray) -> tuple[list[float], list[int]]:
    """Each row's largest value and the column of its first occurrence."""
    at = np.argmax(table, axis=1) if table.shape[1] else np.zeros(table.shape[0], np.int64)
    values = table[np.arange(table.shape[0]), at] if table.shape[1] else np.zeros(at.size)
    return values.tolist(), at.tolist()
