"""Word-level differences between the two paragraphs of a link, for highlighting.

Each paragraph is split into words with offsets into its article (`textnorm.tokens`), the two
word sequences are compared by rapidfuzz's Indel edit script over their matching keys
(`similarity.matching_blocks`: case, quote style and possessives do not count as changes), and
every word is tagged `equal`, `only_a` or `only_b`; a replaced word counts as only in its own
side. Consecutive words of one side with the same tag form one `DiffSpan`, so a long equal
stretch is one span, not fifty tokens (a 50 x 40 story has tens of thousands of links). Offsets
point into the original article texts: `article.text[start:end] == span.text`.

A run only one side has carries its class (`DiffSpan.kind`, `diffkinds`: number, date, name,
attribution, substitution or rewording), set here where the diff is made: diffs.csv reads it
instead of classing the words again per link (the app's per-word highlights, which name each
word's counterpart, class words with `diffkinds.word_changes`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.align.diffkinds import DiffKind, most_telling, telling_words
from audit.align.diffwords import ParagraphWords, matching_words, paragraph_words
from audit.config import AlignConfig
from audit.model import Paragraph

__all__ = ["DiffOp", "DiffSpan", "ParagraphWords", "paragraph_words", "word_diff", "word_diffs"]

_DEFAULTS = AlignConfig()


class DiffOp(StrEnum):
    EQUAL = "equal"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A run of words of one side of a linked pair with one tag, with its place in its article
    (`text` is the article text from the first word's start to the last word's end) and, for a
    run only this side has, its class (`diffkinds`: its most telling word's; None if equal)."""

    link_id: str
    side: str  # "a" or "b"
    op: DiffOp
    article_id: str
    para_id: str
    start: int
    end: int
    text: str
    n_words: int
    kind: DiffKind | None = None


Run = tuple[DiffOp, int, int]  # the tag of words [first, stop) of one side
# each side's runs and their classes
_Tagged = tuple[list[Run], list[DiffKind | None], list[Run], list[DiffKind | None]]


def word_diff(
    link_id: str,
    para_a: Paragraph,
    para_b: Paragraph,
    *,
    words_a: ParagraphWords | None = None,
    words_b: ParagraphWords | None = None,
    attribution: frozenset[str] = frozenset(),
    config: AlignConfig = _DEFAULTS,
) -> tuple[DiffSpan, ...]:
    """Both paragraphs as tagged runs of words: side a's runs first, each side in text order,
    each run only one side has with its class (`attribution`: the words that attribute a
    claim, see `diffkinds`). Pass `words_a`/`words_b` (from `paragraph_words`) to reuse them
    across links; `config`: the stretch lengths of the classes (`diff_*`)."""
    if words_a is None:
        words_a = paragraph_words(para_a, numbering=None if words_b is None else words_b.numbering)
    if words_b is None:
        words_b = paragraph_words(para_b, numbering=words_a.numbering)
    tagged = _tagged(para_a, para_b, words_a, words_b, attribution, config)
    return _link_spans(link_id, para_a, para_b, (words_a, words_b), tagged)


def word_diffs(
    pairs: Iterable[tuple[str, Paragraph, Paragraph]],
    words: Mapping[str, ParagraphWords],
    attribution: frozenset[str] = frozenset(),
    config: AlignConfig = _DEFAULTS,
) -> tuple[DiffSpan, ...]:
    """`word_diff` of each (link_id, para_a, para_b), in order, `words`: each paragraph's
    `paragraph_words` by para_id (numbered together). Two links whose paragraphs have the same
    two texts (wire reprints: 1,863 distinct pairs of texts among 3,253 links of the 50 x 40
    bench story) get the same runs and classes, which depend only on the texts (offsets are
    read relative to the paragraph), so each pair of texts is diffed once."""
    done: dict[tuple[str, str], _Tagged] = {}
    spans: list[DiffSpan] = []
    for link_id, para_a, para_b in pairs:
        words_a, words_b = words[para_a.para_id], words[para_b.para_id]
        key = (para_a.text, para_b.text)
        tagged = done.get(key)
        if tagged is None:
            tagged = done[key] = _tagged(para_a, para_b, words_a, words_b, attribution, config)
        spans.extend(_link_spans(link_id, para_a, para_b, (words_a, words_b), tagged))
    return tuple(spans)


def _tagged(
    para_a: Paragraph,
    para_b: Paragraph,
    words_a: ParagraphWords,
    words_b: ParagraphWords,
    attribution: frozenset[str],
    config: AlignConfig,
) -> _Tagged:
    blocks = matching_words(words_a, words_b)
    runs_a = _runs(len(words_a.keys), [(start, size) for start, _, size in blocks], DiffOp.ONLY_A)
    runs_b = _runs(len(words_b.keys), [(start, size) for _, start, size in blocks], DiffOp.ONLY_B)
    # each side is classed against the other as `word_changes(mine, other)` does it, with the
    # blocks of its own keys against the other's (the edit script need not be symmetric)
    kinds_a = _kinds(runs_a, para_a, para_b, (words_a, words_b), blocks, attribution, config)
    kinds_b = _kinds(runs_b, para_b, para_a, (words_b, words_a), None, attribution, config)
    return runs_a, kinds_a, runs_b, kinds_b


def _link_spans(
    link_id: str,
    para_a: Paragraph,
    para_b: Paragraph,
    words: tuple[ParagraphWords, ParagraphWords],
    tagged: _Tagged,
) -> tuple[DiffSpan, ...]:
    runs_a, kinds_a, runs_b, kinds_b = tagged
    return (
        *_spans(link_id, "a", para_a, words[0], runs_a, kinds_a),
        *_spans(link_id, "b", para_b, words[1], runs_b, kinds_b),
    )


def _runs(n_words: int, equal: Sequence[tuple[int, int]], alone: DiffOp) -> list[Run]:
    """Alternating runs: the words before each equal block are only in this side."""
    runs: list[Run] = []
    cursor = 0
    for start, size in [*equal, (n_words, 0)]:
        if start > cursor:
            runs.append((alone, cursor, start))
        if size:
            runs.append((DiffOp.EQUAL, start, start + size))
        cursor = start + size
    return runs


def _kinds(
    runs: Sequence[Run],
    mine: Paragraph,
    other: Paragraph,
    words: tuple[ParagraphWords, ParagraphWords],
    blocks: Sequence[tuple[int, int, int]] | None,
    attribution: frozenset[str],
    config: AlignConfig,
) -> list[DiffKind | None]:
    """The class of each run of `mine` (None for equal runs); `blocks`: `mine`'s keys against
    the other's, made here when None and some run needs a class."""
    if all(op is DiffOp.EQUAL for op, _, _ in runs):
        return [None] * len(runs)
    if blocks is None:
        blocks = matching_words(*words)
    telling = telling_words(mine, other, words, blocks, attribution, config)
    at = [index for index, _ in telling]

    def kind(first: int, stop: int) -> DiffKind:
        inside = telling[bisect.bisect_left(at, first) : bisect.bisect_left(at, stop)]
        return most_telling(k for _, k in inside)

    return [None if op is DiffOp.EQUAL else kind(first, stop) for op, first, stop in runs]


def _spans(
    link_id: str,
    side: str,
    para: Paragraph,
    words: ParagraphWords,
    runs: Sequence[Run],
    kinds: Sequence[DiffKind | None],
) -> list[DiffSpan]:
    spans = []
    for (op, first, stop), kind in zip(runs, kinds, strict=True):
        start, end = words.tokens[first].start, words.tokens[stop - 1].end
        text = para.text[start - para.start : end - para.start]
        spans.append(
            DiffSpan(
                link_id,
                side,
                op,
                para.article_id,
                para.para_id,
                start,
                end,
                text,
                stop - first,
                kind,
            )
        )
    return spans


def shared_word_share(diff: Sequence[DiffSpan]) -> float:
    """Share of the words of both sides that are equal, in [0, 1] (1.0 for two empty sides)."""
    total = sum(span.n_words for span in diff)
    if not total:
        return 1.0
    return sum(span.n_words for span in diff if span.op is DiffOp.EQUAL) / total
