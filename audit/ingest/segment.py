"""Split an article into paragraphs and sentences, keeping offsets into the original text.

Outlets separate paragraphs with blank lines, with single newlines, or (in scraped feeds) with a
marker such as " ### ". A single newline inside a blank-line block is kept as a paragraph break
unless it is a soft wrap (the line runs on into a lowercase continuation). Short lines without
final punctuation, and short questions, are headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.config import SegmentConfig
from audit.model import Article, Paragraph, ParaKind, Span
from audit.text.normalize import word_count

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_TERMINAL = ".!:;\u2026"
# Sentence ends: terminal punctuation (and closing quotes), then space, then what can start a
# sentence. Abbreviations are checked separately, since a regex cannot know "U.S." is one.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jr sr gen lt col sgt capt cmdr adm sen rep gov pres prof rev
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp approx
    u.s u.k u.n e.u u.s.a d.c a.m p.m""".split()
)


def segment_article(article: Article, config: SegmentConfig) -> tuple[Paragraph, ...]:
    """The article's paragraphs in order, each with offsets, sentences and a heading flag."""
    spans = paragraph_spans(article.text, config.paragraph_separator)
    return tuple(_paragraph(article, index, span, config) for index, span in enumerate(spans))


def para_id(article_id: str, index: int) -> str:
    return f"{article_id}:p{index:03d}"


def _paragraph(article: Article, index: int, span: Span, config: SegmentConfig) -> Paragraph:
    text = article.text[span.start : span.end]
    heading = is_heading(text, config)
    return Paragraph(
        para_id=para_id(article.article_id, index),
        article_id=article.article_id,
        index=index,
        start=span.start,
        end=span.end,
        text=text,
        kind=ParaKind.HEADING if heading else ParaKind.CONTENT,
        reason=heading or "",
        sentences=sentence_spans(text, offset=span.start),
    )


def paragraph_spans(text: str, separator: str | None = None) -> list[Span]:
    """Where the paragraphs of `text` are: trimmed, non-empty, in order."""
    return list(lazy_paragraph_spans(text, separator))


def lazy_paragraph_spans(text: str, separator: str | None = None) -> Iterator[Span]:
    """`paragraph_spans(text, separator)` one at a time, for a reader that stops early (the
    grouper's lead takes the first 200 words): the text is cut at the separator or at blank
    lines at once, but the blocks after the reader stops are never split into lines or
    trimmed."""
    if separator:
        pieces: Iterator[Span] = iter(
            _split_on(text, re.compile(re.escape(separator)), 0, len(text))
        )
    else:
        pieces = (
            line
            for block in _split_on(text, _BLANK_LINE, 0, len(text))
            for line in _lines_of_block(text, block)
        )
    return (trimmed for piece in pieces if (trimmed := _trim(text, piece)) is not None)


def _split_on(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[Span]:
    spans, cursor = [], start
    for match in pattern.finditer(text, start, end):
        spans.append(Span(cursor, match.start()))
        cursor = match.end()
    spans.append(Span(cursor, end))
    return spans


def _lines_of_block(text: str, block: Span) -> Iterator[Span]:
    """Lines of a block, re-joining soft wraps (a break followed by a lowercase continuation)."""
    start = block.start
    for line in _split_on(text, _LINE_BREAK, block.start, block.end):
        if line.end == block.end or not _is_soft_wrap(text, line.end):
            yield Span(start, line.end)
            start = _after_break(text, line.end)


def _after_break(text: str, position: int) -> int:
    match = _LINE_BREAK.match(text, position)
    return match.end() if match else position


def _is_soft_wrap(text: str, break_at: int) -> bool:
    last = _last_visible(text, break_at)
    resume = _after_break(text, break_at)
    while resume < len(text) and text[resume] in " \t":
        resume += 1
    return (
        last is not None
        and resume < len(text)
        and last not in _TERMINAL + _CLOSERS + "?"
        and text[resume].islower()
    )


def _last_visible(text: str, end: int) -> str | None:
    """The last non-space character before `end`, scanning back (no copy of the text: a
    40,000-line file has 40,000 breaks to look behind)."""
    position = end - 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return text[position] if position >= 0 else None


def _trim(text: str, span: Span) -> Span | None:
    piece = text[span.start : span.end]
    stripped = piece.strip()
    if not stripped:
        return None
    start = span.start + (len(piece) - len(piece.lstrip()))
    return Span(start, start + len(stripped))


def is_heading(text: str, config: SegmentConfig) -> str | None:
    """The heading rule that fires for this paragraph, or None if it reads as body text."""
    if "\n" in text:
        return None
    words = word_count(text, at_most=config.heading_max_words + 1)  # not all of a long one
    if words == 0 or words > config.heading_max_words:
        return None
    last = text.rstrip(_CLOSERS + " ")[-1:]
    if last == "?":
        return "question heading (short line ending in '?')"
    if last and last not in _TERMINAL and last != ",":
        return "heading (short line without final punctuation)"
    return None


def sentence_spans(text: str, *, offset: int = 0) -> tuple[Span, ...]:
    """Sentences of one paragraph as spans shifted by `offset`, so they index the article."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _ends_in_abbreviation(text, match.start()):
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        spans.append(Span(offset + start, offset + end))
        start = match.end()
    if text[start:].strip():
        tail = text[start:].rstrip()
        spans.append(Span(offset + start, offset + start + len(tail)))
    return tuple(spans)


_ABBREVIATION_WINDOW = 64


def _ends_in_abbreviation(text: str, dot_at: int) -> bool:
    if text[dot_at] != ".":
        return False
    # Only the word before the dot matters: look back a bounded window, not the whole text (a
    # paragraph of 50,000 sentences would copy its text 50,000 times). Abbreviations are short.
    before = text[max(0, dot_at - _ABBREVIATION_WINDOW) : dot_at]
    word = before.rsplit(maxsplit=1)[-1] if before.strip() else ""
    word = word.lstrip("\"'\u201c\u2018([").casefold()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
