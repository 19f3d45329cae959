"""Quoted statements as facts: quotes of three words or more, joined across sources when
rapidfuzz finds one inside the other; a source that gives the same words without quote marks
reports the quote too (rule "quote_words")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from audit.compare.mentions import Fact, Mention, mention_at
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token, match_key, tokens
from audit.text.similarity import score_matrix

_QUOTE = re.compile(r"[\u201c\"\u2018]([^\u201c\u201d\"\u2018\u2019]{3,}?)[\u201d\"\u2019](?!\w)")
_MIN_QUOTE_WORDS = 3

KeyOf = Callable[[Mention], str]


def quote_mentions(para: Paragraph) -> list[Mention]:
    """Quoted passages of at least three words (the quote marks excluded from the span)."""
    return [
        mention_at(para, match.start(1), match.start(1) + len(match.group(1).rstrip(" ,.;:")))
        for match in _QUOTE.finditer(para.text)
        if len(match.group(1).split()) >= _MIN_QUOTE_WORDS
    ]


def quote_keys(mentions: Sequence[Mention], config: AlignConfig) -> KeyOf:
    """Key function for quotes: quotes that rapidfuzz finds inside one another (partial ratio
    at or above `quote_similarity`) share the key of the first of them."""
    keys = sorted({match_key(m.text) for m in mentions})
    canonical = {k: k for k in keys}
    if len(keys) > 1:
        scores = score_matrix(keys, keys, scorer="partial_ratio", cutoff=config.quote_similarity)
        similar = scores >= config.quote_similarity
        for i, j in zip(*np.nonzero(np.triu(similar, k=1)), strict=True):
            canonical[keys[int(j)]] = canonical[keys[int(i)]]
    return lambda mention: canonical[match_key(mention.text)]


def with_quote_words(
    facts: Sequence[Fact], content: Sequence[Paragraph], words: Mapping[str, Sequence[Token]]
) -> list[Fact]:
    """Each quote fact gains, as equivalents, the places of articles without a mention of it
    where its words stand in a row without quote marks."""
    out = []
    for fact in facts:
        quoted = set(fact.articles())
        wanted = [tuple(t.norm for t in tokens(m.text)) for m in fact.mentions]
        found = []
        for para in content:
            if para.article_id in quoted:
                continue
            norms = [t.norm for t in words[para.para_id]]
            for sequence in dict.fromkeys(wanted):
                at = _find_run(norms, sequence)
                if at is not None:
                    first, last = (
                        words[para.para_id][at],
                        words[para.para_id][at + len(sequence) - 1],
                    )
                    found.append(
                        mention_at(para, first.start - para.start, last.end - para.start,
                                 rule="quote_words")
                    )  # fmt: skip
                    quoted.add(para.article_id)
                    break
        out.append(Fact(fact.fact_id, fact.kind, fact.label, fact.key, fact.mentions, tuple(found)))
    return out


def _find_run(norms: Sequence[str], sequence: Sequence[str]) -> int | None:
    size = len(sequence)
    if size < _MIN_QUOTE_WORDS:
        return None
    for i in range(len(norms) - size + 1):
        if norms[i] == sequence[0] and tuple(norms[i : i + size]) == tuple(sequence):
            return i
    return None
