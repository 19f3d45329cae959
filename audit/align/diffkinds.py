"""Which word differences of a linked pair matter to a reader, and of what kind (the classes of
diffs.csv's runs and of the app's highlights).

A linked pair of paragraphs differs in many words; most of it is plain rewording. The side by
side view highlights only the words that change a fact or its framing: different names,
numbers, dates, attribution (who is said to have said it, named or anonymous), and one- to
three-word substitutions ("troops" for "peacekeepers"). A word that also occurs anywhere in the
other paragraph is never highlighted: it is moved, not changed.

The pairs of changed stretches come from the same word alignment the alignment stage uses for
diffs.csv (`paragraph_words` keys, rapidfuzz's matching blocks), so the highlights agree with
the report. The words that attribute a claim ("said", "according", "officials") come from the
framing lexicons (`audit.framing.lexicon.attribution_forms`) and are passed in, so that this
module needs nothing of framing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from audit.align.diffwords import ParagraphWords, matching_words, paragraph_words
from audit.align.terms import POSSESSIVE, STOPWORDS, stem
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token
from audit.text.wordlists import MONTH_WORDS, NUMBER_WORDS, WEEKDAYS


class DiffKind(StrEnum):
    NAME = "name"
    NUMBER = "number"
    DATE = "date"
    ATTRIBUTION = "attribution"
    SUBSTITUTION = "substitution"
    REWORDING = "rewording"


# What the legend says of each kind (the CSS class is `diff-<kind>`).
LEGEND: dict[DiffKind, str] = {
    DiffKind.NAME: "different name",
    DiffKind.NUMBER: "different number",
    DiffKind.DATE: "different date or time",
    DiffKind.ATTRIBUTION: "different attribution (who said it, named or anonymous)",
    DiffKind.SUBSTITUTION: "word substitution",
    DiffKind.REWORDING: "rewording (shown only on demand)",
}

# Dates and times: the month names and their abbreviations, weekdays and relative times.
_RELATIVE_TIMES = frozenset(
    """today yesterday tomorrow tonight week weeks month months year years weekend morning
    evening night""".split()
)
_DATE_WORDS = MONTH_WORDS | WEEKDAYS | _RELATIVE_TIMES
# Numbers: the spelled-out numbers, and amounts that have no one value: shares ("half", "a
# quarter", "percent") and "billions". A different one is a different figure all the same.
_NUMBER_WORDS = NUMBER_WORDS | frozenset({"billions", "half", "quarter", "percent"})
_DEFAULTS = AlignConfig()


@dataclass(frozen=True, slots=True)
class WordChange:
    """A word of one side of a linked pair that matters, with the other side's words it replaces
    (empty when the other side has nothing in its place)."""

    token: Token
    kind: DiffKind
    instead: str


def classify(
    token: Token,
    text: str,
    start: int,
    *,
    replaced: int,
    replacing: int,
    instead: Sequence[str] = ("",),
    attribution: frozenset[str] = frozenset(),
    reworded: bool = False,
    config: AlignConfig = _DEFAULTS,
) -> DiffKind:
    """The kind of a changed word. `text`/`start`: its paragraph and where that paragraph starts
    in the article (to tell a sentence's first word from a name); `replaced`: words in its
    changed stretch; `replacing`: words the other side has in their place, `instead` their
    matching keys; `attribution`: the words that attribute a claim; `reworded`: the other side
    has a word of the stretch in another form (then no word of it is a substitution); `config`:
    the stretch lengths (`diff_*`)."""
    kind = _word_kind(token.norm, attribution)
    if kind is not None:
        return kind
    if token.text[:1].isupper() and not _opens_sentence(text, token.start - start):
        return DiffKind.NAME
    return _fallback(
        token,
        replaced=replaced,
        replacing=replacing,
        instead=instead,
        reworded=reworded,
        config=config,
    )


@lru_cache(maxsize=65536)
def _word_kind(norm: str, attribution: frozenset[str]) -> DiffKind | None:
    """The kind a word has whatever its place: a date, a number or an attribution word (a
    story repeats its words: each is looked at once)."""
    if norm in _DATE_WORDS or (norm.isdigit() and len(norm) == 4):
        return DiffKind.DATE
    if any(ch.isdigit() for ch in norm) or any(p in _NUMBER_WORDS for p in norm.split("-")):
        return DiffKind.NUMBER
    if norm in attribution:
        return DiffKind.ATTRIBUTION
    return None


def _names_someone(token: Token) -> bool:
    return token.text[:1].isupper() and token.norm not in STOPWORDS


_OPENERS = frozenset(" \t\"'\u201c\u2018(")


def _opens_sentence(text: str, at: int) -> bool:
    """No text before `at` but openers (spaces, quotes, brackets), or a sentence end before
    them; read backwards from `at` (copying the text before it cost a long paragraph's length
    per word)."""
    while at > 0 and text[at - 1] in _OPENERS:
        at -= 1
    return at == 0 or text[at - 1] in ".!?:\n"


Stretch = tuple[int, int, int, int]  # words [lo_a, hi_a) of one side, [lo_b, hi_b) of the other


def stretches(blocks: Sequence[tuple[int, int, int]], n_a: int, n_b: int) -> Iterator[Stretch]:
    """The changed stretches between matching blocks (`similarity.matching_blocks` of the two
    sides' keys, `(a_start, b_start, size)`), as word index ranges of each side (one may be
    empty); the diff runs only one side has are exactly these ranges."""
    at_a = at_b = 0
    for start_a, start_b, size in [*blocks, (n_a, n_b, 0)]:
        yield at_a, start_a, at_b, start_b
        at_a, at_b = start_a + size, start_b + size


def word_changes(
    mine: Paragraph,
    other: Paragraph,
    attribution: frozenset[str] = frozenset(),
    *,
    words: tuple[ParagraphWords, ParagraphWords] | None = None,
    config: AlignConfig = _DEFAULTS,
) -> tuple[WordChange, ...]:
    """The words of `mine` that differ from `other` in a way that matters (see the module doc),
    rewording included (the view hides it unless asked).

    A name, number, date or attribution counts only against one of its own kind in the other
    side's stretch ("Kiev" for "Kyiv", "30,000" for "thousands", "officials said" for "Macron
    said"); a name the other side simply does not mention is more detail, not a different name.
    """
    if words is None:
        numbering: dict[str, int] = {}
        words = (
            paragraph_words(mine, numbering=numbering),
            paragraph_words(other, numbering=numbering),
        )
    words_a, words_b = words
    blocks = matching_words(words_a, words_b)
    changes: list[WordChange] = []
    for lo_a, hi_a, lo_b, hi_b in stretches(blocks, len(words_a.keys), len(words_b.keys)):
        here = [words_a.tokens[i] for i in _absent(words_a, lo_a, hi_a, words_b.vocabulary)]
        if not here:
            continue  # words of this stretch are all in the other paragraph: moved, not changed
        there = [words_b.tokens[i] for i in _absent(words_b, lo_b, hi_b, words_a.vocabulary)]
        instead = " ".join(t.text for t in words_b.tokens[lo_b:hi_b])
        kinds = _stretch_kinds(here, there, mine, other, attribution, config)
        changes.extend(WordChange(t, k, instead) for t, k in zip(here, kinds, strict=True))
    return tuple(changes)


def telling_words(
    mine: Paragraph,
    other: Paragraph,
    words: tuple[ParagraphWords, ParagraphWords],
    blocks: Sequence[tuple[int, int, int]],
    attribution: frozenset[str] = frozenset(),
    config: AlignConfig = _DEFAULTS,
) -> list[tuple[int, DiffKind]]:
    """The changed words of `mine` that `word_changes` classes other than rewording, as (word
    index, kind) in text order; `blocks`: the matching blocks of `mine`'s keys against
    `other`'s. A stretch with more than `config.diff_kind_max_words` changed words a side is
    rewording throughout, so each side's changed words are counted only up to one more than
    that: a long paragraph is read once per link, not copied, joined and classed word by
    word."""
    words_a, words_b = words
    limit = config.diff_kind_max_words + 1
    found: list[tuple[int, DiffKind]] = []
    for lo_a, hi_a, lo_b, hi_b in stretches(blocks, len(words_a.keys), len(words_b.keys)):
        here = _absent(words_a, lo_a, hi_a, words_b.vocabulary, limit)
        if not here or len(here) == limit:
            continue  # moved words only, or a rewritten clause
        there = _absent(words_b, lo_b, hi_b, words_a.vocabulary, limit)
        if len(there) == limit:
            continue
        kinds = _stretch_kinds(
            [words_a.tokens[i] for i in here],
            [words_b.tokens[i] for i in there],
            mine,
            other,
            attribution,
            config,
        )
        found.extend(
            (i, k) for i, k in zip(here, kinds, strict=True) if k is not DiffKind.REWORDING
        )
    return found


# The most telling class of a diff run's words is the run's class (diffs.csv `kind`).
_RANK = (DiffKind.NUMBER, DiffKind.DATE, DiffKind.NAME, DiffKind.ATTRIBUTION,
         DiffKind.SUBSTITUTION, DiffKind.REWORDING)  # fmt: skip


def most_telling(kinds: Iterable[DiffKind]) -> DiffKind:
    """The class of a run of changed words: its most telling word's, rewording if none."""
    return min(kinds, key=_RANK.index, default=DiffKind.REWORDING)


def _absent(
    words: ParagraphWords, lo: int, hi: int, vocabulary: frozenset[str], limit: int = 0
) -> list[int]:
    """Indices of the words in [lo, hi) whose key is not in `vocabulary` (the other side's), at
    most `limit` of them (0: all)."""
    found: list[int] = []
    keys = words.keys
    for i in range(lo, hi):
        if keys[i] not in vocabulary:
            found.append(i)
            if len(found) == limit:
                break
    return found


def _stretch_kinds(
    here: Sequence[Token],
    there: Sequence[Token],
    mine: Paragraph,
    other: Paragraph,
    attribution: frozenset[str],
    config: AlignConfig,
) -> list[DiffKind]:
    """The kinds of the changed words `here` of one stretch of `mine`, against the other
    side's changed words `there` in its place."""
    if max(len(here), len(there)) > config.diff_kind_max_words:
        # a rewritten clause: nothing in it is a word's counterpart, and the swap is not
        # short, so every word of it is rewording (classifying each word said so too)
        return [DiffKind.REWORDING] * len(here)
    # the same term in another form on the other side ("city council" / "Councillors"):
    # the stretch is reworded, not one word chosen for another
    counts = {
        "replaced": len(here),
        "replacing": len(there),
        "reworded": _same_term(here, there, config.diff_min_inside_letters),
    }
    keys = [t.norm for t in there]
    if max(len(here), len(there)) > config.diff_substitution_max_words:
        there = [t for t in there if not _names_someone(t)]  # names: short swaps only
    opposite: set[DiffKind] | None = None  # the kinds in `there`, found when first needed
    kinds: list[DiffKind] = []
    for token in here:
        kind = classify(
            token,
            mine.text,
            mine.start,
            **counts,
            instead=keys,
            attribution=attribution,
            config=config,
        )
        if kind in _KINDS_NEEDING_A_COUNTERPART:
            if opposite is None:
                opposite = _kinds_of(
                    there, other, counts, [t.norm for t in here], attribution, config
                )
            if kind in (DiffKind.NUMBER, DiffKind.DATE) and kind not in opposite:
                # a number or date against plain words ("April" for "repairs", "7" for
                # "controversial decision") is a clause told differently, no word choice
                kind = DiffKind.REWORDING
            elif kind not in opposite:
                kind = _fallback(token, **counts, instead=keys, config=config)
        kinds.append(kind)
    return kinds


def _kinds_of(
    there: Sequence[Token],
    other: Paragraph,
    counts: dict[str, int],
    mine_keys: Sequence[str],
    attribution: frozenset[str],
    config: AlignConfig,
) -> set[DiffKind]:
    """The kinds of the other side's changed words a word of this side can be set against."""
    kinds = {
        classify(
            t,
            other.text,
            other.start,
            **counts,
            instead=mine_keys,
            attribution=attribution,
            config=config,
        )
        for t in there
    }
    if any(t.text[:1].isupper() and t.norm not in STOPWORDS for t in there):
        kinds.add(DiffKind.ATTRIBUTION)  # a named speaker against an anonymous one
    return kinds


_KINDS_NEEDING_A_COUNTERPART = frozenset(
    {DiffKind.NAME, DiffKind.NUMBER, DiffKind.DATE, DiffKind.ATTRIBUTION}
)


def _fallback(
    token: Token,
    *,
    replaced: int,
    replacing: int,
    instead: Sequence[str] = ("",),
    reworded: bool = False,
    config: AlignConfig = _DEFAULTS,
) -> DiffKind:
    if reworded:  # a substitution is two different words for one role, not one word twice
        return DiffKind.REWORDING
    most = config.diff_substitution_max_words
    short = 0 < replaced <= most and 0 < replacing <= most
    # The other side must put a plain word in its place: "repairs" against "April" is a
    # clause told differently (a date where a noun was), not one word chosen for another.
    # (Looked at only for a short swap: long stretches were most of the calls.)
    if short and token.norm not in STOPWORDS and any(_plain(w) for w in instead):
        return DiffKind.SUBSTITUTION
    return DiffKind.REWORDING


def _same_term(here: Sequence[Token], there: Sequence[Token], min_inside: int) -> bool:
    """Whether a word of one stretch is a word of the other in another form: the same light
    stem ("force"/"forces"), or one inside the other at its start or end ("council"/
    "councillors", from `min_inside` letters)."""
    words_here = {_bare(t.norm) for t in here if t.norm not in STOPWORDS}
    words_there = {_bare(t.norm) for t in there if t.norm not in STOPWORDS}
    return any(_one_word(a, b, min_inside) for a in words_here for b in words_there)


def _bare(norm: str) -> str:
    return POSSESSIVE.sub("", norm)


def _one_word(a: str, b: str, min_inside: int) -> bool:
    if a == b or stem(a) == stem(b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= min_inside and (long.startswith(short) or long.endswith(short))


_NO_ATTRIBUTION: frozenset[str] = frozenset()


def _plain(word: str) -> bool:
    return word not in STOPWORDS and _word_kind(word, _NO_ATTRIBUTION) is None


def kinds_present(changes: Sequence[WordChange]) -> set[DiffKind]:
    return {c.kind for c in changes}
