"""The grouping stage as one call: articles in, each article's story out.

Articles are taken in time order (their `published` field; an article without a readable date
keeps its place after the article before it in the feed), reprints are found by the dedup engine
on each article's lead, and every article is placed online by `audit.group.cluster`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from audit.config import AuditConfig
from audit.dedup import Kind
from audit.dedup.engine import History
from audit.group.cluster import Clusterer, Placement, StoryState
from audit.group.extract import PackedRead, in_workers, packed_reads
from audit.group.features import article_features, features_apart
from audit.group.represent import Vocabulary
from audit.model import Article, InputWarning


class GroupHistory(Protocol):
    """Earlier runs (implemented by `audit.group.index.GroupIndex`)."""

    @property
    def dedup(self) -> History: ...

    def vocabulary(self) -> Vocabulary: ...

    def open_stories(self) -> list[StoryState]: ...

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, StoryState]: ...

    def save(self, clusterer: Clusterer, placements: Sequence[Placement]) -> None: ...


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """One story with articles in this feed: `n_articles` counts earlier runs' too."""

    story_id: str
    label: str
    first_article: str
    n_articles: int
    n_in_feed: int
    first_published: str
    last_published: str
    seen_before: bool


@dataclass(frozen=True, slots=True)
class Grouping:
    """Each article's placement (in input order) and the stories of the feed (by first
    appearance in time order)."""

    placements: tuple[Placement, ...]
    stories: tuple[StoryInfo, ...]
    warnings: tuple[InputWarning, ...] = ()

    def story_of(self) -> dict[str, str]:
        return {p.article_id: p.story_id for p in self.placements}


def group_articles(
    articles: Sequence[Article],
    config: AuditConfig,
    *,
    history: GroupHistory | None = None,
    reads: Sequence[PackedRead] | None = None,
) -> Grouping:
    """Group a feed into stories (see the module docstring); deterministic for the same input
    and the same history. With `reads` (each article's read, from `extract.packed_reads`),
    the articles' texts are not read: a streaming reader keeps only those."""
    cfg = config.group
    times, warnings = _times(articles)
    order = _time_order(times)
    vocabulary = history.vocabulary() if history is not None else Vocabulary()
    clusterer = Clusterer(cfg, vocabulary)
    if history is not None:
        clusterer.resume(history.open_stories())
    if reads is None:
        reads = tuple(packed_reads(((a.text, a.title) for a in articles), config))
    if len(reads) != len(articles):
        raise ValueError(f"{len(reads)} reads for {len(articles)} articles")
    items = ((articles[i].article_id, articles[i].source, reads[i]) for i in order)
    # Apart, the features process keeps the document frequencies and the main process's
    # vocabulary only the spellings (for labels); an index needs both here, to save them.
    apart = history is None and in_workers(config, len(articles))
    if apart:
        features = features_apart(items, config)
    else:
        index = history.dedup if history is not None else None
        features = article_features(items, config, vocabulary, index=index)
    placed: dict[str, Placement] = {}
    for position, feature in zip(order, features, strict=True):
        article = articles[position]
        if apart:
            vocabulary.forms.update(feature.forms)
        reprint, finding = None, feature.finding
        if finding is not None and finding.kind is not Kind.BOILERPLATE:
            story_id = _story_of(finding.other_id, placed, clusterer, history)
            if story_id is not None:
                reprint = (story_id, finding.other_id, finding.score)
        placed[article.article_id] = clusterer.place(
            article.article_id, feature.vector, times[position], reprint=reprint
        )
    clusterer.finish()
    placements = tuple(placed[a.article_id] for a in articles)
    if history is not None:
        history.save(clusterer, [placed[articles[i].article_id] for i in order])
    return Grouping(placements, _stories(clusterer, placed, order, articles), tuple(warnings))


def _story_of(
    article_id: str,
    placed: dict[str, Placement],
    clusterer: Clusterer,
    history: GroupHistory | None,
) -> str | None:
    if article_id in placed:
        return placed[article_id].story_id
    if history is None:
        return None
    for story in history.stories_of([article_id]).values():
        clusterer.stories.setdefault(story.story_id, story)
        return story.story_id
    return None


def _stories(
    clusterer: Clusterer,
    placed: dict[str, Placement],
    order: Sequence[int],
    articles: Sequence[Article],
) -> tuple[StoryInfo, ...]:
    members: dict[str, list[Article]] = {}
    for i in order:
        members.setdefault(placed[articles[i].article_id].story_id, []).append(articles[i])
    infos = []
    for story_id, feed in members.items():
        story = clusterer.stories[story_id]
        dates = sorted(a.published for a in feed if a.published)
        infos.append(
            StoryInfo(
                story_id=story_id,
                label=story.label,
                first_article=story.first_article,
                n_articles=story.n_articles,
                n_in_feed=len(feed),
                first_published=dates[0] if dates else "",
                last_published=dates[-1] if dates else "",
                seen_before=story.seen_before,
            )
        )
    return tuple(infos)


def parse_time(value: str) -> float | None:
    """Seconds since the epoch of an ISO 8601 date or time (naive times taken as UTC)."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _times(articles: Sequence[Article]) -> tuple[list[float | None], list[InputWarning]]:
    times = [parse_time(a.published) for a in articles]
    unread = [a for a, t in zip(articles, times, strict=True) if a.published.strip() and t is None]
    if not unread:
        return times, []
    warning = InputWarning(
        unread[0].origin,
        f"{len(unread)} published date(s) not in ISO 8601 (such as {unread[0].published!r}):"
        " those articles are taken in feed order, without a time",
    )
    return times, [warning]


def _time_order(times: Sequence[float | None]) -> list[int]:
    """Positions in time order; an undated article sorts right after the article before it."""
    keys: list[tuple[float, int]] = []
    previous = float("-inf")
    for position, time in enumerate(times):
        previous = time if time is not None else previous
        keys.append((previous, position))
    return [position for _, position in sorted(keys)]


def in_order(articles: Sequence[Article]) -> Iterator[Article]:
    """The articles in the order the grouper takes them."""
    times, _ = _times(articles)
    return (articles[i] for i in _time_order(times))
