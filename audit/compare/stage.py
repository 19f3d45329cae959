"""The comparison stage: which checkable facts (`facts`) and which story units (`omissions`)
each source reports. The facts need only the paragraphs and their sources (`story_facts`, which
`audit run` computes beside the alignment); the omissions need the alignment's units."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from audit.align.scorer import PassageSet
from audit.align.stage import Alignment, Words, content_words
from audit.compare.absence import ArticlePassage, article_passages, shared_vectors
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


@dataclass(frozen=True, slots=True)
class FactFindings:
    """The checkable facts of a story and how each source stands to each: they read the
    paragraphs and the sources, not the alignment, so they can be made beside it."""

    facts: tuple[Fact, ...]
    coverage: tuple[FactCoverage, ...]


def story_facts(
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    config: AlignConfig,
    *,
    words: Words | None = None,
    vectors: Callable[[], PassageSet] | None = None,
    passages: Sequence[ArticlePassage] | None = None,
) -> FactFindings:
    """The story's facts and their coverage by every source (`source_of`: article_id -> source)."""
    words = content_words(paragraphs) if words is None else words
    passages = article_passages(paragraphs) if passages is None else passages
    if vectors is None:
        vectors = shared_vectors(passages, paragraphs, config, words=words)
    facts = extract_facts(paragraphs, config, words=words)
    return FactFindings(
        facts=facts,
        coverage=fact_coverage(
            facts,
            paragraphs,
            source_of,
            _story_sources(paragraphs, source_of),
            config,
            passages=passages,
            vectors=vectors,
            words=words,
        ),
    )


def compare_story(
    paragraphs: Sequence[Paragraph],
    alignment: Alignment,
    config: AlignConfig,
    *,
    words: Words | None = None,
    facts: Callable[[], FactFindings] | None = None,
) -> Comparison:
    """Facts and coverage of one aligned story. Deterministic, like the alignment. `facts`,
    when given, gives `story_facts` of the same paragraphs and sources, made beforehand (by a
    child beside the alignment): it is asked for once the omissions are made, so that the
    child's answer is sent and read while they are (BENCHMARKS.md `section:speed`, round 8)."""
    words = content_words(paragraphs) if words is None else words
    # Facts and omissions search the same passages with the same term weights: made once here
    # (facts made beforehand, in a child beside the alignment, made their own).
    passages = article_passages(paragraphs)
    vectors = shared_vectors(passages, paragraphs, config, words=words)
    omissions = coverage(
        alignment.units,
        _story_sources(paragraphs, alignment.sources),
        config,
        paragraphs=paragraphs,
        source_of=alignment.sources,
        passages=passages,
        vectors=vectors,
    )
    found = (
        facts()
        if facts is not None
        else story_facts(
            paragraphs, alignment.sources, config, words=words, vectors=vectors, passages=passages
        )
    )
    return Comparison(facts=found.facts, fact_coverage=found.coverage, omissions=omissions)


def _story_sources(paragraphs: Sequence[Paragraph], sources: Mapping[str, str]) -> list[str]:
    """Every source of the story, in the order its first article appears."""
    articles = [*sources, *(p.article_id for p in paragraphs)]
    return list(dict.fromkeys(sources.get(a, a) for a in articles))
