"""Claims (`claims`) scored against each other: candidates from a sparse product of term
vectors and from embedding neighbours, computed in row blocks; then the signals of each
candidate pair and one calibrated same-claim probability (`probability`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.claims import Claim, allowed_pairs, claim_terms, cut_claims
from audit.align.embedding import embed
from audit.align.probability import feature_matrix, probabilities
from audit.align.scorer import PassageSet, Signals, corpus_terms, pair_signals, term_vectors
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token

# Pairs whose embedding cosines are taken at once (50,000 x 2 x 256 float32 = 100 MB at most).
_PAIR_BLOCK = 50_000

# The name the rest of the package used for what is matched: a claim is the passage now.
Passage = Claim


@dataclass(frozen=True, slots=True)
class ClaimSpace:
    """A story's claims as term vectors and embeddings: what any pair of them is scored from
    (the links, and evidence of absence in `nearest`)."""

    paragraphs: tuple[Paragraph, ...]  # the aligned paragraphs (content and headlines)
    claims: tuple[Claim, ...]
    vectors: PassageSet
    embeddings: np.ndarray  # claims x dimensions, unit length
    article_of: np.ndarray  # article number (input order) of each claim
    background: float  # mean embedding cosine of claims of different articles


@dataclass(frozen=True, slots=True)
class PairScores:
    """Candidate pairs of claims of different articles: row k is claims (rows[k], cols[k]),
    the earlier article first, with its signals, features and probability."""

    space: ClaimSpace
    rows: np.ndarray
    cols: np.ndarray
    signals: Signals
    features: np.ndarray  # pairs x probability.FEATURES
    probability: np.ndarray

    @property
    def passages(self) -> tuple[Claim, ...]:
        return self.space.claims


def claim_space(
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> ClaimSpace:
    """Cut the aligned paragraphs into claims and vectorise them. Each paragraph is read once
    (or not at all: `words` are its tokens by para_id, when the caller has them)."""
    paragraphs = tuple(paragraphs)
    para_terms = corpus_terms(
        [p.text for p in paragraphs],
        [p.start for p in paragraphs],
        words=None
        if words is None
        else [words.get(p.para_id) if p.para_id in words else None for p in paragraphs],
    )
    claims = cut_claims(paragraphs, para_terms, config.min_passage_terms)
    vectors = term_vectors(claim_terms(claims, para_terms), config)
    texts = [_claim_text(paragraphs[c.para], c) for c in claims]
    embeddings = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    codes = {a: i for i, a in enumerate(dict.fromkeys(p.article_id for p in paragraphs))}
    article_of = np.array([codes[paragraphs[c.para].article_id] for c in claims], dtype=np.int64)
    background = story_background(embeddings, article_of, config)
    return ClaimSpace(paragraphs, claims, vectors, embeddings, article_of, background)


def story_background(embeddings: np.ndarray, article_of: np.ndarray, config: AlignConfig) -> float:
    """Mean cosine over all pairs of claims of different articles, in O(claims): the sum of
    all pair products minus those within each article (`semantic_background` when a story
    has too few claims to tell)."""
    if len(embeddings) < config.min_idf_passages or article_of.size == 0:
        return config.semantic_background
    total = embeddings.sum(axis=0, dtype=np.float64)
    within, pairs_within = 0.0, 0
    for article in np.unique(article_of):
        part = embeddings[article_of == article].sum(axis=0, dtype=np.float64)
        within += float(part @ part)
        pairs_within += int(np.sum(article_of == article)) ** 2
    pairs = len(embeddings) ** 2 - pairs_within
    return float((total @ total - within) / pairs) if pairs else config.semantic_background


def _claim_text(para: Paragraph, claim: Claim) -> str:
    return para.text[claim.start - para.start : claim.end - para.start]


def claim_text(space: ClaimSpace, index: int) -> str:
    claim = space.claims[index]
    return _claim_text(space.paragraphs[claim.para], claim)


def score_claim_pairs(
    space: ClaimSpace, rows: np.ndarray, cols: np.ndarray, config: AlignConfig
) -> tuple[Signals, np.ndarray, np.ndarray]:
    """Signals, features and probabilities of the claim pairs (rows[k], cols[k])."""
    signals = pair_signals(space.vectors, rows, cols, config)
    semantic = np.zeros(len(rows), dtype=np.float64)
    for start in range(0, len(rows), _PAIR_BLOCK):  # bounded memory: no pairs x dims copy
        r, c = rows[start : start + _PAIR_BLOCK], cols[start : start + _PAIR_BLOCK]
        semantic[start : start + _PAIR_BLOCK] = np.einsum(
            "ij,ij->i", space.embeddings[r], space.embeddings[c]
        )
    title = np.array([c.title for c in space.claims], dtype=bool)
    features = feature_matrix(
        signals, np.clip(semantic, 0.0, 1.0), space.background, title[rows] | title[cols]
    )
    return signals, features, probabilities(features, config)


def paragraph_scores(
    paragraphs: Sequence[Paragraph],
    articles: Sequence[str] | None,
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PairScores:
    """Score all candidate claim pairs of the aligned paragraphs (`articles` is accepted for
    compatibility: each paragraph names its article)."""
    space = claim_space(paragraphs, config, words=words)
    rows, cols = _candidates(space, config)
    signals, features, probability = score_claim_pairs(space, rows, cols, config)
    return PairScores(space, rows, cols, signals, features, probability)


def _candidates(space: ClaimSpace, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """Claim pairs from different articles whose weighted term cosine reaches the candidate
    threshold (at most `max_candidates_per_passage` per claim in later articles, the highest
    first), and each
    claim's `semantic_candidates` nearest claims of other articles by embedding cosine (at
    least `semantic_candidate_floor`); headlines only with headlines and ledes. The products
    are taken in row blocks, so a big story never holds a dense all-pairs matrix."""
    n = len(space.claims)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    article_of = space.article_of
    vectors = space.vectors.vectors
    transposed = vectors.T.tocsc()
    found: list[np.ndarray] = []
    for start in range(0, n, config.block_rows):
        block = sparse.coo_matrix(vectors[start : start + config.block_rows] @ transposed)
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        keep = (block.data >= config.candidate_threshold) & (article_of[rows] < article_of[cols])
        rows, cols, values = rows[keep], cols[keep], block.data[keep]
        strongest = _top_per_row(rows, cols, values, config.max_candidates_per_passage)
        found.append(np.column_stack([rows[strongest], cols[strongest]]))
        if config.semantic_candidates > 0:
            found.append(_semantic_block(space, start, config))
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    # one row per unordered pair, the earlier article first (claims of one article never pair)
    swap = article_of[pairs[:, 0]] > article_of[pairs[:, 1]]
    pairs[swap] = pairs[swap][:, ::-1]
    keys = np.unique(pairs[:, 0] * n + pairs[:, 1])  # sorted by first, then second claim
    rows, cols = keys // n, keys % n
    keep = allowed_pairs(space.claims, rows, cols)
    return rows[keep], cols[keep]


def _semantic_block(space: ClaimSpace, start: int, config: AlignConfig) -> np.ndarray:
    """The nearest claims of other articles by embedding cosine, for claims start..start+block."""
    block = space.embeddings[start : start + config.block_rows] @ space.embeddings.T
    rows = np.arange(start, start + block.shape[0])
    block[space.article_of[rows][:, None] == space.article_of[None, :]] = -1.0
    k = min(config.semantic_candidates, block.shape[1])
    nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(block, nearest, axis=1)
    keep = values >= config.semantic_candidate_floor
    return np.column_stack([np.repeat(rows, k).reshape(-1, k)[keep], nearest[keep]]).astype(
        np.int64
    )


def _top_per_row(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest values of each row (ties: the lower column), in their
    original order; everything when `limit` is 0."""
    if limit <= 0 or rows.size == 0:
        return np.arange(rows.size)
    order = np.lexsort((cols, -values, rows))
    grouped = rows[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(grouped.size) - np.repeat(starts, np.diff(np.r_[starts, grouped.size]))
    return np.sort(order[rank < limit])
