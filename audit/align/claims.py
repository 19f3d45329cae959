"""How a story is cut into claims, the unit of alignment.

A claim is a sentence of a content paragraph, with two adjustments:
- a sentence with fewer than `min_passage_terms` content terms ("The discussions could be for
  naught.") says too little to be matched alone, and is joined to the claim before it in its
  paragraph (or the one after, when it opens the paragraph);
- a sentence whose parts around a semicolon each carry enough terms is two claims ("Britain
  will send troops; Germany will not" reports two things).

A headline (the heading that opens an article, before any content) is a claim too, marked
`title`: it is matched against other headlines and against the lede (the first content
paragraph) of other articles only, since a headline summarises the story, not one of its
paragraphs. Offsets point into the article text, as everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.align.terms import Term
from audit.model import Paragraph, ParaKind, Span

_SEMICOLON = re.compile(r";\s+")


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence (or clause, or a short sentence joined to its neighbour) that takes part in
    matching; `para` indexes the aligned paragraphs."""

    para: int
    start: int
    end: int
    title: bool = False  # an article's headline
    lede: bool = False  # in the first content paragraph of its article


def aligned_paragraphs(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs that take part in alignment: content paragraphs, plus each article's
    headline (a heading before the article's first content paragraph, at most one)."""
    seen_content: set[str] = set()
    has_title: set[str] = set()
    chosen = []
    for para in paragraphs:
        if para.is_content:
            seen_content.add(para.article_id)
            chosen.append(para)
        elif is_title_candidate(para, seen_content, has_title):
            has_title.add(para.article_id)
            chosen.append(para)
    return tuple(chosen)


def is_title_candidate(para: Paragraph, seen_content: set[str], has_title: set[str]) -> bool:
    return (
        para.kind is ParaKind.HEADING
        and para.article_id not in seen_content
        and para.article_id not in has_title
    )


def cut_claims(
    paragraphs: Sequence[Paragraph], para_terms: Sequence[Sequence[Term]], min_terms: int
) -> tuple[Claim, ...]:
    """The claims of the aligned paragraphs (`para_terms[i]`: the terms of paragraphs[i]), in
    text order."""
    first_content: dict[str, int] = {}
    for index, para in enumerate(paragraphs):
        if para.is_content:
            first_content.setdefault(para.article_id, index)
    claims: list[Claim] = []
    for index, para in enumerate(paragraphs):
        title = not para.is_content
        lede = first_content.get(para.article_id) == index
        if title:
            claims.append(Claim(index, para.start, para.end, title=True))
            continue
        spans = _clauses(para, para_terms[index], min_terms)
        claims.extend(_joined(index, para, spans, para_terms[index], min_terms, lede))
    return tuple(claims)


def _clauses(para: Paragraph, terms: Sequence[Term], min_terms: int) -> list[Span]:
    """The paragraph's sentences, each split at semicolons whose parts carry enough terms."""
    sentences = para.sentences or (Span(para.start, para.end),)
    spans: list[Span] = []
    for sentence in sentences:
        text = para.text[sentence.start - para.start : sentence.end - para.start]
        cuts = [sentence.start + m.start() for m in _SEMICOLON.finditer(text)]
        pieces, begin = [], sentence.start
        for cut in cuts:
            after = cut + len(_SEMICOLON.match(text, cut - sentence.start).group())
            left = _count(terms, begin, cut)
            right = _count(terms, after, sentence.end)
            if left >= min_terms and right >= min_terms:
                pieces.append(Span(begin, cut + 1))
                begin = after
        pieces.append(Span(begin, sentence.end))
        spans.extend(pieces)
    return spans


def _joined(
    index: int,
    para: Paragraph,
    spans: Sequence[Span],
    terms: Sequence[Term],
    min_terms: int,
    lede: bool,
) -> list[Claim]:
    """Claims from clause spans: a span with too few terms joins the claim before it (the
    first joins the one after)."""
    merged: list[list[int]] = []
    pending_start: int | None = None
    for span in spans:
        start = span.start if pending_start is None else pending_start
        if _count(terms, span.start, span.end) < min_terms:
            if merged:
                merged[-1][1] = span.end
            else:
                pending_start = start
            continue
        merged.append([start, span.end])
        pending_start = None
    if pending_start is not None:  # the whole paragraph is short: one claim
        merged.append([pending_start, spans[-1].end] if spans else [para.start, para.end])
    return [Claim(index, start, end, lede=lede) for start, end in merged]


def _count(terms: Sequence[Term], start: int, end: int) -> int:
    return sum(1 for t in terms if start <= t.start < end)


def claim_terms(
    claims: Sequence[Claim], para_terms: Sequence[Sequence[Term]]
) -> list[tuple[Term, ...]]:
    """Each claim's terms: those of its paragraph that start inside it."""
    return [tuple(t for t in para_terms[c.para] if c.start <= t.start < c.end) for c in claims]


def allowed_pairs(claims: Sequence[Claim], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Mask of the pairs that may be matched: a headline only with a headline or a lede."""
    title = np.array([c.title for c in claims], dtype=bool)
    lede = np.array([c.lede for c in claims], dtype=bool)
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    t_r, t_c = title[rows], title[cols]
    return (~t_r & ~t_c) | (t_r & (t_c | lede[cols])) | (t_c & (t_r | lede[rows]))
