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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import sparse

from audit.config import AlignConfig
from audit.text.normalize import Token, tokens
from audit.text.similarity import pair_scores, score_matrix


class TermKind(StrEnum):
    WORD = "word"
    NAME = "name"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Term:
    """One content term of a passage: `key` is what is matched, `text`/`start`/`end` its place."""

    key: str
    kind: TermKind
    text: str
    start: int
    end: int


# Function words and reporting verbs: they say nothing about which claim a passage reports.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having he
    he'd he'll her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it
    it's its itself let's me more most mustn't my myself no nor not of off on once only or other
    ought our ours ourselves out over own same shan't she she'd she'll should shouldn't so some such
    than that that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll we're
    we've were weren't what what's when when's where where's which while who who's whom why why's
    with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
    said says say saying told tell according also just even still yet however though although
    will may might must shall can could would should one ones mr mrs ms per via amid""".split()
) | frozenset(
    # Sourcing furniture: "officials familiar with the matter, who spoke on condition of
    # anonymity, declined to comment" is in every kind of story and made unrelated paragraphs
    # of the bundled story look alike.
    """spoke speak speaking anonymity condition familiar declined decline comment reported
    reportedly reporting reporters statement""".split()
)
# Titles and roles: who someone is, not what is said; every outlet writes them around every
# name ("French President Emmanuel Macron"), so they made name-heavy paragraphs look alike.
_TITLES = frozenset(
    """president president-elect prime minister chancellor secretary vice chief adviser advisor
    spokesperson spokeswoman spokesman envoy""".split()
)
# Capitalised words that are sentence furniture rather than who or where.
_NOT_NAMES = frozenset(
    """general officials official leader leaders the but and in on at it he she they we i a an
    as for if while with after before this that these those""".split()
)
# Spellings of one place that fuzzy matching alone would not join (ratio("kiev", "kyiv") = 0.75).
SPELLING_ALIASES = {"kiev": "kyiv", "nato's": "nato", "cease-fire": "ceasefire"}
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "billion": 1_000_000_000, "dozen": 12, "hundreds": 100, "thousands": 1000,
    "millions": 1_000_000, "dozens": 12, "tens": 10,
}  # fmt: skip
# Spelled-out numbers up to ten are mostly idiom ("the two sides", "one of them"): plain words.
_SMALL_NUMBER = 10
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMERIC = re.compile(r"\d[\d,.]*")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]{2,5}")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\u2026]")
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to join "force", "forces", "forced", "forcing"."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def passage_terms(
    text: str, offset: int = 0, *, name_keys: frozenset[str] | None = None
) -> tuple[Term, ...]:
    """The content terms of `text`, offsets shifted by `offset`. A capitalised word counts as a
    name mid-sentence, or at a sentence start when `name_keys` (from the whole corpus) says so."""
    return _resolved(_scan(text, offset), name_keys or frozenset(), text, offset)


def corpus_terms(
    texts: Sequence[str],
    offsets: Sequence[int] | None = None,
    *,
    words: Sequence[Sequence[Token]] | None = None,
) -> tuple[tuple[Term, ...], ...]:
    """The terms of every text, with names known from the whole corpus; each text is read once.
    `words`, when given, are the texts' tokens with `offsets` already added (`textnorm.tokens`
    of each text and offset), so that a caller that has them does not tokenise twice."""
    offsets = offsets if offsets is not None else [0] * len(texts)
    seen: _TermCache = {}  # a story repeats its words: classify each form once per call
    scans = [
        _scan(text, offset, seen, None if words is None else words[i])
        for i, (text, offset) in enumerate(zip(texts, offsets, strict=True))
    ]
    names = frozenset(t.key for scan in scans for t, _ in scan if t.kind is TermKind.NAME)
    return tuple(
        _resolved(scan, names, text, offset)
        for scan, text, offset in zip(scans, texts, offsets, strict=True)
    )


# A scanned term, and for a capitalised word at a sentence start the key it has if it turns out
# to be a name elsewhere in the corpus ("Macron declared ..."), which is only known later.
_Scanned = tuple[Term, str | None]
_TermCache = dict[tuple[str, str, bool], "tuple[str, TermKind, str | None] | None"]


def _scan(
    text: str,
    offset: int,
    seen: _TermCache | None = None,
    words: Sequence[Token] | None = None,
) -> list[_Scanned]:
    scanned: list[_Scanned] = []
    previous_end = 0
    shift = 0 if words is None else offset  # tokens made with the offset already added
    for token in tokens(text) if words is None else words:
        token_start = token.start - shift
        initial = previous_end == 0 or bool(_SENTENCE_BREAK.search(text, previous_end, token_start))
        previous_end = token.end - shift
        for text_part, norm_part, at in _parts(token.text, token.norm):
            if seen is None:
                term = _term(text_part, norm_part, initial=initial)
            else:
                cache_key = (text_part, norm_part, initial)
                if cache_key not in seen:
                    seen[cache_key] = _term(text_part, norm_part, initial=initial)
                term = seen[cache_key]
            if term is not None:
                key, kind, maybe_name = term
                start = token_start + offset + at
                scanned.append((Term(key, kind, text_part, start, start + len(text_part)),
                                maybe_name))  # fmt: skip
    return scanned


def _resolved(
    scanned: Sequence[_Scanned], name_keys: frozenset[str], text: str, offset: int
) -> tuple[Term, ...]:
    terms = [
        Term(maybe, TermKind.NAME, term.text, term.start, term.end)
        if maybe is not None and maybe in name_keys
        else term
        for term, maybe in scanned
    ]
    return _surnames_only(terms, text, offset)


def _surnames_only(terms: list[Term], text: str, offset: int) -> tuple[Term, ...]:
    """Keep only the last word of a run of names ("Emmanuel Macron" -> "Macron"): the person is
    one term, whether an outlet gives the first name or not, and a full name does not weigh
    twice."""
    kept = []
    for index, term in enumerate(terms):
        following = terms[index + 1] if index + 1 < len(terms) else None
        run_goes_on = (
            following is not None
            and term.kind is TermKind.NAME
            and following.kind is TermKind.NAME
            and not text[term.end - offset : following.start - offset].strip()
        )
        if not run_goes_on:
            kept.append(term)
    return tuple(kept)


def _parts(text: str, norm: str) -> list[tuple[str, str, int]]:
    """A hyphenated word's parts ("European-led" -> "European", "led"), each with its place in
    the word, so that "European-led" and "European" share a term; numbers and known compounds
    ("cease-fire") stay whole. Folding keeps the length of plain words, so offsets hold."""
    if "-" not in text or SPELLING_ALIASES.get(norm) or any(ch.isdigit() for ch in text):
        return [(text, norm, 0)]
    if len(norm) != len(text):
        return [(text, norm, 0)]
    parts, at = [], 0
    for piece in text.split("-"):
        if piece:
            parts.append((piece, norm[at : at + len(piece)], at))
        at += len(piece) + 1
    return parts


def _term(text: str, norm: str, *, initial: bool) -> tuple[str, TermKind, str | None] | None:
    """Key and kind of one word, and the name key it would have if, capitalised at a sentence
    start, it is a name elsewhere in the corpus."""
    if any(ch.isdigit() for ch in text):
        return (*_numeric_term(norm), None)
    if norm in _NUMBER_WORDS and _NUMBER_WORDS[norm] > _SMALL_NUMBER:
        return str(_NUMBER_WORDS[norm]), TermKind.NUMBER, None
    if norm in _WEEKDAYS:
        return None  # "on Thursday": outlets name different days for one event, and one day
        # for many events; on the labelled pairs weekdays only made false links
    if norm in _MONTHS:
        return norm, TermKind.DATE, None
    if _ABBREVIATION.fullmatch(text):  # "US", "U.S", "NATO": never the pronoun "us"
        key = norm.replace(".", "")
        return SPELLING_ALIASES.get(key, key), TermKind.NAME, None
    if norm in STOPWORDS or norm in _TITLES or len(norm) < 2:
        return None
    key = SPELLING_ALIASES.get(norm, norm)
    capital = text[:1].isupper() and key not in _NOT_NAMES
    if capital and not initial:
        return key, TermKind.NAME, None
    return stem(key), TermKind.WORD, key if capital else None


def _numeric_term(norm: str) -> tuple[str, TermKind]:
    if _YEAR.fullmatch(norm):
        return norm, TermKind.DATE
    match = _NUMERIC.match(norm)
    if match and match.group() == norm.rstrip("."):
        return norm.replace(",", "").rstrip("."), TermKind.NUMBER
    return norm, TermKind.NUMBER  # "3-year-old", "A$4.56": kept whole


def corpus_name_keys(texts: Iterable[str]) -> frozenset[str]:
    """Keys of words written with a capital somewhere mid-sentence in the corpus: at a sentence
    start elsewhere ("Macron declared ...") they are still names."""
    return frozenset(
        term.key for text in texts for term, _ in _scan(text, 0) if term.kind is TermKind.NAME
    )


@dataclass(frozen=True, slots=True)
class PassageSet:
    """Passages as weighted term vectors, ready for matrix scoring.

    `vectors` rows are L2-normalised IDF x kind-boost weights, `word_vectors` the same without
    names (what is said, not who or where); `numbers`, `dates` and `names` are
    0/1 indicator matrices of those kinds, used to find disagreements; `content` is each
    passage's content terms as one string, for rapidfuzz.
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

    def __len__(self) -> int:
        return len(self.terms)


def passage_set(
    texts: Sequence[str],
    config: AlignConfig,
    *,
    offsets: Sequence[int] | None = None,
    idf_rows: np.ndarray | None = None,
) -> PassageSet:
    """Term vectors of `texts` (see `term_vectors`)."""
    return term_vectors(corpus_terms(texts, offsets), config, idf_rows=idf_rows)


def term_vectors(
    raw: Sequence[Sequence[Term]], config: AlignConfig, *, idf_rows: np.ndarray | None = None
) -> PassageSet:
    """Weighted vectors of passages given as terms. IDF counts documents over the rows
    `idf_rows` (a boolean mask; all rows by default), so that a paragraph and its own
    sentences, both passages, do not count one mention twice."""
    variants = {
        **suffix_variants({t.key for terms in raw for t in terms if t.kind is TermKind.WORD}),
        **spelling_variants(
            {t.key for terms in raw for t in terms if t.kind is TermKind.NAME}, config
        ),
    }
    terms = tuple(
        tuple(Term(variants.get(t.key, t.key), t.kind, t.text, t.start, t.end) for t in ts)
        for ts in raw
    )
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
        names=_kind_columns(presence, vocabulary, TermKind.NAME),
        content=tuple(" ".join(t.key for t in ts if t.kind is not TermKind.NAME) for ts in terms),
        phrase_vectors=_phrase_vectors(terms, idf_rows, config),
        events=_event_matrix(terms),
    )


def _passage_phrases(terms: Sequence[Term]) -> set[str]:
    """Neighbouring content terms of a passage as unordered pairs ("tens of thousands" ->
    "1000|ten", "ruled out deploying US" and "deploy its own forces ... U.S." share "deploy|us"):
    two passages that share a pair share a phrase, not just two words anywhere in them."""
    keys = [_slot(t) for t in terms]
    return {
        "|".join(sorted((keys[i], keys[j])))
        for i in range(len(keys))
        for j in range(i + 1, min(i + 1 + _PHRASE_WINDOW, len(keys)))
        if keys[i] != keys[j]
    }


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


def _slot(term: Term) -> str:
    return f"{term.kind.value}:{term.key}"


def _passage_slots(terms: Sequence[Term]) -> set[str]:
    """The vocabulary entries of one passage. (Pairs of neighbouring terms were tried as extra
    entries and did not help, on the labels or on MSRP: see BENCHMARKS.md.)"""
    return {_slot(t) for t in terms}


def _presence(slots: Sequence[set[str]], column: dict[str, int]) -> sparse.csr_matrix:
    """0/1 matrix passages x vocabulary: a term repeated in one passage counts once."""
    rows, cols = [], []
    for row, passage in enumerate(slots):
        for col in sorted(column[slot] for slot in passage):
            rows.append(row)
            cols.append(col)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(slots), len(column)))


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


# Kinds of occasion a passage can report, by word stem: "talks in Paris" and "a Paris summit",
# "a meeting in Brussels" and "talks at the White House" are different occasions, and two
# passages that each name one and share none are likely about different events. Forms of one
# kind join ("met", "meeting"). Left out: words for where a claim was *said* ("interview",
# "speech", "briefing", "conference", "session"): one claim is often reported from two of them;
# and words that are too often something else: "call" ("calls Zelensky a dictator",
# "so-called"), "event" ("in the event of"), "visit" (also a plain verb).
EVENT_STEMS = {
    "summit": "summit",
    "talk": "talks",
    "meet": "meeting",
    "met": "meeting",
    "meeting": "meeting",
}


def _event_matrix(terms: Sequence[Sequence[Term]]) -> sparse.csr_matrix:
    """0/1 matrix passages x kinds of occasion (`EVENT_STEMS`)."""
    kinds = sorted(set(EVENT_STEMS.values()))
    column = {kind: i for i, kind in enumerate(kinds)}
    slots = [
        {EVENT_STEMS[t.key] for t in ts if t.kind is TermKind.WORD and t.key in EVENT_STEMS}
        for ts in terms
    ]
    return _presence(slots, column)


def _kind_columns(
    presence: sparse.csr_matrix, vocabulary: Sequence[str], kind: TermKind
) -> sparse.csr_matrix:
    keep = np.array([slot.startswith(kind.value + ":") for slot in vocabulary], dtype=np.float64)
    return sparse.csr_matrix(presence @ sparse.diags(keep))


# A word stem extended by at most this many letters is the same word ("apparent"/"apparently",
# "peacekeep"/"peacekeeper", "propos"/"proposal"); edit distance on words joined "prevent" with
# "present" and "protest" with "protect", so words are joined by prefix only.
_MAX_SUFFIX = 4


def suffix_variants(keys: set[str]) -> dict[str, str]:
    """Map each word key to the shortest key of at least 5 letters that it extends by at most
    `_MAX_SUFFIX` letters; sorted order puts a prefix right before its extensions."""
    ordered = sorted(keys)
    mapping: dict[str, str] = {}
    for i, root in enumerate(ordered):
        if len(root) < 5 or root in mapping:
            continue
        for longer in ordered[i + 1 :]:
            if not longer.startswith(root):
                break
            if len(longer) - len(root) <= _MAX_SUFFIX:
                mapping.setdefault(longer, root)
    return mapping


def spelling_variants(keys: set[str], config: AlignConfig) -> dict[str, str]:
    """Map spelling variants to one key ("zelenskyy" -> "zelensky", "defens" -> "defenc"),
    found with rapidfuzz: keys are blocked by their first three letters (variants of one word
    agree there; "Macron" and "Micron" do not) and each block is one matrix call. The shortest,
    then alphabetically first, spelling of a group wins."""
    blocks: dict[str, list[str]] = {}
    for key in sorted(keys):
        if len(key) >= config.variant_min_chars:
            blocks.setdefault(key[:3], []).append(key)
    mapping: dict[str, str] = {}
    for block in blocks.values():
        if len(block) > 1:
            mapping.update(_variant_groups(block, config.variant_similarity))
    return mapping


def _variant_groups(block: list[str], threshold: float) -> dict[str, str]:
    similar = score_matrix(block, block, scorer="ratio") >= threshold
    parent = list(range(len(block)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(similar, k=1)), strict=True):
        ri, rj = root(int(i)), root(int(j))
        parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[str]] = {}
    for i, key in enumerate(block):
        groups.setdefault(root(i), []).append(key)
    return {
        key: min(group, key=lambda k: (len(k), k))
        for group in groups.values()
        if len(group) > 1
        for key in group
    }


def cosine_matrix(passages: PassageSet) -> sparse.csr_matrix:
    """Weighted cosine of every pair of passages, as a sparse matrix (zero where no term is
    shared); the cheap first pass that finds candidate pairs."""
    return sparse.csr_matrix(passages.vectors @ passages.vectors.T)


def score_pairs(
    passages: PassageSet, rows: np.ndarray, cols: np.ndarray, config: AlignConfig
) -> np.ndarray:
    """Same-claim scores in [0, 1] of the pairs (rows[k], cols[k]), all computed with array
    operations: term cosine, phrase cosine, rapidfuzz token-sort ratio, then penalties for
    disagreeing specifics (numbers, dates, names, kinds of occasion).

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
        return np.zeros(0, dtype=np.float64)
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
    penalty = (
        _disagreement(passages.numbers, rows, cols) * config.number_conflict_penalty
        + _disagreement(passages.dates, rows, cols) * config.date_conflict_penalty
        + _disagreement(passages.names, rows, cols) * config.name_conflict_penalty
        + _disagreement(passages.events, rows, cols) * config.event_conflict_penalty
    )
    return np.clip(mixed * (1.0 - np.minimum(penalty, 1.0)), 0.0, 1.0)


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


def _disagreement(indicator: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """How much two passages disagree on one kind of term, in [0, 1]: zero unless *both* have a
    term of that kind the other lacks (one side merely adding a detail is no disagreement);
    then the smaller of the two unshared shares."""
    a, b = indicator[rows], indicator[cols]
    shared = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    count_a = np.asarray(a.sum(axis=1)).ravel()
    count_b = np.asarray(b.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        only_a = np.where(count_a > 0, (count_a - shared) / count_a, 0.0)
        only_b = np.where(count_b > 0, (count_b - shared) / count_b, 0.0)
    return np.minimum(only_a, only_b)


def claim_score(
    a: str, b: str, *, config: AlignConfig | None = None, corpus: Sequence[str] = ()
) -> float:
    """How surely passages `a` and `b` report the same claim, in [0, 1] (symmetric).

    `corpus` (e.g. the other sentences of the story) gives the term weights their IDF; without
    one, every content term weighs the same and only the kind boosts apply. Two passages are the
    same claim when the score reaches `config.claim_threshold`."""
    config = config or AlignConfig()
    passages = passage_set((a, b, *corpus), config)
    forward = score_pairs(passages, np.array([0]), np.array([1]), config)[0]
    return float(forward)


def same_claim(a: str, b: str, *, config: AlignConfig | None = None) -> bool:
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
