"""The comparison stage: which checkable facts (`facts`) and which story units (`omissions`)
each source reports, given the story's alignment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.stage import Alignment, Words, content_words
from audit.compare.absence import article_passages, shared_vectors
from audit.compare.facts import Fact, extract_facts
from audit.compare.left_out import FactCoverage, fact_coverage
from audit.compare.omissions import Omission, coverage
from audit.config import AlignConfig
from audit.model import Paragraph


@dataclass(frozen=True, slots=True)
class Comparison:
    """What each source of one story reports and leaves out."""

    facts: tuple[Fact, ...]
    omissions: tuple[Omission, ...]
    fact_coverage: tuple[FactCoverage, ...] = ()  # each fact and source: reported, left out...


def compare_story(
    paragraphs: Sequence[Paragraph],
    alignment: Alignment,
    config: AlignConfig,
    *,
    words: Words | None = None,
) -> Comparison:
    """Facts and coverage of one aligned story. Deterministic, like the alignment."""
    words = content_words(paragraphs) if words is None else words
    story_sources = _story_sources(paragraphs, alignment.sources)
    facts = extract_facts(paragraphs, config, words=words)
    # Facts and omissions search the same passages with the same term weights: made once.
    passages = article_passages(paragraphs)
    vectors = shared_vectors(passages, paragraphs, config, words=words)
    return Comparison(
        facts=facts,
        fact_coverage=fact_coverage(
            facts,
            paragraphs,
            alignment.sources,
            story_sources,
            config,
            passages=passages,
            vectors=vectors,
            words=words,
        ),
        omissions=coverage(
            alignment.units,
            story_sources,
            config,
            paragraphs=paragraphs,
            source_of=alignment.sources,
            passages=passages,
            vectors=vectors,
        ),
    )


def _story_sources(paragraphs: Sequence[Paragraph], sources: Mapping[str, str]) -> list[str]:
    """Every source of the story, in the order its first article appears."""
    articles = [*sources, *(p.article_id for p in paragraphs)]
    return list(dict.fromkeys(sources.get(a, a) for a in articles))
