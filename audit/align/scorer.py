"""Do two passages report the same claim? A score in [0, 1], computed for many pairs at once.

A passage becomes a bag of *terms*: content words (lightly stemmed), names, numbers and dates,
with stopwords dropped. Each term weighs its inverse document frequency over the passages being
compared (the story's sentences), times a boost for names, numbers and dates, because "30,000"
or "Zelenskyy" says more about which claim a passage reports than "said" or "leaders" do.

The score of a pair mixes
- the cosine of the two weighted term vectors (sparse matrix product, no loop over pairs),
- the cosine of their *phrases*: neighbouring terms as unordered pairs ("tens of thousands",
  "front line"), IDF-weighted; sharing a phrase says more than sharing two words anywhere,
- rapidfuzz's token-sort ratio of their content terms (catches reordered, near-identical wording),
and then lowers it where the passages *disagree* on numbers, dates, named actors or the kind of
occasion (talks, summit, meeting): the same words about a different event ("talks in Paris"
in December 2024 vs "a Paris summit" in September 2025) are false friends, and disagreeing
specifics are the best clue we have.

Spelling variants of names ("Zelensky" / "Zelenskyy") are folded with rapidfuzz before weighting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.ngrams import NgramSet, ngram_set, overlaps, weighed
from audit.align.terms import (
    EVENT_STEMS,
    NAME,
    WORD,
    Term,
    TermKind,
    corpus_terms,
    folded,
    spelling_variants,
    suffix_variants,
)
from audit.config import AlignConfig
from audit.text.similarity import pair_scores


@dataclass(frozen=True, slots=True)
class PassageSet:
    """Passages as weighted term vectors, ready for matrix scoring.

    `vectors` rows are L2-normalised IDF x kind-boost weights, `word_vectors` the same without
    names (what is said, not who or where); `numbers`, `dates` and `names` are
    0/1 indicator matrices of those kinds, used to find disagreements; `content` is each
    passage's content terms as one string, for rapidfuzz; `ngrams` their word n-grams (when
    made from texts: `ngrams.overlaps` are zeros without them).
    """

    terms: tuple[tuple[Term, ...], ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    vectors: sparse.csr_matrix
    word_vectors: sparse.csr_matrix
    numbers: sparse.csr_matrix
    dates: sparse.csr_matrix
    names: sparse.csr_matrix
    content: tuple[str, ...]
    phrase_vectors: sparse.csr_matrix
    events: sparse.csr_matrix
    ngrams: NgramSet | None = None

    def __len__(self) -> int:
        return len(self.terms)


def passage_set(
    texts: Sequence[str],
    config: AlignConfig,
    *,
    offsets: Sequence[int] | None = None,
    idf_rows: np.ndarray | None = None,
    ngrams: bool | None = None,
) -> PassageSet:
    """Term vectors of `texts` (see `term_vectors`), with their word n-grams if `ngrams` (by
    default: if the probability weighs them, `ngrams.weighed`)."""
    grams = ngram_set(texts) if (weighed(config) if ngrams is None else ngrams) else None
    return term_vectors(corpus_terms(texts, offsets), config, idf_rows=idf_rows, ngrams=grams)


def term_vectors(
    raw: Sequence[Sequence[Term]],
    config: AlignConfig,
    *,
    idf_rows: np.ndarray | None = None,
    ngrams: NgramSet | None = None,
) -> PassageSet:
    """Weighted vectors of passages given as terms. IDF counts documents over the rows
    `idf_rows` (a boolean mask; all rows by default), so that a paragraph and its own
    sentences, both passages, do not count one mention twice."""
    variants = {
        **suffix_variants({t.key for terms in raw for t in terms if t.kind is WORD}),
        **spelling_variants({t.key for terms in raw for t in terms if t.kind is NAME}, config),
    }
    terms = tuple(folded(ts, variants) for ts in raw)
    slots = [_passage_slots(ts) for ts in terms]
    vocabulary = tuple(sorted({slot for passage in slots for slot in passage}))
    column = {slot: i for i, slot in enumerate(vocabulary)}
    presence = _presence(slots, column)
    idf = _idf(presence if idf_rows is None else presence[np.flatnonzero(idf_rows)], config)
    weights = idf * np.array([_boost(slot, config) for slot in vocabulary], dtype=np.float64)
    not_name = np.array([not slot.startswith(TermKind.NAME.value + ":") for slot in vocabulary])
    return PassageSet(
        terms=terms,
        vocabulary=vocabulary,
        idf=idf,
        vectors=_normalised(presence.multiply(weights).tocsr()),
        word_vectors=_normalised(presence.multiply(weights * not_name).tocsr()),
        numbers=_kind_columns(presence, vocabulary, TermKind.NUMBER),
        dates=_kind_columns(presence, vocabulary, TermKind.DATE),
        names=_kind_columns(presence, vocabulary, NAME),
        content=tuple(" ".join(t.key for t in ts if t.kind is not NAME) for ts in terms),
        phrase_vectors=_phrase_vectors(terms, idf_rows, config),
        events=_event_matrix(terms),
        ngrams=ngrams,
    )


def _passage_phrases(terms: Sequence[Term]) -> set[str]:
    """Neighbouring content terms of a passage as unordered pairs ("tens of thousands" ->
    "1000|ten", "ruled out deploying US" and "deploy its own forces ... U.S." share "deploy|us"):
    two passages that share a pair share a phrase, not just two words anywhere in them."""
    keys = [_slot(t) for t in terms]
    phrases = set()
    for i, first in enumerate(keys):
        for second in keys[i + 1 : i + 1 + _PHRASE_WINDOW]:
            if first < second:  # the pair in sorted order, as one string
                phrases.add(first + "|" + second)
            elif second < first:
                phrases.add(second + "|" + first)
    return phrases


# Terms at most this many content terms apart form a phrase pair: 2 lets one adjective or
# name sit between ("European-led peacekeeping force" / "a peacekeeping force").
_PHRASE_WINDOW = 2


def _phrase_vectors(
    terms: Sequence[Sequence[Term]], idf_rows: np.ndarray | None, config: AlignConfig
) -> sparse.csr_matrix:
    slots = [_passage_phrases(ts) for ts in terms]
    vocabulary = sorted({slot for passage in slots for slot in passage})
    presence = _presence(slots, {slot: i for i, slot in enumerate(vocabulary)})
    idf = _idf(presence if idf_rows is None else presence[np.flatnonzero(idf_rows)], config)
    vectors = _normalised(presence.multiply(idf).tocsr())
    # Most pairs occur in one passage only and can add to no dot product between two
    # passages: dropping them after normalising changes no score and makes scoring 2-3x faster.
    shared = np.flatnonzero(np.asarray(presence.sum(axis=0)).ravel() >= 2)
    return sparse.csr_matrix(vectors[:, shared])


def _slot(term: Term) -> str:  # a StrEnum: `+` reads its value without the slow `.value`
    return term.kind + ":" + term.key


def _passage_slots(terms: Sequence[Term]) -> set[str]:
    """The vocabulary entries of one passage (neighbouring-term pairs as extra entries did not
    help, on the labels or MSRP: BENCHMARKS.md); `_passage_phrases` has them apart."""
    return {_slot(t) for t in terms}


def _presence(slots: Sequence[set[str]], column: dict[str, int]) -> sparse.csr_matrix:
    """0/1 matrix passages x vocabulary: a term repeated in one passage counts once."""
    cols: list[int] = []
    ends = [0]
    for passage in slots:
        cols.extend(sorted([column[slot] for slot in passage]))
        ends.append(len(cols))
    parts = (np.ones(len(cols)), np.array(cols, dtype=np.int32), np.array(ends))
    return sparse.csr_matrix(parts, shape=(len(slots), len(column)))


def _idf(presence: sparse.csr_matrix, config: AlignConfig) -> np.ndarray:
    """Smoothed IDF; with too few passages to count on, every term weighs the same."""
    n_docs = presence.shape[0]
    if n_docs < config.min_idf_passages:
        return np.ones(presence.shape[1], dtype=np.float64)
    df = np.asarray(presence.sum(axis=0)).ravel()
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def _boost(slot: str, config: AlignConfig) -> float:
    kind = slot.split(":", 1)[0]
    return {
        TermKind.NAME.value: config.name_weight,
        TermKind.NUMBER.value: config.number_weight,
        TermKind.DATE.value: config.date_weight,
    }.get(kind, 1.0)


def _normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _event_matrix(terms: Sequence[Sequence[Term]]) -> sparse.csr_matrix:
    """0/1 matrix passages x kinds of occasion (`EVENT_STEMS`)."""
    kinds = sorted(set(EVENT_STEMS.values()))
    column = {kind: i for i, kind in enumerate(kinds)}
    slots = [
        {EVENT_STEMS[t.key] for t in ts if t.kind is WORD and t.key in EVENT_STEMS} for ts in terms
    ]
    return _presence(slots, column)


def _kind_columns(
    presence: sparse.csr_matrix, vocabulary: Sequence[str], kind: TermKind
) -> sparse.csr_matrix:
    keep = np.array([slot.startswith(kind.value + ":") for slot in vocabulary], dtype=np.float64)
    return sparse.csr_matrix(presence @ sparse.diags(keep))


def cosine_matrix(passages: PassageSet) -> sparse.csr_matrix:
    """Weighted cosine of every pair of passages, as a sparse matrix (zero where no term is
    shared); the cheap first pass that finds candidate pairs."""
    return sparse.csr_matrix(passages.vectors @ passages.vectors.T)


@dataclass(frozen=True, slots=True)
class Signals:
    """The lexical evidence on pairs of passages, one array entry per pair: what the same-claim
    score and the calibrated probability (`audit.align.probability`) are made of."""

    cosine: np.ndarray  # weighted term cosine (geometric mean with the cosine without names)
    phrase: np.ndarray  # cosine of neighbouring-term pairs
    fuzzy: np.ndarray  # rapidfuzz token-sort ratio of the content terms (0 under fuzzy_floor)
    shared_names: np.ndarray  # count of name terms both have
    shared_numbers: np.ndarray  # count of numbers and dates both have
    number_conflict: np.ndarray  # disagreement in [0, 1] (see `_disagreement`)
    date_conflict: np.ndarray
    name_conflict: np.ndarray
    event_conflict: np.ndarray
    score: np.ndarray  # the lexical same-claim score in [0, 1]
    overlaps: np.ndarray  # pairs x ngrams.OVERLAPS


def pair_signals(
    passages: PassageSet, rows: np.ndarray, cols: np.ndarray, config: AlignConfig
) -> Signals:
    """The signals of the pairs (rows[k], cols[k]), all computed with array operations: term
    cosine, phrase cosine, rapidfuzz token-sort ratio, shared names and numbers, and the
    disagreements on specifics (numbers, dates, names, kinds of occasion), with the lexical
    score they make (`score_pairs`).

    The cosine is a weighted geometric mean of the cosine over all terms and the cosine over
    terms other than names (`word_emphasis`): passages that share only who and where
    ("Macron", "Paris") but not what is said about them are not the same claim. Pairs whose
    cosine is under `fuzzy_floor` skip the rapidfuzz term (it counts 0): they are most of the
    candidates of a big story and almost never reach the threshold."""
    if config.fuzzy_weight + config.phrase_weight > 1.0:
        raise ValueError("align.fuzzy_weight + align.phrase_weight must not exceed 1")
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if rows.size == 0:
        empty = np.zeros(0, dtype=np.float64)
        return Signals(*([empty] * (len(Signals.__slots__) - 1)), overlaps(None, rows, cols))
    cosine = _row_dots(passages.vectors, rows, cols) ** (1.0 - config.word_emphasis) * (
        _row_dots(passages.word_vectors, rows, cols) ** config.word_emphasis
    )
    fuzzy = np.zeros(rows.size, dtype=np.float64)
    close = np.flatnonzero(cosine >= config.fuzzy_floor)
    fuzzy[close] = pair_scores(
        [passages.content[i] for i in rows[close]],
        [passages.content[j] for j in cols[close]],
        scorer="token_sort_ratio",
    )
    phrase = _blocked_dots(passages.phrase_vectors, rows, cols, config.block_rows)
    mixed = (
        (1.0 - config.fuzzy_weight - config.phrase_weight) * cosine
        + config.fuzzy_weight * fuzzy
        + config.phrase_weight * phrase
    )
    mixed[cosine <= 0.0] = 0.0  # no shared content term: no claim in common, whatever the letters
    shared, conflicts = zip(
        *(
            _disagreement(matrix, rows, cols)
            for matrix in (passages.numbers, passages.dates, passages.names, passages.events)
        ),
        strict=True,
    )
    penalty = (
        conflicts[0] * config.number_conflict_penalty
        + conflicts[1] * config.date_conflict_penalty
        + conflicts[2] * config.name_conflict_penalty
        + conflicts[3] * config.event_conflict_penalty
    )
    return Signals(
        cosine=cosine,
        phrase=phrase,
        fuzzy=fuzzy,
        shared_names=shared[2],
        shared_numbers=shared[0] + shared[1],
        number_conflict=conflicts[0],
        date_conflict=conflicts[1],
        name_conflict=conflicts[2],
        event_conflict=conflicts[3],
        score=np.clip(mixed * (1.0 - np.minimum(penalty, 1.0)), 0.0, 1.0),
        overlaps=overlaps(passages.ngrams, rows, cols),
    )


def score_pairs(
    passages: PassageSet, rows: np.ndarray, cols: np.ndarray, config: AlignConfig
) -> np.ndarray:
    """Lexical same-claim scores in [0, 1] of the pairs (rows[k], cols[k]) (`pair_signals`)."""
    return pair_signals(passages, rows, cols, config).score


def _row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel()


def _blocked_dots(
    matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, block_rows: int
) -> np.ndarray:
    """The same as `_row_dots`, by multiplying `block_rows` rows at a time with the whole
    matrix and reading the pairs off the product: faster for the phrase vectors (many terms per
    row, each shared by few rows: 0.17 s instead of 0.4-0.6 s on the 50 x 40 bench story)."""
    dots = np.zeros(rows.size, dtype=np.float64)
    order = np.argsort(rows, kind="stable")
    sorted_rows, sorted_cols = rows[order], cols[order]
    transposed = matrix.T.tocsc()
    starts = np.arange(0, matrix.shape[0] + block_rows, block_rows)
    bounds = np.searchsorted(sorted_rows, starts)
    for start, low, high in zip(starts[:-1], bounds[:-1], bounds[1:], strict=True):
        if low < high:
            product = sparse.csr_matrix(matrix[start : start + block_rows] @ transposed)
            picked = product[sorted_rows[low:high] - start, sorted_cols[low:high]]
            dots[order[low:high]] = np.asarray(picked).ravel()
    return dots


def _disagreement(
    indicator: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The count of terms of one kind two passages share, and how much they disagree on that
    kind, in [0, 1]: zero unless *both* have a term of that kind the other lacks (one side
    merely adding a detail is no disagreement); then the smaller of the two unshared shares."""
    shared = np.asarray(indicator[rows].multiply(indicator[cols]).sum(axis=1)).ravel()
    counts = np.asarray(indicator.sum(axis=1)).ravel()  # per passage, read off for each pair
    count_a, count_b = counts[rows], counts[cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        only_a = np.where(count_a > 0, (count_a - shared) / count_a, 0.0)
        only_b = np.where(count_b > 0, (count_b - shared) / count_b, 0.0)
    return shared, np.minimum(only_a, only_b)


def claim_score(
    a: str, b: str, *, config: AlignConfig | None = None, corpus: Sequence[str] = ()
) -> float:
    """How surely passages `a` and `b` report the same claim, in [0, 1] (symmetric).

    `corpus` (e.g. the other sentences of the story) gives the term weights their IDF; without
    one, every content term weighs the same and only the kind boosts apply. This is the lexical
    signal; `audit.align.pairs.same_claim` decides with the calibrated probability."""
    config = config or AlignConfig()
    passages = passage_set((a, b, *corpus), config)
    return float(score_pairs(passages, np.array([0]), np.array([1]), config)[0])


def same_claim(a: str, b: str, *, config: AlignConfig | None = None) -> bool:
    """The lexical decision (the paragraph aligner's rule): `claim_score` reaches
    `config.claim_threshold`. `audit.align.pairs.same_claim` decides with the calibrated
    probability."""
    config = config or AlignConfig()
    return claim_score(a, b, config=config) >= config.claim_threshold


def term_weights(passages: PassageSet, config: AlignConfig) -> dict[str, float]:
    """The weight each term slot carries (IDF x kind boost), keyed by `term_slot`, for ranking
    the telling words of a link or unit."""
    return {
        slot: float(idf) * _boost(slot, config)
        for slot, idf in zip(passages.vocabulary, passages.idf, strict=True)
    }


def term_slot(term: Term) -> str:
    """The vocabulary entry of a term: its kind and key ("name:macron")."""
    return _slot(term)


def log_idf(n_docs: int, df: int) -> float:
    """The smoothed IDF formula used above, for one term (exposed for tests and reports)."""
    return math.log((1.0 + n_docs) / (1.0 + df)) + 1.0
