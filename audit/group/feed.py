"""A grouped feed out: every input row with its story (CSV or JSONL, to feed `audit run`), the
stories as a table (`stories.csv`), and the input regrouped into one `Story` per story found."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TextIO

from audit.errors import AuditInputError
from audit.group.cluster import Placement
from audit.group.stage import Grouping
from audit.ingest.load import LoadedInput
from audit.model import Article, Story
from audit.report.folders import atomic_file
from audit.text.cells import neutralise_cell

Format = Literal["csv", "jsonl"]
_NEEDS_QUOTES = re.compile('[,"\r\n]')  # the delimiter, the quote, the line terminator's

STORY_FIELDS = ("story_id", "story_label", "story_similarity", "story_rule", "story_shared")
STORY_COLUMNS = (
    "story_id", "label", "n_articles", "n_in_feed", "n_sources", "first_article",
    "first_published", "last_published", "seen_before", "article_ids",
)  # fmt: skip
# Fields of an article read from a folder or a text file (no input row to keep).
_ARTICLE_FIELDS = ("article_id", "source", "title", "published", "url", "text")


def feed_articles(inputs: Sequence[LoadedInput]) -> list[Article]:
    """The articles of every input in feed order (each file's row order, inputs in the order
    given); an article id used twice is an input error naming both places."""
    seen: dict[str, str] = {}
    articles: list[Article] = []
    for loaded in inputs:
        by_id = {a.article_id: a for story in loaded.stories for a in story.articles}
        order = [article_id for article_id, _ in loaded.rows] or list(by_id)
        for article_id in order:
            article = by_id[article_id]
            if article_id in seen:
                raise AuditInputError(
                    article.origin,
                    f"article id {article_id!r} is also used at {seen[article_id]}; ids must "
                    "be unique across the inputs grouped together",
                )
            seen[article_id] = article.origin
            articles.append(article)
    return articles


def feed_rows(
    articles: Sequence[Article], inputs: Sequence[LoadedInput], grouping: Grouping
) -> list[dict[str, Any]]:
    """Each article's input row (every field kept; an input `story_id` as `input_story_id`)
    with its story's fields first."""
    rows = {article_id: fields for loaded in inputs for article_id, fields in loaded.rows}
    labels = {s.story_id: s.label for s in grouping.stories}
    out = []
    for article, placement in zip(articles, grouping.placements, strict=True):
        given = rows.get(article.article_id)
        if given is None:
            given = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
        out.append(story_row(article.article_id, given, placement, labels[placement.story_id]))
    return out


def story_row(
    article_id: str, given: Mapping[str, str], placement: Placement, label: str
) -> dict[str, Any]:
    """One article's input row `given` with its story's fields first (see `feed_rows`)."""
    fields = {k: v for k, v in given.items() if k != "story_id"}
    if not {"id", "article_id"} & set(fields):
        fields = {"article_id": article_id, **fields}
    if given.get("story_id", "").strip():
        fields["input_story_id"] = given["story_id"]
    return {
        "story_id": placement.story_id,
        "story_label": label,
        "story_similarity": round(placement.similarity, 4),
        "story_rule": placement.rule
        + (f" of {placement.reprint_of}" if placement.reprint_of else ""),
        "story_shared": " ".join(placement.shared),
        **fields,
    }


def row_columns(shapes: Iterable[tuple[tuple[str, ...], bool]]) -> list[str]:
    """The CSV columns of the rows `story_row` makes from input rows of these shapes (field
    names, whether `story_id` is filled), in first-seen order, without the rows themselves."""
    placement = Placement("", "", 0.0, "")
    columns: dict[str, None] = dict.fromkeys(STORY_FIELDS)
    for names, has_story in shapes:
        given = dict.fromkeys(names, "")
        if has_story:
            given["story_id"] = "x"
        columns.update(dict.fromkeys(story_row("", given, placement, "")))
    return list(columns)


def write_feed(
    stream: TextIO,
    rows: Iterable[Mapping[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
) -> None:
    """Rows as JSONL, or CSV with the union of their fields in first-seen order (`columns`,
    when the rows come one at a time), written row by row (a big feed is never held twice in
    memory). Input fields are written as read (not neutralised for spreadsheets), so that the
    file feeds `audit run` with the same texts."""
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if columns is None:
        rows = list(rows)
        found: dict[str, None] = dict.fromkeys(STORY_FIELDS)
        for row in rows:
            found.update(dict.fromkeys(row))
        columns = list(found)
    names = list(columns)
    stream.write(csv_line(names))
    for row in rows:
        stream.write(csv_line([row.get(name, "") for name in names]))


def csv_line(values: Sequence[Any]) -> str:
    """One CSV line as `csv.writer(lineterminator="\\r\\n")` writes it (minimal quoting; tested
    against it), eight times faster on long texts: the csv module reads a field one character
    at a time, `str.replace` and a regex search do it in bulk."""
    cells = [_cell(v) for v in values]
    if cells == [""]:
        return '""\r\n'  # csv's way to tell a row of one empty field from a blank line
    return ",".join(cells) + "\r\n"


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def feed_bytes(rows: Sequence[Mapping[str, Any]], fmt: Format) -> bytes:
    """`write_feed` into bytes (for small feeds and tests)."""
    buffer = io.StringIO(newline="")
    write_feed(buffer, rows, fmt)
    return buffer.getvalue().encode("utf-8")


def save_feed(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
) -> None:
    """`write_feed` into `path` atomically (`audit.report.folders.atomic_file`)."""
    with atomic_file(path, "w") as out:
        write_feed(out, rows, fmt, columns=columns)


def stories_csv(articles: Sequence[Article], grouping: Grouping) -> bytes:
    """One row per story of the feed (largest first, then by first appearance)."""
    members: dict[str, list[Article]] = {}
    for article, placement in zip(articles, grouping.placements, strict=True):
        members.setdefault(placement.story_id, []).append(article)
    rank = {s.story_id: i for i, s in enumerate(grouping.stories)}
    stories = sorted(grouping.stories, key=lambda s: (-s.n_in_feed, rank[s.story_id]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(STORY_COLUMNS)
    for story in stories:
        feed = members[story.story_id]
        writer.writerow(
            neutralise_cell(v)
            for v in (
                story.story_id,
                story.label,
                story.n_articles,
                story.n_in_feed,
                len({a.source for a in feed}),
                story.first_article,
                story.first_published,
                story.last_published,
                story.seen_before,
                ";".join(a.article_id for a in feed),
            )
        )
    return buffer.getvalue().encode("utf-8")


def grouped_stories(articles: Sequence[Article], grouping: Grouping) -> tuple[Story, ...]:
    """The articles as one `Story` per story found, each in feed order, stories in the order
    of `grouping.stories`."""
    members: dict[str, list[Article]] = {s.story_id: [] for s in grouping.stories}
    for article, placement in zip(articles, grouping.placements, strict=True):
        members[placement.story_id].append(replace(article, story_id=placement.story_id))
    return tuple(Story(story_id, tuple(arts)) for story_id, arts in members.items())
