"""The documents the blind omission and fact labels name, and the labels' fixed halves.

Doc ids are seed file stems (`000_2454bc97f983af98`, the bundled story), `event-N/leaning`
(NewsWCL50: story event-N, source = leaning) and `census/<id>`, `spotify/<id>` (wire scrapes:
the `id` column of `census_articles.csv` / `spotify_articles.csv`). Each doc is read with the
audit's own loader and cleaned like a story of its file (segment + boilerplate + repeats).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.model import Paragraph
from audit.pipeline import clean_story


def label_half(*parts: str) -> int:
    """0 (tune) or 1 (held out): a fixed split of label rows by a hash of their key fields."""
    return int(hashlib.md5("\x1f".join(parts).encode()).hexdigest(), 16) % 2


def read_label_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class LabelDocs:
    """Every labelled doc: its article_id and the paragraphs of the story it belongs to."""

    article_of: dict[str, str]  # doc id -> article_id
    story_of: dict[str, str]  # doc id -> story key
    paragraphs: dict[str, tuple[Paragraph, ...]]  # story key -> all paragraphs

    @classmethod
    def load(cls, newswcl: Path, wire: Path, config: AuditConfig) -> LabelDocs:
        article_of: dict[str, str] = {}
        story_of: dict[str, str] = {}
        paragraphs: dict[str, tuple[Paragraph, ...]] = {}
        for story in load_input(newswcl).stories:
            key = f"newswcl/{story.story_id}"
            paragraphs[key] = clean_story(story, config).paragraphs
            for article in story.articles:
                doc = f"{story.story_id}/{article.source}"
                article_of[doc], story_of[doc] = article.article_id, key
        wire_config = replace(config, segment=replace(config.segment, paragraph_separator=" ### "))
        for name in ("census", "spotify"):
            for story in load_input(wire / f"{name}_articles.csv").stories:
                key = f"{name}/{story.story_id}"
                paragraphs[key] = clean_story(story, wire_config).paragraphs
                for article in story.articles:
                    doc = f"{name}/{article.article_id}"
                    article_of[doc], story_of[doc] = article.article_id, key
        bundled = load_input(bundled_story_path()).stories[0]
        paragraphs["seeds"] = clean_story(bundled, config).paragraphs
        for article in bundled.articles:
            article_of[article.article_id], story_of[article.article_id] = (
                article.article_id,
                "seeds",
            )
        return cls(article_of, story_of, paragraphs)
