"""The wording stage: after alignment, the word choices that differ between aligned passages of
different outlets (`wording.csv`) and the tone around each main named actor (`actors.csv`).

`sentence_pairs` is the one place that reads the alignment: it turns today's links (each with
the passage pair whose match gave its score, `Link.evidence_a`/`evidence_b`) into
`SentencePair`s. When alignment links sentences some other way, only that function changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.stage import Alignment
from audit.config import AuditConfig
from audit.framing.bias import bias_lexicons
from audit.framing.lexicon import Lexicon
from audit.model import Article, Paragraph
from audit.text.normalize import Token
from audit.wording.actors import ActorTone, actor_tones
from audit.wording.substitutions import SentencePair, Substitution, find_substitutions


@dataclass(frozen=True, slots=True)
class Wording:
    substitutions: tuple[Substitution, ...]
    actors: tuple[ActorTone, ...]


def sentence_pairs(alignment: Alignment) -> tuple[SentencePair, ...]:
    """One pair per content link: the two passages whose match gave the link its score (a
    headline's links, `Link.kind` title, compare a headline with body text: not word choice)."""
    return tuple(
        SentencePair(
            link.link_id,
            link.article_a,
            link.evidence_a,
            link.article_b,
            link.evidence_b,
            para_a=link.para_a,
            para_b=link.para_b,
        )
        for link in alignment.links
        if link.kind == "content"
    )


def word_story(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    alignment: Alignment,
    lexicons: Mapping[str, Lexicon],
    config: AuditConfig,
    *,
    words: Mapping[str, tuple[Token, ...]] | None = None,
) -> Wording:
    """Substitutions across every aligned pair, and actor-directed tone per source. `words`
    (para_id -> tokens, `align.stage.content_words`) saves tokenizing the paragraphs again."""
    texts = {a.article_id: a.text for a in articles}
    biased = bias_lexicons(lexicons)
    pairs = sentence_pairs(alignment)
    found = find_substitutions(
        pairs, texts, biased, config.wording, config.framing.bias, paragraph_words=words
    )
    tones = actor_tones(articles, paragraphs, biased, config.wording, words=words)
    return Wording(found, tones)
