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

KeyOf = Callable[[Mention], str]


def quote_mentions(para: Paragraph, min_words: int) -> list[Mention]:
    """Quoted passages of at least `min_words` words (`AlignConfig.quote_min_words`; the quote
    marks excluded from the span)."""
    return [
        mention_at(para, match.start(1), match.start(1) + len(match.group(1).rstrip(" ,.;:")))
        for match in _QUOTE.finditer(para.text)
        if len(match.group(1).split()) >= min_words
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
    facts: Sequence[Fact],
    content: Sequence[Paragraph],
    words: Mapping[str, Sequence[Token]],
    min_words: int,
) -> list[Fact]:
    """Each quote fact gains, as equivalents, the places of articles without a mention of it
    where its words (at least `min_words` of them) stand in a row without quote marks."""
    joined = {p.para_id: " ".join(t.norm for t in words[p.para_id]) for p in content}
    # Which articles hold each word: a quote's words in a row can only stand in an article
    # holding all of them (most quotes are in none), found without reading every article.
    holding: dict[str, set[str]] = {}
    of_article: dict[str, list[tuple[int, Paragraph]]] = {}
    for at, para in enumerate(content):
        of_article.setdefault(para.article_id, []).append((at, para))
        for word in joined[para.para_id].split(" "):
            holding.setdefault(word, set()).add(para.article_id)
    out = []
    for fact in facts:
        quoted = set(fact.articles())
        wanted = {
            sequence: sequence.count(" ") + 1
            for sequence in dict.fromkeys(
                " ".join(t.norm for t in tokens(text))
                for text in dict.fromkeys(m.text for m in fact.mentions)  # reprints: once
            )
        }
        wanted = {q: n for q, n in wanted.items() if n >= min_words}
        found = []
        hits = set().union(*(_holding_all(q.split(" "), holding) for q in wanted)) - quoted
        for _, para in sorted(p for a in hits for p in of_article[a]):  # in reading order
            if para.article_id in quoted:
                continue
            text = f" {joined[para.para_id]} "
            for sequence, size in wanted.items():
                at = text.find(f" {sequence} ")
                if at < 0:
                    continue
                first = text.count(" ", 0, at)  # words before the match
                para_words = words[para.para_id]
                start, end = para_words[first].start, para_words[first + size - 1].end
                found.append(
                    mention_at(para, start - para.start, end - para.start, rule="quote_words")
                )
                quoted.add(para.article_id)
                break
        out.append(Fact(fact.fact_id, fact.kind, fact.label, fact.key, fact.mentions, tuple(found)))
    return out


def _holding_all(words: Sequence[str], holding: Mapping[str, set[str]]) -> set[str]:
    """The articles holding every one of `words` (anywhere in them)."""
    sets = sorted((holding.get(w, set()) for w in set(words)), key=len)
    return set(sets[0]).intersection(*sets[1:]) if sets else set()
