"""Helpers shared by the alignment tests: paragraphs of small hand-written stories and of the
bundled story, built with the real segment and clean stages (`pipeline.clean_story`, not the
whole pipeline, so these tests do not depend on the other later stages)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from audit.config import AlignConfig, AuditConfig
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


def sentence_labels() -> list[dict[str, str]]:
    """The blind sentence-pair labels (tests/data/README.md)."""
    with open(DATA / "claim_sentence_pairs.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sentence_label_half(row: dict[str, str]) -> int:
    """0 (tune) or 1 (held out), the split of bench/claim_sentences.py (same hash)."""
    key = "|".join(row[c] for c in ("dataset", "doc_a", "text_a", "doc_b", "text_b"))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def sentence_label_probabilities(rows: Sequence[dict[str, str]], config: AlignConfig) -> list:
    """The probability of each labelled pair, IDF and topic level over its story's labelled
    sentences (NewsWCL50: its event), as bench/claim_sentences.py computes them."""
    from audit.align.pairs import score_text_pairs

    def story(row: dict[str, str]) -> str:
        return (
            f"{row['dataset']}/{row['doc_a'].split('/')[0]}"
            if "/" in row["doc_a"]
            else (row["dataset"])
        )

    probability = [0.0] * len(rows)
    for group in sorted({story(r) for r in rows}):
        index = [i for i, r in enumerate(rows) if story(r) == group]
        scored = score_text_pairs(
            [rows[i]["text_a"] for i in index],
            [rows[i]["text_b"] for i in index],
            config,
            titles=[rows[i]["kind"] == "title" for i in index],
        )
        for i, p in zip(index, scored.probability, strict=True):
            probability[i] = float(p)
    return probability
