"""Quotations, their speakers, and scare quotes.

A quotation is the text between double quotation marks (typographic or straight); an opening mark
left unclosed runs to the end of its paragraph, as multi-paragraph quotes do. Its speaker is the
attribution (see `audit.framing.attribution`) whose verb stands in the same sentence outside the
quote,
nearest to it; a quote that follows another in the same paragraph with no verb of its own
continues the previous speaker ("...," he said. "We certainly welcome..."). A short quote with no
speaker at all is a scare quote: a word held at a distance rather than reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from audit.framing.attribution import Attribution
from audit.framing.speakers import SpeakerKind
from audit.model import Span, pickled_by_fields
from audit.text.normalize import fold, word_count

_OPEN = "\u201c\u201e"
_CLOSE = "\u201d"
_STRAIGHT = '"'
_OPEN_SINGLE = "\u2018"
_CLOSE_SINGLE = "\u2019"
# Every character `quote_spans` acts on; the others never change its state, so it reads only these.
_MARKS = re.compile(
    "[" + re.escape(_OPEN + _CLOSE + _STRAIGHT + _OPEN_SINGLE + _CLOSE_SINGLE) + ";\n]"
)
_TRIM = " \t\n,.;:!?\u2026"
_NEAR = 1  # characters of slack when asking which sentences a quote touches


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `start`/`end` cover the words inside the marks (article offsets)."""

    article_id: str
    para_id: str
    start: int
    end: int
    text: str
    n_words: int
    speaker: str  # empty when no speaker was found
    speaker_kind: str  # "named", "anonymous" or "" (none found)
    # How the speaker was found: "same_sentence", "continued", "sentence_name", "so_called", "none".
    rule: str
    scare: bool


def quote_spans(text: str, *, offset: int = 0) -> tuple[Span, ...]:
    """The insides of the quoted passages of `text`, trimmed of edge punctuation and spaces,
    shifted by `offset`; empty quotes are dropped. Double quotes (typographic or straight) are
    quotations; typographic single quotes too when they stand outside double quotes (British
    style), opening after a space and closing before a non-letter, since the closing mark is
    also the apostrophe ("Ukraine’s")."""
    spans: list[Span] = []
    open_at: int | None = None
    single = False
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if open_at is None and (char in _OPEN or char == _STRAIGHT):
            open_at, single = i + 1, False
        elif open_at is None and char == _OPEN_SINGLE and _opens(text, i):
            open_at, single = i + 1, True
        elif open_at is not None and _closing(text, i, single):
            spans.extend(_trimmed(text, open_at, i, offset))
            open_at = None
        elif single and open_at is not None and char in ";\n":
            open_at = None  # a single "quote" running past a clause was an apostrophe
    if open_at is not None and not single:
        spans.extend(_trimmed(text, open_at, len(text), offset))
    return tuple(spans)


def _opens(text: str, i: int) -> bool:
    """‘ opens a quote after a non-letter and before a letter ("‘80s" is an apostrophe)."""
    before_ok = i == 0 or not text[i - 1].isalnum()
    return before_ok and i + 1 < len(text) and text[i + 1].isalpha()


def _closing(text: str, i: int, single: bool) -> bool:
    if not single:
        return text[i] in _CLOSE or text[i] == _STRAIGHT
    return text[i] == _CLOSE_SINGLE and (i + 1 == len(text) or not text[i + 1].isalnum())


def _trimmed(text: str, start: int, end: int, offset: int) -> list[Span]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return [Span(start + offset, end + offset)] if end > start else []


def find_quotes(
    text: str,
    *,
    article_id: str,
    para_id: str,
    offset: int = 0,
    sentences: Sequence[Span] = (),
    attributions: Sequence[Attribution] = (),
    scare_max_words: int = 3,
    spans: Sequence[Span] | None = None,
) -> tuple[Quote, ...]:
    """The quotations of one paragraph with their speakers. `sentences` and `attributions` are
    the paragraph's (article offsets; `attributions` already pronoun-resolved); `spans`, when
    at hand, its `quote_spans`."""
    quotes: list[Quote] = []
    sentence_index = _Ordered(sentences, [s.start for s in sentences], [s.end for s in sentences])
    verbs = _Verbs(attributions)
    for span in quote_spans(text, offset=offset) if spans is None else spans:
        context = _context(span, sentence_index, offset, len(text))
        speaker = _nearest(span, context, verbs)
        rule = "same_sentence" if speaker else "none"
        if (
            speaker is None
            and quotes
            and quotes[-1].speaker
            and _opens_sentence(text, span, offset)
        ):
            previous = quotes[-1]
            quotes.append(
                _quote(
                    text,
                    span,
                    offset,
                    article_id,
                    para_id,
                    previous.speaker,
                    previous.speaker_kind,
                    "continued",
                    scare=False,
                )
            )
            continue
        n_words = word_count(text[span.start - offset : span.end - offset])
        so_called = (
            fold(text[max(0, span.start - offset - 12) : span.start - offset])
            .rstrip(' "\u201c')
            .endswith("so-called")
        )
        name = "" if speaker or so_called else _name_before(text, span, context, offset)
        if name:
            # A short quote in a sentence about a named person is most often that person's
            # phrase ("pushing Putin to "make a deal""), not a distancing scare quote.
            quotes.append(
                _quote(
                    text,
                    span,
                    offset,
                    article_id,
                    para_id,
                    name,
                    "named",
                    "sentence_name",
                    scare=False,
                )
            )
            continue
        scare = so_called or (speaker is None and n_words <= scare_max_words)
        quotes.append(
            _quote(
                text,
                span,
                offset,
                article_id,
                para_id,
                speaker.speaker if speaker else "",
                str(speaker.kind) if speaker else "",
                "so_called" if so_called else rule,
                scare=scare,
            )
        )
    return tuple(quotes)


def _quote(
    text: str,
    span: Span,
    offset: int,
    article_id: str,
    para_id: str,
    speaker: str,
    kind: str,
    rule: str,
    *,
    scare: bool,
) -> Quote:
    inner = text[span.start - offset : span.end - offset]
    return Quote(
        article_id,
        para_id,
        span.start,
        span.end,
        inner,
        word_count(inner),
        speaker,
        kind,
        rule,
        scare,
    )


@dataclass(frozen=True, slots=True)
class _Ordered:
    """Items with their sorted start (and end) positions, so that those near a quote are found
    by binary search; `starts` is None when the items are not in order (then: a scan)."""

    items: Sequence
    starts: list[int] | None
    ends: list[int] | None

    def __init__(self, items: Sequence, starts: list[int], ends: list[int] | None) -> None:
        ordered = _ascending(starts) and (ends is None or _ascending(ends))
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "starts", starts if ordered else None)
        object.__setattr__(self, "ends", ends if ordered else None)


def _ascending(values: list[int]) -> bool:
    return all(a <= b for a, b in pairwise(values))


def _context(span: Span, sentences: _Ordered, offset: int, length: int) -> Span:
    """The sentences a quote touches, merged: a quote may hold a sentence end of its own."""
    if sentences.starts is not None and sentences.ends is not None:
        first = bisect_right(sentences.ends, span.start - _NEAR)
        last = bisect_left(sentences.starts, span.end + _NEAR)
        touched = list(sentences.items[first:last])
    else:
        touched = [
            s for s in sentences.items if s.start < span.end + _NEAR and s.end > span.start - _NEAR
        ]
    if not touched:
        return Span(offset, offset + length)
    return Span(min(s.start for s in touched), max(s.end for s in touched))


class _Verbs:
    """Attributions by the start of their verb, found by binary search in any order they come
    in (resolved pronouns can break text order: a scan per quote cost quotes x attributions on
    a 5 MB paragraph), and given back in the order they came in."""

    def __init__(self, items: Sequence[Attribution]) -> None:
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: items[i].verb_start)
        self.starts = [items[i].verb_start for i in self.order]

    def within(self, start: int, end: int) -> list[Attribution]:
        low = bisect_left(self.starts, start)
        return [
            self.items[i] for i in sorted(self.order[low : bisect_left(self.starts, end, lo=low)])
        ]


def _nearest(span: Span, context: Span, verbs: _Verbs) -> Attribution | None:
    attributions = verbs.within(context.start, context.end)
    outside = [
        a
        for a in attributions
        if context.start <= a.verb_start < context.end
        and not span.start <= a.verb_start < span.end
        and a.kind is not SpeakerKind.PRONOUN
    ]
    if not outside:
        return None
    return min(
        outside, key=lambda a: min(abs(a.verb_start - span.end), abs(span.start - a.verb_end))
    )


def _opens_sentence(text: str, span: Span, offset: int) -> bool:
    position = span.start - offset - 1  # scan back over spaces and quote marks, without a copy
    while position >= 0 and text[position] in ' "\u201c\u201e':
        position -= 1
    return position < 0 or text[position] in '.!?:\u201d"'


_NAME_RUN = re.compile(r"(?:[A-Z][\w.\u2019'-]*\s+)+[A-Z][\w\u2019'-]*")


def _name_before(text: str, span: Span, context: Span, offset: int) -> str:
    """The last name of two or more capitalised words in the quote's sentence before it ("Vice
    President JD Vance"), or "" if there is none."""
    before = text[max(context.start - offset, 0) : span.start - offset]
    runs = [m.group() for m in _NAME_RUN.finditer(before)]
    return runs[-1] if runs else ""
