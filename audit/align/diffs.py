"""Word-level differences between the two paragraphs of a link, for highlighting.

Each paragraph is split into words with offsets into its article (`textnorm.tokens`), the two
word sequences are compared by rapidfuzz's Indel edit script over their matching keys
(`similarity.matching_blocks`: case, quote style and possessives do not count as changes), and
every word is tagged `equal`, `only_a` or `only_b`; a replaced word counts as only in its own
side. Consecutive words of one side with the same tag form one `DiffSpan`, so a long equal
stretch is one span, not fifty tokens (a 50 x 40 story has tens of thousands of links). Offsets
point into the original article texts: `article.text[start:end] == span.text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.model import Paragraph
from audit.text.normalize import Token, tokens
from audit.text.similarity import matching_blocks


class DiffOp(StrEnum):
    EQUAL = "equal"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A run of words of one side of a linked pair with one tag, with its place in its article
    (`text` is the article text from the first word's start to the last word's end)."""

    link_id: str
    side: str  # "a" or "b"
    op: DiffOp
    article_id: str
    para_id: str
    start: int
    end: int
    text: str
    n_words: int


@dataclass(frozen=True, slots=True)
class ParagraphWords:
    """A paragraph's words (offsets into its article) and their matching keys."""

    tokens: tuple[Token, ...]
    keys: tuple[str, ...]


def paragraph_words(para: Paragraph, words: Sequence[Token] | None = None) -> ParagraphWords:
    """The words of a paragraph, computed once and reused for every link it is in (`words`:
    its `textnorm.tokens` with the paragraph's offset, if already made)."""
    words = tuple(tokens(para.text, para.start) if words is None else words)
    return ParagraphWords(words, tuple(w.norm for w in words))


def word_diff(
    link_id: str,
    para_a: Paragraph,
    para_b: Paragraph,
    *,
    words_a: ParagraphWords | None = None,
    words_b: ParagraphWords | None = None,
) -> tuple[DiffSpan, ...]:
    """Both paragraphs as tagged runs of words: side a's runs first, each side in text order.
    Pass `words_a`/`words_b` (from `paragraph_words`) to reuse them across links."""
    words_a = paragraph_words(para_a) if words_a is None else words_a
    words_b = paragraph_words(para_b) if words_b is None else words_b
    blocks = matching_blocks(words_a.keys, words_b.keys)
    equal_a = [(start, size) for start, _, size in blocks]
    equal_b = [(start, size) for _, start, size in blocks]
    return (
        *_runs(link_id, "a", para_a, words_a.tokens, equal_a, DiffOp.ONLY_A),
        *_runs(link_id, "b", para_b, words_b.tokens, equal_b, DiffOp.ONLY_B),
    )


def _runs(
    link_id: str,
    side: str,
    para: Paragraph,
    words: Sequence[Token],
    equal: Sequence[tuple[int, int]],
    alone: DiffOp,
) -> list[DiffSpan]:
    """Alternating runs: the words before each equal block are only in this side."""
    runs: list[DiffSpan] = []
    cursor = 0
    for start, size in [*equal, (len(words), 0)]:
        if start > cursor:
            runs.append(_span(link_id, side, alone, para, words, cursor, start))
        if size:
            runs.append(_span(link_id, side, DiffOp.EQUAL, para, words, start, start + size))
        cursor = start + size
    return runs


def _span(
    link_id: str,
    side: str,
    op: DiffOp,
    para: Paragraph,
    words: Sequence[Token],
    first: int,
    stop: int,
) -> DiffSpan:
    """The run of words[first:stop] (indices, so that no list is copied per run)."""
    start, end = words[first].start, words[stop - 1].end
    text = para.text[start - para.start : end - para.start]
    return DiffSpan(
        link_id, side, op, para.article_id, para.para_id, start, end, text, stop - first
    )


def shared_word_share(diff: Sequence[DiffSpan]) -> float:
    """Share of the words of both sides that are equal, in [0, 1] (1.0 for two empty sides)."""
    total = sum(span.n_words for span in diff)
    if not total:
        return 1.0
    return sum(span.n_words for span in diff if span.op is DiffOp.EQUAL) / total
