"""Who the subject of a reporting verb is: the words before or after the verb, read as a named
person or organisation, an anonymous source ("officials familiar with"), or a pronoun."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from itertools import accumulate, pairwise

from audit.framing.lexicon import Lexicon
from audit.model import Span
from audit.text.normalize import Token


class SpeakerKind(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    GROUP = "group"  # a generic group speaking ("Forecasters said"): neither named nor hidden
    PRONOUN = "pronoun"


# a speaker phrase: its (start, end) offsets and what kind of speaker it names
Phrase = tuple[tuple[int, int], SpeakerKind]


_SKIPPABLE = frozenset(
    """has have had also publicly later repeatedly previously then would will not never already
    recently first again both all has'nt hasn't had've is was were are been being did does do
    once earlier separately privately openly""".split()
)

_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})

# Capitalised words that do not name anyone: sentence openers, quantifiers, days and months.
_NOT_NAMES = frozenset(
    """the a an this that these those some many most others other it its their both all such in on
    at but and while although however meanwhile still yet nevertheless furthermore if when as after
    before even though there here what who which one two three several few each another his her
    our my your no neither nor so for with by from of to monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november
    december today yesterday tomorrow last this next""".split()
)

# Words that end a subject noun phrase when walking back from the verb.
_PHRASE_STOPS = (_NOT_NAMES - {"the", "a", "an", "one", "two", "three", "several", "some"}) | {
    "via",
    "into",
    "about",
    "over",
    "under",
    "than",
    "whom",
    "whose",
    "against",
    "between",
    "among",
    "during",
    "without",
    "through",
    "since",
    "until",
    "because",
    "where",
    "said",
}

# Prepositions that tie a speaker to an institution ("an adviser to the government").
_LINKS = frozenset({"to", "of", "for", "at", "with", "from", "in"})

_INVERTING = frozenset({"say", "add", "write", "ask", "explain", "note", "continue", "reply"})


def _subject_before(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    index: int,
    sentence: Span,
    anonymous: frozenset[str],
    phrase_words: int,
) -> Phrase | None:
    """The speaker before the verb, a phrase of at most `phrase_words` words ("the bloc's top
    diplomat said"), or the sentence's subject past an appositive or a participle."""
    j = index - 1
    while (
        j >= 0
        and index - j <= 3
        and _skippable(words[j])
        and _joined(text, offset, words[j], words[j + 1])
    ):
        j -= 1
    if j < 0 or words[j].start < sentence.start:
        return None
    if not _joined(text, offset, words[j], words[j + 1]):
        # "X, a spokesperson, said" or "X backed off, saying": the sentence's subject speaks.
        if _gap(text, offset, words[j], words[j + 1]) == ",":
            return _sentence_subject(text, offset, words, j, sentence, anonymous)
        return None
    if words[index].norm.endswith("ing") or words[j].norm in _PHRASE_STOPS:
        return None  # "while stressing", "that first revealed": no subject stands here
    first = j
    while (
        first > 0
        and j - first < phrase_words - 1
        and words[first - 1].start >= sentence.start
        and words[first - 1].norm not in _PHRASE_STOPS
        and _joined(text, offset, words[first - 1], words[first])
    ):
        first -= 1
    kind = _classify(
        words[first : j + 1], anonymous, sentence_start=_is_first(words, first, sentence)
    )
    if kind is not SpeakerKind.ANONYMOUS:
        owner = _anonymous_owner(text, offset, words, first, sentence, anonymous)
        if owner is not None:
            return (owner, j), SpeakerKind.ANONYMOUS
    return ((first, j), kind) if kind is not None else None


def _anonymous_owner(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    first: int,
    sentence: Span,
    anonymous: frozenset[str],
) -> int | None:
    """ "an advisor to the Ukrainian government said": the adviser speaks, not the government."""
    k = first - 2
    if k < 0 or words[k].start < sentence.start or words[first - 1].norm not in _LINKS:
        return None
    if words[k].norm not in anonymous or not _joined(text, offset, words[k], words[first - 1]):
        return None
    while k > 0 and words[k - 1].norm in {"a", "an", "one", "the"}:
        k -= 1
    return k


def _sentence_subject(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    before: int,
    sentence: Span,
    anonymous: frozenset[str],
) -> Phrase | None:
    """Past an appositive or a participle ("X, a spokesperson, said", "X backed off, saying"):
    the sentence's opening name, or its opening anonymous source ("Officials familiar with...")."""
    first = bisect_left(words, sentence.start, key=lambda word: word.start)  # in text order
    if first > before:
        return None
    while first < before and words[first].norm in {"the", "a", "an"}:
        first += 1
    head = next(
        (k for k in range(first, min(first + 4, before + 1)) if words[k].norm in anonymous), None
    )
    if head is not None and (head == first or not _is_name(words[first], first=False)):
        return (first, head), SpeakerKind.ANONYMOUS
    last = first - 1
    while (
        last + 1 <= before
        and _is_name(words[last + 1], first=False)
        and (last < first or _joined(text, offset, words[last], words[last + 1]))
    ):
        last += 1
    return ((first, last), SpeakerKind.NAMED) if last >= first else None


def _object_after(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    index: int,
    sentence: Span,
    anonymous: frozenset[str],
    phrase_words: int,
) -> Phrase | None:
    """The speaker after the verb: "said Dumoulin", "said the officials", "according to Reuters",
    at most `phrase_words` words. The phrase must end the clause (a comma, full stop or the
    sentence end follows it)."""
    if index >= len(words) or words[index].start >= sentence.end:
        return None
    if index and not _joined(text, offset, words[index - 1], words[index]):
        return None
    last = index
    while (
        last + 1 < len(words)
        and last - index < phrase_words - 1
        and words[last + 1].start < sentence.end
        and _joined(text, offset, words[last], words[last + 1])
    ):
        last += 1
    phrase = words[index : last + 1]
    if phrase[0].norm in _NOT_NAMES - {"the", "a", "an", "one", "two", "three", "several", "some"}:
        return None
    kind = _classify(phrase, anonymous, sentence_start=False, head_last=False)
    return ((index, last), kind) if kind is not None else None


def _classify(
    phrase: Sequence[Token],
    anonymous: frozenset[str],
    *,
    sentence_start: bool,
    head_last: bool = True,
) -> SpeakerKind | None:
    """Named, anonymous or pronoun: the head noun decides first, then any capitalised name."""
    heads = phrase[-1:] if head_last else phrase
    if head_last and phrase[-1].norm in _PRONOUNS:
        return SpeakerKind.PRONOUN  # "Later he said": the pronoun is the subject
    if any(t.norm in anonymous for t in heads[:4]):
        return SpeakerKind.ANONYMOUS
    if len(phrase) == 1 and phrase[0].norm in _PRONOUNS:
        return SpeakerKind.PRONOUN
    names = [t for k, t in enumerate(phrase) if _is_name(t, first=sentence_start and k == 0)]
    if names:
        # A nationality plural ("Europeans say") names a group, not a source.
        if len(names) == 1 and names[0].norm.endswith("ans") and names[0] is phrase[-1]:
            return SpeakerKind.ANONYMOUS
        return SpeakerKind.NAMED
    return None


def _is_name(word: Token, *, first: bool) -> bool:
    if not word.text[:1].isupper() or word.norm in _NOT_NAMES:
        return False
    # A capitalised first word of a sentence is a name only if it is not all lowercase elsewhere;
    # without a dictionary, accept it unless it is a known non-name.
    return not (first and word.norm in _PRONOUNS)


def _skippable(word: Token) -> bool:
    """Auxiliaries and adverbs between a subject and its verb ("has also", "reportedly")."""
    return word.norm in _SKIPPABLE or (word.norm.endswith("ly") and word.text.islower())


def source_heads(lexicons: Mapping[str, Lexicon]) -> frozenset[str]:
    """Nouns that stand for sources (anonymous or group): a name before one modifies it."""
    return _anonymous_heads(lexicons) | group_heads(lexicons)


def group_heads(lexicons: Mapping[str, Lexicon]) -> frozenset[str]:
    """The plural nouns of `group_sources`, as written (no inflection: "an expert" is one
    unnamed person, "experts" a group)."""
    return frozenset(" ".join(e.phrase.split()) for e in lexicons["group_sources"].entries)


def as_group(
    phrase: Sequence[Token], groups: frozenset[str], *, sentence_case: bool = False
) -> bool:
    """A speaker phrase that is a generic group: its words hold a group noun and no other
    capitalised word ("Forecasters", "local residents"; not "Pentagon experts").
    `sentence_case`: the phrase opens its sentence and its first word's capital is the
    sentence's, not a name's ("Local residents said", "The residents said")."""
    if not any(t.norm in groups for t in phrase):
        return False
    rest = phrase[1:] if sentence_case else phrase
    return all(t.norm in groups or not t.text[:1].isupper() for t in rest)


def capitalised_inside(
    words: Sequence[Token], sentence_of: Callable[[int], Span]
) -> frozenset[str]:
    """The words (`norm`) written with a capital inside a sentence, not as its first word: a
    word a sentence opens with is a name when the paragraph also capitalises it there ("Pentagon
    experts said ... at the Pentagon"), and only sentence case otherwise ("Local residents")."""
    return frozenset(
        word.norm
        for previous, word in pairwise(words)
        if word.text[:1].isupper() and previous.start >= sentence_of(word.start).start
    )


def _anonymous_heads(lexicons: Mapping[str, Lexicon]) -> frozenset[str]:
    forms: set[str] = set()
    for entry in lexicons["anonymous_sources"].entries:
        if len(entry.forms) == 1:
            forms |= entry.forms[0]
    return frozenset(forms)


def _joined(text: str, offset: int, left: Token, right: Token) -> bool:
    """Two words are in one phrase when only spaces (or a hyphen) separate them."""
    return not _gap(text, offset, left, right)


def _gap(text: str, offset: int, left: Token, right: Token) -> str:
    return text[left.end - offset : right.start - offset].strip(" \t\n-")


def _is_first(words: tuple[Token, ...], index: int, sentence: Span) -> bool:
    return index == 0 or words[index - 1].start < sentence.start


class SpanSet:
    """Whether a position falls in any of some spans, by binary search: `any(s.start <= p <
    s.end)` for every word of a long paragraph would cost words x spans."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(spans, key=lambda span: span.start)
        self._starts = [span.start for span in ordered]
        self._reach = list(accumulate((span.end for span in ordered), max))

    def __contains__(self, position: int) -> bool:
        k = bisect_right(self._starts, position) - 1
        return k >= 0 and self._reach[k] > position


def _word_index(words: tuple[Token, ...], start: int) -> int | None:
    """The index of the word starting at `start` (words are in text order: a binary search,
    since a long paragraph has thousands of words and a verb is looked up for each)."""
    k = bisect_left(words, start, key=lambda word: word.start)
    return k if k < len(words) and words[k].start == start else None


def _sentence_finder(sentences: Sequence[Span]) -> Callable[[int], Span]:
    """A function from a position to the first sentence holding it (or a one-character span):
    a binary search when the sentences are in order and do not overlap, as segments are."""
    starts = [s.start for s in sentences]
    ordered = all(a.end <= b.start for a, b in pairwise(sentences))

    def find(position: int) -> Span:
        if ordered:
            k = bisect_right(starts, position) - 1
            if k >= 0 and position < sentences[k].end:
                return sentences[k]
            return Span(position, position + 1)
        return next(
            (s for s in sentences if s.start <= position < s.end), Span(position, position + 1)
        )

    return find
