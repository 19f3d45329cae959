"""Passages (every sentence of a paragraph, and the whole paragraph) scored against each other:
candidates from a sparse matrix product in row blocks, then the same-claim score of each, rolled
up to the best passage pair of each paragraph pair."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.embedding import embed
from audit.align.ngrams import ngram_set, weighed
from audit.align.probability import feature_matrix, probabilities
from audit.align.scorer import (
    PassageSet,
    Signals,
    corpus_terms,
    pair_signals,
    term_vectors,
)
from audit.align.terms import Term
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence, or a whole paragraph, that takes part in matching."""

    para: int  # index into the aligned (content) paragraphs
    start: int
    end: int
    whole: bool  # the whole paragraph rather than one of its sentences


def content_passages(paragraphs: Sequence[Paragraph]) -> tuple[Passage, ...]:
    """Each paragraph whole, plus each of its sentences when it has more than one."""
    passages: list[Passage] = []
    for index, para in enumerate(paragraphs):
        passages.append(Passage(index, para.start, para.end, whole=True))
        if len(para.sentences) > 1:
            passages.extend(Passage(index, s.start, s.end, whole=False) for s in para.sentences)
    return tuple(passages)


def passage_vectors(
    paragraphs: Sequence[Paragraph],
    passages: Sequence[Passage],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PassageSet:
    """Term vectors of the passages. Each paragraph is read once (or not at all: `words` are
    its tokens by para_id, when the caller has them); a sentence's terms are those of its
    paragraph that fall inside it. IDF counts sentences (a one-sentence paragraph is its own
    sentence), so that a paragraph and its sentences do not count a mention twice."""
    para_terms = corpus_terms(
        [p.text for p in paragraphs],
        [p.start for p in paragraphs],
        words=None if words is None else [words[p.para_id] for p in paragraphs],
    )
    starts = [_sorted_starts(terms) for terms in para_terms]
    terms = [
        para_terms[p.para] if p.whole else _inside(para_terms[p.para], starts[p.para], p)
        for p in passages
    ]
    single = {i for i, para in enumerate(paragraphs) if len(para.sentences) <= 1}
    counted = np.array([(not p.whole) or p.para in single for p in passages])
    # Word n-grams only of the passages the probability scores (`claim_probabilities`)
    if not weighed(config):
        return term_vectors(terms, config, idf_rows=counted)
    texts = [
        _text(paragraphs[p.para], p) if _sentence_like(paragraphs, p) else "" for p in passages
    ]
    return term_vectors(terms, config, idf_rows=counted, ngrams=ngram_set(texts))


def _text(para: Paragraph, passage: Passage) -> str:
    return para.text[passage.start - para.start : passage.end - para.start]


def _sorted_starts(terms: Sequence[Term]) -> list[int] | None:
    starts = [t.start for t in terms]
    return starts if all(a <= b for a, b in itertools.pairwise(starts)) else None


def _inside(terms: Sequence[Term], starts: list[int] | None, passage: Passage) -> tuple[Term, ...]:
    """The terms starting inside the passage: a binary search in the paragraph's terms (in text
    order), so a paragraph of n sentences costs n log n, not n squared."""
    if starts is not None:
        first = bisect.bisect_left(starts, passage.start)
        last = bisect.bisect_left(starts, passage.end)
        return tuple(terms[first:last])
    return tuple(t for t in terms if passage.start <= t.start < passage.end)


@dataclass(frozen=True, slots=True)
class PairScores:
    """Best same-claim score of every candidate pair of paragraphs from different articles:
    row k is paragraphs (para_a[k], para_b[k]), para_a < para_b, scored `score[k]` (lexical)
    by the passage pair `evidence[k]` (indices into `passages`), and `probability[k]` (the
    calibrated same-claim probability, `audit.align.probability`) by the passage pair
    `claim_evidence[k]` (the sentence pair most surely the same claim); `features[k]` are
    that pair's features (for the link's explanation)."""

    passages: tuple[Passage, ...]
    vectors: PassageSet
    para_a: np.ndarray
    para_b: np.ndarray
    score: np.ndarray
    evidence: np.ndarray  # shape (n, 2)
    probability: np.ndarray
    claim_evidence: np.ndarray  # shape (n, 2)
    features: np.ndarray  # shape (n, len(probability.FEATURES))


def paragraph_scores(
    paragraphs: Sequence[Paragraph],
    articles: Sequence[str],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PairScores:
    """Score all candidate paragraph pairs (`articles[i]` is the article of paragraphs[i]);
    `words`: the paragraphs' tokens by para_id, if already made."""
    passages = content_passages(paragraphs)
    vectors = passage_vectors(paragraphs, passages, config, words=words)
    rows, cols = _candidates(vectors, passages, articles, config)
    signals = distinct_pair_signals(vectors, rows, cols, config)
    features, probability = claim_probabilities(paragraphs, passages, signals, rows, cols, config)
    para_of = np.array([p.para for p in passages], dtype=np.int64)
    pairs = np.column_stack([rows, cols])
    para_a, para_b, best, evidence = _best_per_paragraph_pair(
        para_of[rows], para_of[cols], signals.score, pairs
    )
    index = np.arange(rows.size)
    _, _, surest, chosen = _best_per_paragraph_pair(
        para_of[rows], para_of[cols], probability, np.column_stack([index, index])
    )
    return PairScores(
        passages, vectors, para_a, para_b, best, evidence,
        surest, pairs[chosen[:, 0]], features[chosen[:, 0]],
    )  # fmt: skip


def distinct_pair_signals(
    vectors: PassageSet, rows: np.ndarray, cols: np.ndarray, config: AlignConfig
) -> Signals:
    """`pair_signals` of the pairs (rows[k], cols[k]), each distinct pair of passages scored
    once: a pair's signals are a function of the two passages' rows in the vector matrices
    and their content strings only, and reprints repeat them (100,404 distinct pairs among
    172,005 candidates of the 50 x 40 bench story)."""
    copies = first_copies(vectors)
    keys = copies[rows] * len(copies) + copies[cols]
    unique, inverse = np.unique(keys, return_inverse=True)
    signals = pair_signals(vectors, unique // len(copies), unique % len(copies), config)
    return Signals(*(_spread(getattr(signals, name), inverse) for name in Signals.__slots__))


def _spread(values: np.ndarray, inverse: np.ndarray) -> np.ndarray:
    """values[inverse], kept a view when `values` is one value broadcast (`ngrams.overlaps`)."""
    if values.ndim == 2 and values.strides[0] == 0:
        return np.broadcast_to(values[:1], (inverse.size, values.shape[1]))
    return values[inverse]


def first_copies(vectors: PassageSet) -> np.ndarray:
    """For each passage, the first passage with the same rows in every matrix of `vectors` and
    the same content string (a reprinted sentence), itself when none comes before it."""
    matrices = (vectors.vectors, vectors.word_vectors, vectors.phrase_vectors, vectors.numbers,
                vectors.dates, vectors.names, vectors.events)  # fmt: skip
    ngrams = vectors.ngrams  # and the same word n-grams: the same terms in other words differ
    if ngrams is not None:
        matrices += (ngrams.grams,)
    first: dict[tuple[object, ...], int] = {}
    copies = []
    for i, content in enumerate(vectors.content):
        key: list[object] = [content]
        if ngrams is not None:
            key += (ngrams.counts[i].tobytes(), float(ngrams.words[i]))
        for matrix in matrices:
            low, high = matrix.indptr[i], matrix.indptr[i + 1]
            key += (matrix.indices[low:high].tobytes(), matrix.data[low:high].tobytes())
        copies.append(first.setdefault(tuple(key), i))
    return np.array(copies, dtype=np.int64)


def claim_probabilities(
    paragraphs: Sequence[Paragraph],
    passages: Sequence[Passage],
    signals: Signals,
    rows: np.ndarray,
    cols: np.ndarray,
    config: AlignConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """The features and same-claim probability of each candidate passage pair. The model was
    fitted on sentence pairs, so a many-sentence paragraph taken whole gets probability 0 (and
    is not embedded)."""
    sentence_like = np.array([_sentence_like(paragraphs, p) for p in passages], dtype=bool)
    scored = np.flatnonzero(sentence_like[rows] & sentence_like[cols])
    semantic = np.zeros(rows.size)
    semantic[scored] = semantic_cosines(paragraphs, passages, rows[scored], cols[scored])
    features = feature_matrix(signals, semantic, np.zeros(rows.size, dtype=bool))
    probability = np.zeros(rows.size)
    probability[scored] = probabilities(features[scored], config)
    return features, probability


def _sentence_like(paragraphs: Sequence[Paragraph], passage: Passage) -> bool:
    return not passage.whole or len(paragraphs[passage.para].sentences) <= 1


def semantic_cosines(
    paragraphs: Sequence[Paragraph],
    passages: Sequence[Passage],
    rows: np.ndarray,
    cols: np.ndarray,
) -> np.ndarray:
    """The embedding cosine (`audit.align.embedding`) of each candidate passage pair, in [0, 1];
    only the passages in some candidate pair are embedded."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.float64)
    used, inverse = np.unique(np.concatenate([rows, cols]), return_inverse=True)
    texts = []
    for i in used.tolist():
        texts.append(_text(paragraphs[passages[i].para], passages[i]))
    return np.clip(pair_dots(embed(texts), inverse[: rows.size], inverse[rows.size :]), 0.0, 1.0)


def pair_dots(
    vectors: np.ndarray, rows: np.ndarray, cols: np.ndarray, chunk: int = 65_536
) -> np.ndarray:
    """vectors[rows[k]] . vectors[cols[k]] for every k, each pair summed on its own (`einsum`
    over gathered rows, `chunk` pairs at a time: bounded memory). A matrix product (BLAS) gave
    the same pair values that differed in the last bits with the number of BLAS threads (how
    it splits the product into tiles), and reprinted sentences, whose cosines tie, then traded
    places: links.csv and hints.csv of the Helsinki day differed between one core and two. Also
    faster there (1.06M pairs: 0.32 s against 0.88 s, BENCHMARKS.md `section:speed`, round 8)."""
    out = np.zeros(rows.size, dtype=np.float64)
    for low in range(0, rows.size, chunk):
        high = low + chunk
        out[low:high] = np.einsum("ij,ij->i", vectors[rows[low:high]], vectors[cols[low:high]])
    return out


def _candidates(
    vectors: PassageSet,
    passages: Sequence[Passage],
    articles: Sequence[str],
    config: AlignConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """Passage pairs from different articles whose weighted cosine reaches the candidate
    threshold; the product is taken in row blocks so that a big story never holds a dense
    all-pairs matrix."""
    article_codes = {a: i for i, a in enumerate(dict.fromkeys(articles))}
    article_of = np.array([article_codes[articles[p.para]] for p in passages], dtype=np.int64)
    # A short sentence ("The discussions could be for naught.") matches anything that shares
    # its one or two words; it takes part only inside its whole paragraph.
    eligible = np.array(
        [p.whole or len(vectors.terms[i]) >= config.min_passage_terms
         for i, p in enumerate(passages)]
    )  # fmt: skip
    transposed = vectors.vectors.T.tocsc()
    later = _later_articles(article_of)
    found_rows, found_cols = [], []
    for start in range(0, len(passages), config.block_rows):
        # only passages of later articles can pair with the block's: its product skips the
        # columns before them (the same entries, in the same order, for less work)
        low = int(later[start])
        block = sparse.coo_matrix(
            vectors.vectors[start : start + config.block_rows] @ transposed[:, low:]
        )
        strong = np.flatnonzero(block.data >= config.candidate_threshold)  # few: test first
        rows = block.row[strong].astype(np.int64) + start
        cols = block.col[strong].astype(np.int64) + low
        keep = (article_of[rows] < article_of[cols]) & eligible[rows] & eligible[cols]
        rows, cols, cosines = rows[keep], cols[keep], block.data[strong][keep]
        strongest = _top_per_row(rows, cols, cosines, config.max_candidates_per_passage)
        found_rows.append(rows[strongest])
        found_cols.append(cols[strongest])
    if not found_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _later_articles(article_of: np.ndarray) -> np.ndarray:
    """For each passage, the first passage of a later article (passages in article order, as
    the aligner gives them); 0 for every passage when they are not in that order."""
    if np.any(article_of[1:] < article_of[:-1]):
        return np.zeros(article_of.size, dtype=np.int64)
    return np.searchsorted(article_of, article_of, side="right")


def _top_per_row(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest values of each row (ties: the lower column), in their
    original order; everything when `limit` is 0. Only rows with more than `limit` entries are
    sorted (on a big story most have fewer: the sort was a tenth of its alignment)."""
    if limit <= 0 or rows.size == 0:
        return np.arange(rows.size)
    low = int(rows.min())
    counts = np.bincount(rows - low)
    crowded = counts[rows - low] > limit
    if not crowded.any():
        return np.arange(rows.size)
    among = np.flatnonzero(crowded)
    among = among[_above_row_floors(rows[among] - low, values[among], limit, counts.size)]
    order = among[np.lexsort((cols[among], -values[among], rows[among]))]
    grouped = rows[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(grouped.size) - np.repeat(starts, np.diff(np.r_[starts, grouped.size]))
    return np.sort(np.concatenate([np.flatnonzero(~crowded), order[rank < limit]]))


_FLOOR_BINS = 256


def _above_row_floors(rows: np.ndarray, values: np.ndarray, limit: int, n_rows: int) -> np.ndarray:
    """A mask keeping, of each row, every entry whose value could be among its `limit` largest:
    those in or above the histogram bin that holds the row's `limit`-th largest value (binning
    is monotonic, so the kept entries include the top `limit` and all their ties). The exact
    sort then runs on a few entries a row instead of all (on a news day, millions)."""
    wide = values.astype(np.float64, copy=False)
    low, high = float(wide.min()), float(wide.max())
    scale = (_FLOOR_BINS - 1) / (high - low) if high > low else 0.0
    if not (np.isfinite(low) and np.isfinite(high) and np.isfinite(scale)):
        return np.ones(values.size, dtype=bool)  # no histogram of these: the exact sort does all
    bins = np.clip(((wide - low) * scale).astype(np.int64), 0, _FLOOR_BINS - 1)
    counts = np.bincount(rows * _FLOOR_BINS + bins, minlength=n_rows * _FLOOR_BINS)
    at_or_above = np.cumsum(counts.reshape(n_rows, _FLOOR_BINS)[:, ::-1], axis=1)[:, ::-1]
    # the highest bin with at least `limit` entries at or above it (rows here have > limit)
    floor = _FLOOR_BINS - 1 - np.argmax(at_or_above[:, ::-1] >= limit, axis=1)
    return bins >= floor[rows]


def _best_per_paragraph_pair(
    para_a: np.ndarray, para_b: np.ndarray, scores: np.ndarray, pairs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Roll passage-pair scores up to paragraph pairs: the best pair wins (ties: first pair)."""
    if scores.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -scores, para_b, para_a))
    a, b = para_a[order], para_b[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    chosen = order[first]
    return para_a[chosen], para_b[chosen], scores[chosen], pairs[chosen]
