"""An uploaded feed grouped into stories (by `audit.group`, as `audit group` does): the stories
found as a table (label, articles, sources) and the upload regrouped, one story per story found,
for the app's story picker. A CSV/JSONL upload without a `story_id` is a feed; the user can also
ask for any upload to be grouped (an input `story_id` is then set aside, as `audit group` does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from audit.config import AuditConfig
from audit.group import group_articles
from audit.group.feed import feed_articles, grouped_stories
from audit.ingest.load import LoadedInput
from audit.model import Story


@dataclass(frozen=True, slots=True)
class FoundStory:
    """One story of the feed as the table shows it."""

    story_id: str
    label: str
    n_articles: int
    sources: tuple[str, ...]  # in order of first appearance


@dataclass(frozen=True, slots=True)
class GroupedUpload:
    """The upload regrouped (stories largest first, as `found` lists them) and the table."""

    loaded: LoadedInput
    found: tuple[FoundStory, ...]


def is_feed(loaded: LoadedInput) -> bool:
    """Whether the upload is a feed to group: every article is a CSV/JSONL row and no row
    names its story."""
    n_articles = sum(len(s.articles) for s in loaded.stories)
    return (
        bool(loaded.rows)
        and len(loaded.rows) == n_articles
        and not any(fields.get("story_id", "").strip() for _, fields in loaded.rows)
    )


def group_upload(loaded: LoadedInput, config: AuditConfig) -> GroupedUpload:
    """Every article of the upload grouped into stories, in feed order (file order, each
    file's rows in order); the stories largest first, then by first appearance."""
    articles = feed_articles([_in_file_order(loaded)])
    grouping = group_articles(articles, config)
    by_id = {s.story_id: s for s in grouped_stories(articles, grouping)}
    labels = {s.story_id: s.label for s in grouping.stories}
    rank = {s.story_id: i for i, s in enumerate(grouping.stories)}
    ordered = sorted(by_id.values(), key=lambda s: (-len(s.articles), rank[s.story_id]))
    found = tuple(
        FoundStory(
            story_id=story.story_id,
            label=labels[story.story_id],
            n_articles=len(story.articles),
            sources=tuple(dict.fromkeys(a.source for a in story.articles)),
        )
        for story in ordered
    )
    warnings = (*loaded.warnings, *grouping.warnings)
    return GroupedUpload(replace(loaded, stories=tuple(ordered), warnings=warnings), found)


def found_rows(found: tuple[FoundStory, ...]) -> list[dict[str, object]]:
    """The table of the stories found, one row each (shown by the app as a data frame, which
    renders cells as text: no HTML is built from the uploaded texts here)."""
    return [
        {
            "story": s.label or s.story_id,
            "articles": s.n_articles,
            "sources": ", ".join(s.sources),
            "story_id": s.story_id,
        }
        for s in found
    ]


def story_labels(grouped: GroupedUpload) -> list[str]:
    """Each story as the picker shows it: its label, id and how many articles and outlets."""
    return [
        f"{s.label or s.story_id} [{s.story_id}] ({s.n_articles} articles, "
        f"{len(s.sources)} outlets)"
        for s in grouped.found
    ]


def story_title(story_id: str, found: Sequence[FoundStory] = ()) -> str:
    """The audited story's heading: its id, and when a feed was grouped the words the story
    was grouped by (a grouped story's id is a hash, which tells a reader nothing)."""
    label = next((s.label for s in found if s.story_id == story_id and s.label), "")
    return f"Story: {story_id} · {label}" if label else f"Story: {story_id}"


def _in_file_order(loaded: LoadedInput) -> LoadedInput:
    """All the upload's articles as one story, CSV/JSONL rows in file order (the loader
    gathers them by their input story_id, which grouping sets aside)."""
    articles = [a for story in loaded.stories for a in story.articles]
    if loaded.rows and len(loaded.rows) == len(articles):
        by_id = {a.article_id: a for a in articles}
        articles = [by_id[article_id] for article_id, _ in loaded.rows]
    return replace(loaded, stories=(Story("feed", tuple(articles)),), rows=())
