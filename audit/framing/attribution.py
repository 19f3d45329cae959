"""Who is said to have said something: reporting verbs and the speakers they attach to.

An attribution is a reporting verb ("said", "told", "claimed", "according to") with the phrase
that names its speaker, found by small positional rules rather than a parser:

- the subject before the verb ("Zelensky said", "European officials said", "he said"), skipping
  auxiliaries and adverbs ("has also said");
- past an appositive, the sentence's first noun phrase ("Maria Zakharova, Russia's Foreign Ministry
  spokesperson, said");
- after the verb when the subject follows it ("said Boris Bondarev, a former Russian diplomat");
- the object of "according to" ("according to Reuters").

The speaker is anonymous when the head noun is one of `anonymous_sources` ("officials", "a source",
"experts"), named when the phrase holds a capitalised name, and a pronoun ("he said") is resolved
to the article's previous attribution. Verbs inside quotations are ignored, and quotations are
boundaries: "Putin would never say" inside a quote is not an attribution.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from audit.framing.lexicon import Lexicon, Match, find_matches
from audit.model import Span
from audit.text.normalize import Token, tokens


class SpeakerKind(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    PRONOUN = "pronoun"


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting verb and its speaker; `start`/`end` cover both (offsets into the article)."""

    start: int
    end: int
    text: str
    verb: str  # the lexicon entry of the verb ("say", "claim", "according to")
    verb_start: int
    verb_end: int
    speaker: str
    kind: SpeakerKind
    slanted: bool
    rule: str  # which positional rule found the speaker


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
_SUBJECT_WINDOW = (
    5  # words in a subject phrase, walking back from the verb ("the bloc's top diplomat")
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A name opening a sentence ("Macron, who...", "Waltz signaled..."): what a later "he said"
    most likely points back to."""

    start: int
    speaker: str


def find_attributions(
    text: str,
    lexicons: Mapping[str, Lexicon],
    *,
    offset: int = 0,
    sentences: Sequence[Span] = (),
    exclude: Sequence[Span] = (),
    words: tuple[Token, ...] | None = None,
) -> tuple[Attribution, ...]:
    """Attributions in one paragraph `text` (at `offset` in its article). `sentences` are the
    paragraph's sentence spans (article offsets; the whole text is one sentence if empty);
    `exclude` holds quotation spans, whose words are neither verbs nor speakers. Pronoun
    speakers are left for `resolve_pronouns`."""
    all_words = tokens(text, offset) if words is None else words
    words = tuple(t for t in all_words if not _inside(t, exclude))
    sentence_spans = tuple(sentences) or (Span(offset, offset + len(text)),)
    found: list[tuple[Span, Attribution]] = []
    for verb, slanted in _verbs(text, lexicons, offset, exclude, all_words):
        index = _word_index(words, verb.start)
        if index is None:
            continue
        sentence = _sentence_of(sentence_spans, verb.start)
        attribution = _attribute(text, offset, words, index, verb, slanted, sentence, lexicons)
        if attribution is not None:
            found.append((sentence, attribution))
    return tuple(a for sentence, a in found if not _repeats_sentence(a, sentence, found))


def _repeats_sentence(
    attribution: Attribution, sentence: Span, found: Sequence[tuple[Span, Attribution]]
) -> bool:
    """A participle ("one source said, adding that") repeats its sentence's attribution."""
    if not text_of_verb(attribution).endswith("ing"):
        return False
    return any(
        s == sentence and other is not attribution and not text_of_verb(other).endswith("ing")
        for s, other in found
    )


def text_of_verb(attribution: Attribution) -> str:
    start = attribution.verb_start - attribution.start
    return attribution.text[
        start : start + attribution.verb_end - attribution.verb_start
    ].casefold()


def sentence_mentions(
    text: str, *, offset: int = 0, sentences: Sequence[Span] = (), exclude: Sequence[Span] = ()
) -> tuple[Mention, ...]:
    """Names that open the paragraph's sentences, for pronoun resolution."""
    words = tuple(t for t in tokens(text, offset) if not _inside(t, exclude))
    mentions = []
    for sentence in sentences or (Span(offset, offset + len(text)),):
        inside = [w for w in words if sentence.start <= w.start < sentence.end]
        run = []
        for word in inside:
            if not _is_name(word, first=False) or (
                run and not _joined(text, offset, run[-1], word)
            ):
                break
            run.append(word)
        if run and run[0] is inside[0]:
            speaker = text[run[0].start - offset : run[-1].end - offset]
            mentions.append(Mention(run[0].start, speaker))
    return tuple(mentions)


def resolve_pronouns(
    attributions: Sequence[Attribution], mentions: Sequence[Mention] = ()
) -> tuple[Attribution, ...]:
    """Pronoun attributions ("he said") take the speaker of the latest non-pronoun attribution
    or sentence-opening name before them in the same article (both given in text order); those
    with nothing before them are dropped."""
    events: list[tuple[int, Attribution | Mention]] = [(a.start, a) for a in attributions]
    events += [(m.start, m) for m in mentions]
    resolved: list[Attribution] = []
    last: tuple[str, SpeakerKind] | None = None
    for _, event in sorted(events, key=lambda pair: pair[0]):
        if isinstance(event, Mention):
            last = (event.speaker, SpeakerKind.NAMED)
        elif event.kind is not SpeakerKind.PRONOUN:
            last = (event.speaker, event.kind)
            resolved.append(event)
        elif last is not None:
            rule = f"{event.rule}:pronoun"
            resolved.append(replace(event, speaker=last[0], kind=last[1], rule=rule))
    return tuple(resolved)


def _verbs(
    text: str,
    lexicons: Mapping[str, Lexicon],
    offset: int,
    exclude: Sequence[Span],
    words: tuple[Token, ...],
) -> list[tuple[Match, bool]]:
    def found(name: str) -> tuple[Match, ...]:
        return find_matches(text, lexicons[name], offset=offset, words=words)

    neutral = [(m, False) for m in found("reporting_verbs")]
    slanted = [(m, True) for m in found("slanted_verbs")]
    verbs = sorted(neutral + slanted, key=lambda pair: pair[0].start)
    return [(m, s) for m, s in verbs if not any(x.start <= m.start < x.end for x in exclude)]


def _attribute(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    index: int,
    verb: Match,
    slanted: bool,
    sentence: Span,
    lexicons: Mapping[str, Lexicon],
) -> Attribution | None:
    anonymous = _anonymous_heads(lexicons)
    verb_words = len(verb.entry.forms)
    if verb.entry.phrase == "according to":
        found = _object_after(text, offset, words, index + verb_words, sentence, anonymous)
        rule = "according_to"
    else:
        found = _subject_before(text, offset, words, index, sentence, anonymous)
        rule = "subject"
        if found is None and verb.entry.phrase in _INVERTING:
            found = _object_after(text, offset, words, index + verb_words, sentence, anonymous)
            rule = "inverted"
    if found is None:
        return None
    (first, last), kind = found
    start = min(verb.start, words[first].start)
    end = max(verb.end, words[last].end)
    return Attribution(
        start=start,
        end=end,
        text=text[start - offset : end - offset],
        verb=verb.entry.phrase,
        verb_start=verb.start,
        verb_end=verb.end,
        speaker=text[words[first].start - offset : words[last].end - offset],
        kind=kind,
        slanted=slanted,
        rule=rule,
    )


Phrase = tuple[tuple[int, int], SpeakerKind]


def _subject_before(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    index: int,
    sentence: Span,
    anonymous: frozenset[str],
) -> Phrase | None:
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
        and j - first < _SUBJECT_WINDOW - 1
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
    first = next((k for k in range(before + 1) if words[k].start >= sentence.start), None)
    if first is None:
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
) -> Phrase | None:
    """The speaker after the verb: "said Dumoulin", "said the officials", "according to Reuters".
    The phrase must end the clause (a comma, full stop or the sentence end follows it)."""
    if index >= len(words) or words[index].start >= sentence.end:
        return None
    if index and not _joined(text, offset, words[index - 1], words[index]):
        return None
    last = index
    while (
        last + 1 < len(words)
        and last - index < _SUBJECT_WINDOW - 1
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


def _inside(word: Token, spans: Sequence[Span]) -> bool:
    return any(s.start <= word.start < s.end for s in spans)


def _word_index(words: tuple[Token, ...], start: int) -> int | None:
    """The index of the word starting at `start` (words are in text order: a binary search,
    since a long paragraph has thousands of words and a verb is looked up for each)."""
    k = bisect_left(words, start, key=lambda word: word.start)
    return k if k < len(words) and words[k].start == start else None


def _sentence_of(sentences: Sequence[Span], position: int) -> Span:
    return next(
        (s for s in sentences if s.start <= position < s.end),
        Span(position, position + 1),
    )
