"""Passages as terms: content words (lightly stemmed), names, numbers and dates, with offsets into
the original text, and the spelling and suffix variants that fold into one term."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from audit.config import AlignConfig
from audit.text.normalize import Token, tokens
from audit.text.similarity import score_matrix
from audit.text.wordlists import MONTH_WORDS, NUMBER_VALUES, WEEKDAYS


class TermKind(StrEnum):
    WORD = "word"
    NAME = "name"
    NUMBER = "number"
    DATE = "date"


# A member read through its enum class (`TermKind.NAME`) costs ~0.4 us on Python 3.11, a module
# name ~0.03 us: the loops over every term of a story read these.
WORD, NAME, NUMBER, DATE = TermKind.WORD, TermKind.NAME, TermKind.NUMBER, TermKind.DATE


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

# Spelled-out numbers up to ten are mostly idiom ("the two sides", "one of them"): plain words.
_SMALL_NUMBER = 10

_YEAR = re.compile(r"(?:19|20)\d\d")

_NUMERIC = re.compile(r"\d[\d,.]*")

_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]{2,5}")

_SENTENCE_BREAK = re.compile(r"[.!?:;\n\u2026]")

# a possessive ending, dropped from a term as it is shown ("Putin's" -> "Putin")
POSSESSIVE = re.compile(r"['\u2019]s$")
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
    of each text and offset), so that a caller that has them does not tokenise twice.

    A text repeated word for word (a reprint: half the paragraphs of a wire-heavy news day) is
    read once: its copies take the first copy's terms, moved to their own offset (a text's
    terms depend only on the text and the corpus's names, so they are the same terms)."""
    offsets = offsets if offsets is not None else [0] * len(texts)
    seen: _TermCache = {}  # a story repeats its words: classify each form once per call
    first: dict[str, int] = {}
    scans: dict[int, list[_Scanned]] = {}
    for i, (text, offset) in enumerate(zip(texts, offsets, strict=True)):
        if first.setdefault(text, i) == i:
            scans[i] = _scan(text, offset, seen, None if words is None else words[i])
    names = frozenset(t.key for scan in scans.values() for t, _ in scan if t.kind is NAME)
    found: list[tuple[Term, ...]] = []
    for i, (text, offset) in enumerate(zip(texts, offsets, strict=True)):
        j = first[text]
        if j == i:
            found.append(_resolved(scans[i], names, text, offset))
        else:
            found.append(_shifted(found[j], offset - offsets[j]))
    return tuple(found)


def _shifted(terms: tuple[Term, ...], by: int) -> tuple[Term, ...]:
    if by == 0:
        return terms
    return tuple(Term(t.key, t.kind, t.text, t.start + by, t.end + by) for t in terms)


# A scanned term, and for a capitalised word at a sentence start the key it has if it turns out
# to be a name elsewhere in the corpus ("Macron declared ..."), which is only known later.
_Scanned = tuple[Term, str | None]

_TermCache = dict[tuple[str, str, bool], "tuple[str, TermKind, str | None] | None"]
_UNSEEN = object()


def _scan(
    text: str,
    offset: int,
    seen: _TermCache | None = None,
    words: Sequence[Token] | None = None,
) -> list[_Scanned]:
    scanned: list[_Scanned] = []
    previous_end = 0
    shift = 0 if words is None else offset  # tokens made with the offset already added
    seen = {} if seen is None else seen
    breaks = _SENTENCE_BREAK.search
    for token in tokens(text) if words is None else words:
        token_start = token.start - shift
        initial = previous_end == 0 or breaks(text, previous_end, token_start) is not None
        previous_end = token.end - shift
        word, norm = token.text, token.norm
        parts = ((word, norm, 0),) if "-" not in word else _parts(word, norm)
        for text_part, norm_part, at in parts:
            cache_key = (text_part, norm_part, initial)
            term = seen.get(cache_key, _UNSEEN)
            if term is _UNSEEN:
                term = seen[cache_key] = _term(text_part, norm_part, initial=initial)
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
        Term(maybe, NAME, term.text, term.start, term.end)
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
            and term.kind is NAME
            and following.kind is NAME
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
    if norm in NUMBER_VALUES and NUMBER_VALUES[norm] > _SMALL_NUMBER:
        return str(NUMBER_VALUES[norm]), NUMBER, None
    if norm in WEEKDAYS:
        return None  # "on Thursday": outlets name different days for one event, and one day
        # for many events; on the labelled pairs weekdays only made false links
    if norm in MONTH_WORDS:
        return norm, DATE, None
    if _ABBREVIATION.fullmatch(text):  # "US", "U.S", "NATO": never the pronoun "us"
        key = norm.replace(".", "")
        return SPELLING_ALIASES.get(key, key), NAME, None
    if norm in STOPWORDS or norm in _TITLES or len(norm) < 2:
        return None
    key = SPELLING_ALIASES.get(norm, norm)
    capital = text[:1].isupper() and key not in _NOT_NAMES
    if capital and not initial:
        return key, NAME, None
    return stem(key), WORD, key if capital else None


def _numeric_term(norm: str) -> tuple[str, TermKind]:
    if _YEAR.fullmatch(norm):
        return norm, DATE
    match = _NUMERIC.match(norm)
    if match and match.group() == norm.rstrip("."):
        return norm.replace(",", "").rstrip("."), NUMBER
    return norm, NUMBER  # "3-year-old", "A$4.56": kept whole


def folded(terms: Sequence[Term], variants: dict[str, str]) -> tuple[Term, ...]:
    """The terms with their keys folded to their variant's key (`suffix_variants`,
    `spelling_variants`); a term with no variant is kept as it is (most are: building a new
    one for each was ~15% of the term vectors of a big story)."""
    if not variants:
        return tuple(terms)
    return tuple(
        t if t.key not in variants else Term(variants[t.key], t.kind, t.text, t.start, t.end)
        for t in terms
    )


def corpus_name_keys(texts: Iterable[str]) -> frozenset[str]:
    """Keys of words written with a capital somewhere mid-sentence in the corpus: at a sentence
    start elsewhere ("Macron declared ...") they are still names."""
    return frozenset(term.key for text in texts for term, _ in _scan(text, 0) if term.kind is NAME)


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
