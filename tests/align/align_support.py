"""Helpers shared by the alignment tests: paragraphs of small hand-written stories and of the
bundled story, built with the real segment and clean stages (`pipeline.clean_story`, not the
whole pipeline, so these tests do not depend on the other later stages)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.model import Article, Paragraph, Story
from audit.pipeline import clean_story

DATA = Path(__file__).parent.parent / "data"


@dataclass(frozen=True, slots=True)
class StoryParagraphs:
    story: Story
    paragraphs: tuple[Paragraph, ...]

    @property
    def sources(self) -> dict[str, str]:
        return {a.article_id: a.source for a in self.story.articles}

    def article(self, article_id: str) -> Article:
        return next(a for a in self.story.articles if a.article_id == article_id)


def paragraphs_of(story: Story, config: AuditConfig | None = None) -> StoryParagraphs:
    config = config or AuditConfig()
    return StoryParagraphs(story, clean_story(story, config).paragraphs)


def small_story(texts: Sequence[str], sources: Sequence[str] | None = None) -> StoryParagraphs:
    """A story of one article per text (paragraphs separated by blank lines)."""
    sources = sources or [f"Outlet {chr(65 + i)}" for i in range(len(texts))]
    articles = tuple(
        Article(article_id=f"{i:03d}_test", story_id="test", source=source, text=text)
        for i, (text, source) in enumerate(zip(texts, sources, strict=True))
    )
    return paragraphs_of(Story("test", articles))


@cache
def bundled() -> StoryParagraphs:
    return paragraphs_of(load_input(bundled_story_path()).stories[0])


def claim_labels() -> list[dict[str, str]]:
    with open(DATA / "claim_pairs.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
