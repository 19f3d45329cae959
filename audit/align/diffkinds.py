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

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from audit.align.diffs import ParagraphWords, paragraph_words
from audit.align.terms import POSSESSIVE, STOPWORDS, stem
from audit.model import Paragraph
from audit.text.normalize import Token
from audit.text.similarity import matching_blocks


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

_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight"
    " week weeks month months year years weekend morning evening night".split()
)
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty"
    " fifty hundred hundreds thousand thousands million millions billion billions dozen dozens"
    " half quarter percent".split()
)
# A substitution is a short phrase for a short phrase; longer replaced stretches are rewording.
# A different number, date or speaker is looked for in stretches of up to six words a side, a
# different name (or a named speaker for an anonymous one) in stretches of up to three: on the
# bundled story, longer changed stretches were rewritten clauses, whose names differ because the
# clauses say different things ("White House" against "Prime Minister Starmer"), not because
# one outlet renamed something.
_MAX_SUBSTITUTION_WORDS = 3
_MAX_KIND_STRETCH = 6
# A word inside another at its start or end is the same term in another form ("council" in
# "councillors", "keepers" in "peacekeepers") from this many letters on; shorter ones are
# inside unrelated words too ("war" in "warned", "art" in "party").
_MIN_INSIDE = 4


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
) -> DiffKind:
    """The kind of a changed word. `text`/`start`: its paragraph and where that paragraph starts
    in the article (to tell a sentence's first word from a name); `replaced`: words in its
    changed stretch; `replacing`: words the other side has in their place, `instead` their
    matching keys; `attribution`: the words that attribute a claim; `reworded`: the other side
    has a word of the stretch in another form (then no word of it is a substitution)."""
    kind = _word_kind(token.norm, attribution)
    if kind is not None:
        return kind
    if token.text[:1].isupper() and not _opens_sentence(text, token.start - start):
        return DiffKind.NAME
    return _fallback(
        token, replaced=replaced, replacing=replacing, instead=instead, reworded=reworded
    )


@lru_cache(maxsize=65536)
def _word_kind(norm: str, attribution: frozenset[str]) -> DiffKind | None:
    """The kind a word has whatever its place: a date, a number or an attribution word (a
    story repeats its words: each is looked at once)."""
    if norm in _MONTHS or norm in _TIME_WORDS or (norm.isdigit() and len(norm) == 4):
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


def word_changes(
    mine: Paragraph,
    other: Paragraph,
    attribution: frozenset[str] = frozenset(),
    *,
    words: tuple[ParagraphWords, ParagraphWords] | None = None,
) -> tuple[WordChange, ...]:
    """The words of `mine` that differ from `other` in a way that matters (see the module doc),
    rewording included (the view hides it unless asked).

    A name, number, date or attribution counts only against one of its own kind in the other
    side's stretch ("Kiev" for "Kyiv", "30,000" for "thousands", "officials said" for "Macron
    said"); a name the other side simply does not mention is more detail, not a different name.
    """
    words_a, words_b = words or (paragraph_words(mine), paragraph_words(other))
    norms_a, norms_b = set(words_a.keys), set(words_b.keys)
    ends = (len(words_a.keys), len(words_b.keys), 0)
    changes: list[WordChange] = []
    at_a = at_b = 0
    for start_a, start_b, size in [*matching_blocks(words_a.keys, words_b.keys), ends]:
        stretch_a, stretch_b = words_a.tokens[at_a:start_a], words_b.tokens[at_b:start_b]
        at_a, at_b = start_a + size, start_b + size
        here = [t for t in stretch_a if t.norm not in norms_b]
        if not here:
            continue  # words of this stretch are all in the other paragraph: moved, not changed
        there = [t for t in stretch_b if t.norm not in norms_a]
        instead = " ".join(t.text for t in stretch_b)
        if max(len(here), len(there)) > _MAX_KIND_STRETCH:
            # a rewritten clause: nothing in it is a word's counterpart, and the swap is not
            # short, so every word of it is rewording (classifying each word said so too)
            changes.extend(WordChange(token, DiffKind.REWORDING, instead) for token in here)
            continue
        # the same term in another form on the other side ("city council" / "Councillors"):
        # the stretch is reworded, not one word chosen for another
        counts = {
            "replaced": len(here),
            "replacing": len(there),
            "reworded": _same_term(here, there),
        }
        keys = [t.norm for t in there]
        if max(len(here), len(there)) > _MAX_SUBSTITUTION_WORDS:
            there = [t for t in there if not _names_someone(t)]  # names: short swaps only
        opposite: set[DiffKind] | None = None  # the kinds in `there`, found when first needed
        for token in here:
            kind = classify(
                token, mine.text, mine.start, **counts, instead=keys, attribution=attribution
            )
            if kind in _KINDS_NEEDING_A_COUNTERPART:
                if opposite is None:
                    opposite = _kinds_of(there, other, counts, [t.norm for t in here], attribution)
                if kind in (DiffKind.NUMBER, DiffKind.DATE) and kind not in opposite:
                    # a number or date against plain words ("April" for "repairs", "7" for
                    # "controversial decision") is a clause told differently, no word choice
                    kind = DiffKind.REWORDING
                elif kind not in opposite:
                    kind = _fallback(token, **counts, instead=keys)
            changes.append(WordChange(token, kind, instead))
    return tuple(changes)


def _kinds_of(
    there: Sequence[Token],
    other: Paragraph,
    counts: dict[str, int],
    mine_keys: Sequence[str],
    attribution: frozenset[str],
) -> set[DiffKind]:
    """The kinds of the other side's changed words a word of this side can be set against."""
    kinds = {
        classify(t, other.text, other.start, **counts, instead=mine_keys, attribution=attribution)
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
) -> DiffKind:
    if reworded:  # a substitution is two different words for one role, not one word twice
        return DiffKind.REWORDING
    short = 0 < replaced <= _MAX_SUBSTITUTION_WORDS and 0 < replacing <= _MAX_SUBSTITUTION_WORDS
    # The other side must put a plain word in its place: "repairs" against "April" is a
    # clause told differently (a date where a noun was), not one word chosen for another.
    # (Looked at only for a short swap: long stretches were most of the calls.)
    if short and token.norm not in STOPWORDS and any(_plain(w) for w in instead):
        return DiffKind.SUBSTITUTION
    return DiffKind.REWORDING


def _same_term(here: Sequence[Token], there: Sequence[Token]) -> bool:
    """Whether a word of one stretch is a word of the other in another form: the same light
    stem ("force"/"forces"), or one inside the other at its start or end ("council"/
    "councillors")."""
    words_here = {_bare(t.norm) for t in here if t.norm not in STOPWORDS}
    words_there = {_bare(t.norm) for t in there if t.norm not in STOPWORDS}
    return any(_one_word(a, b) for a in words_here for b in words_there)


def _bare(norm: str) -> str:
    return POSSESSIVE.sub("", norm)


def _one_word(a: str, b: str) -> bool:
    if a == b or stem(a) == stem(b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= _MIN_INSIDE and (long.startswith(short) or long.endswith(short))


_NO_ATTRIBUTION: frozenset[str] = frozenset()


def _plain(word: str) -> bool:
    return word not in STOPWORDS and _word_kind(word, _NO_ATTRIBUTION) is None


def kinds_present(changes: Sequence[WordChange]) -> set[DiffKind]:
    return {c.kind for c in changes}
