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
"experts"), a group when it is a `group_sources` noun with no capitalised word but one that
only opens the sentence ("Local residents said"), named when the phrase holds a capitalised name,
and a pronoun ("he said") is resolved to the article's previous attribution. Verbs inside
quotations are ignored, and quotations are boundaries: "Putin would never say" inside a quote is
not an attribution.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from audit.config import FramingConfig
from audit.framing.lexicon import Lexicon, Match, find_matches
from audit.framing.speakers import (
    _INVERTING,
    SpanSet,
    SpeakerKind,
    _is_first,
    _is_name,
    _joined,
    _object_after,
    _sentence_finder,
    _subject_before,
    _word_index,
    as_group,
    capitalised_inside,
    group_heads,
    source_heads,
)
from audit.model import Span, pickled_by_fields
from audit.text.normalize import Token, tokens
from audit.text.wordlists import CALENDAR

_DEFAULTS = FramingConfig()


@pickled_by_fields
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
    heads: tuple[frozenset[str], frozenset[str]] | None = None,
    phrase_words: int = _DEFAULTS.attribution_phrase_words,
) -> tuple[Attribution, ...]:
    """Attributions in one paragraph `text` (at `offset` in its article). `sentences` are the
    paragraph's sentence spans (article offsets; the whole text is one sentence if empty);
    `exclude` holds quotation spans, whose words are neither verbs nor speakers. Pronoun
    speakers are left for `resolve_pronouns`. `heads`: `attribution_heads(lexicons)`, when a caller
    reads many paragraphs (built here at the first verb otherwise); `phrase_words`: the longest
    speaker phrase."""
    all_words = tokens(text, offset) if words is None else words
    excluded = SpanSet(exclude)
    words = tuple(t for t in all_words if t.start not in excluded) if exclude else all_words
    sentence_of = _sentence_finder(tuple(sentences) or (Span(offset, offset + len(text)),))
    found: list[tuple[Span, Attribution]] = []
    names: frozenset[str] | None = None  # capitalised inside a sentence: made at the first verb
    for verb, slanted in _verbs(text, lexicons, offset, excluded, all_words):
        index = _word_index(words, verb.start)
        if index is None:
            continue
        sentence = sentence_of(verb.start)
        if heads is None:
            heads = attribution_heads(lexicons)
        if names is None:
            names = capitalised_inside(words, sentence_of)
        attribution = _attribute(
            text, offset, words, index, verb, slanted, sentence, (*heads, names), phrase_words
        )
        if attribution is not None:
            found.append((sentence, attribution))
    by_sentence: dict[Span, list[Attribution]] = {}
    for sentence, attribution in found:
        by_sentence.setdefault(sentence, []).append(attribution)
    return tuple(a for sentence, a in found if not _repeats_sentence(a, by_sentence[sentence]))


def attribution_heads(lexicons: Mapping[str, Lexicon]) -> tuple[frozenset[str], frozenset[str]]:
    """The nouns that head an unnamed source (anonymous and group nouns), and the group nouns
    alone: what `find_attributions` reads a speaker phrase with."""
    return source_heads(lexicons), group_heads(lexicons)


def _repeats_sentence(attribution: Attribution, in_sentence: Sequence[Attribution]) -> bool:
    """A participle ("one source said, adding that") repeats its sentence's attribution."""
    if not text_of_verb(attribution).endswith("ing"):
        return False
    return any(
        other is not attribution and not text_of_verb(other).endswith("ing")
        for other in in_sentence
    )


def text_of_verb(attribution: Attribution) -> str:
    start = attribution.verb_start - attribution.start
    return attribution.text[
        start : start + attribution.verb_end - attribution.verb_start
    ].casefold()


def sentence_mentions(
    text: str,
    *,
    offset: int = 0,
    sentences: Sequence[Span] = (),
    exclude: Sequence[Span] = (),
    not_names: frozenset[str] = frozenset(),
    words: Sequence[Token] | None = None,
    opening_words: int = _DEFAULTS.attribution_opening_words,
) -> tuple[Mention, ...]:
    """The first name of each sentence's `opening_words` ("Trump met", "On Tuesday, Trump
    met"), for pronoun resolution. A name that only modifies a source noun (`not_names`: "White
    House officials") is none; nor are days and months. `words`: `tokens(text, offset)`, if at
    hand."""
    excluded = SpanSet(exclude)
    every = tokens(text, offset) if words is None else words
    words = tuple(t for t in every if t.start not in excluded) if exclude else tuple(every)
    starts = [w.start for w in words]  # in text order: each sentence's words by binary search
    mentions = []
    not_first = CALENDAR | not_names  # once, not for each word looked at
    for sentence in sentences or (Span(offset, offset + len(text)),):
        first = bisect_left(starts, sentence.start)
        inside = list(words[first : bisect_left(starts, sentence.end, lo=first)])
        at = next(
            (
                k
                for k, w in enumerate(inside[:opening_words])
                if _is_name(w, first=False) and w.norm not in not_first
            ),
            None,
        )
        if at is None:
            continue
        run = [inside[at]]
        for word in inside[at + 1 :]:
            if not _is_name(word, first=False) or not _joined(text, offset, run[-1], word):
                break
            run.append(word)
        following = inside[at + len(run)] if at + len(run) < len(inside) else None
        if following is not None and following.norm in not_names:
            continue  # "White House officials said": the officials speak
        speaker = text[run[0].start - offset : run[-1].end - offset]
        mentions.append(Mention(run[0].start, speaker))
    return tuple(mentions)


_SINGULAR = frozenset({"he", "she", "i"})


def resolve_pronouns(
    attributions: Sequence[Attribution], mentions: Sequence[Mention] = ()
) -> tuple[Attribution, ...]:
    """Pronoun attributions ("he said") take the speaker of the latest attribution or
    sentence-opening name before them in the same article (both given in text order); "he",
    "she" and "I" skip plural anonymous and group speakers ("officials said ... He told
    reporters" is not the officials). Those with nothing before them are dropped. A name at the
    very place of an attribution's speaker is that attribution."""
    spoken = {a.start for a in attributions}
    events: list[tuple[int, int, Attribution | Mention]] = [(a.start, 1, a) for a in attributions]
    events += [(m.start, 0, m) for m in mentions if m.start not in spoken]
    resolved: list[Attribution] = []
    last: tuple[str, SpeakerKind] | None = None
    last_singular: tuple[str, SpeakerKind] | None = None
    for _, _, event in sorted(events, key=lambda triple: triple[:2]):
        if isinstance(event, Mention):
            last = last_singular = (event.speaker, SpeakerKind.NAMED)
        elif event.kind is not SpeakerKind.PRONOUN:
            last = (event.speaker, event.kind)
            if event.kind is SpeakerKind.NAMED or not event.speaker.casefold().endswith("s"):
                last_singular = last
            resolved.append(event)
        else:
            pronoun = text_of_pronoun(event)
            target = last_singular if pronoun in _SINGULAR else last
            if target is not None:
                rule = f"{event.rule}:pronoun"
                resolved.append(replace(event, speaker=target[0], kind=target[1], rule=rule))
    return tuple(resolved)


def text_of_pronoun(attribution: Attribution) -> str:
    return attribution.speaker.casefold().split()[-1] if attribution.speaker else ""


def _verbs(
    text: str,
    lexicons: Mapping[str, Lexicon],
    offset: int,
    excluded: SpanSet,
    words: tuple[Token, ...],
) -> list[tuple[Match, bool]]:
    def found(name: str) -> tuple[Match, ...]:
        return find_matches(text, lexicons[name], offset=offset, words=words)

    neutral = [(m, False) for m in found("reporting_verbs")]
    slanted = [(m, True) for m in found("slanted_verbs")]
    verbs = sorted(neutral + slanted, key=lambda pair: pair[0].start)
    return [(m, s) for m, s in verbs if m.start not in excluded]


def _attribute(
    text: str,
    offset: int,
    words: tuple[Token, ...],
    index: int,
    verb: Match,
    slanted: bool,
    sentence: Span,
    heads: tuple[frozenset[str], frozenset[str], frozenset[str]],
    phrase_words: int,
) -> Attribution | None:
    """The attribution of one verb; `heads`: the source nouns (anonymous and group ones), the
    group nouns alone (`speakers.source_heads`, `speakers.group_heads`) and the words the
    paragraph capitalises inside a sentence (`speakers.capitalised_inside`)."""
    # group nouns are found as source nouns, then told apart from anonymous ones below
    anonymous, groups, names = heads
    after = index + len(verb.entry.forms)  # the first word after the verb
    if verb.entry.phrase == "according to":
        found = _object_after(text, offset, words, after, sentence, anonymous, phrase_words)
        rule = "according_to"
    else:
        found = _subject_before(text, offset, words, index, sentence, anonymous, phrase_words)
        rule = "subject"
        if found is None and verb.entry.phrase in _INVERTING:
            found = _object_after(text, offset, words, after, sentence, anonymous, phrase_words)
            rule = "inverted"
    if found is None:
        return None
    (first, last), kind = found
    # a group opening the sentence ("Local residents said") has its first capital from the
    # sentence, unless the paragraph capitalises that word elsewhere too (a name)
    opening = _is_first(words, first, sentence) and words[first].norm not in names
    if kind is not SpeakerKind.PRONOUN and as_group(
        words[first : last + 1], groups, sentence_case=opening
    ):
        kind = SpeakerKind.GROUP
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
