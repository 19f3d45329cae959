"""A paragraph's words for the word diffs of its links (`diffs`, `diffkinds`): made once per
paragraph and reused for every link it is in, so that nothing per paragraph is redone per link
(one long paragraph linked to every paragraph of a short article would otherwise be read once
per link)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit.model import Paragraph
from audit.text.normalize import Token, tokens


@dataclass(frozen=True, slots=True)
class ParagraphWords:
    """A paragraph's words (offsets into its article), their matching keys, and the set of
    those keys (whether the other side of a link has a word anywhere)."""

    tokens: tuple[Token, ...]
    keys: tuple[str, ...]
    vocabulary: frozenset[str]


def paragraph_words(para: Paragraph, words: Sequence[Token] | None = None) -> ParagraphWords:
    """The words of a paragraph (`words`: its `textnorm.tokens` with the paragraph's offset, if
    already made)."""
    words = tuple(tokens(para.text, para.start) if words is None else words)
    keys = tuple(w.norm for w in words)
    return ParagraphWords(words, keys, frozenset(keys))
