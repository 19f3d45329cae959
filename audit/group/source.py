"""A feed of .csv/.jsonl files read in two streaming passes, so that memory is bounded by the
grouping's state and not by the files (a 100k-article feed is about 500 MB of text).

Pass one (`read_feed`) reads the records one at a time and keeps what grouping needs: each
article without its text (id, source, date, origin) and its read (the terms of its lead, the
headline and first words, and the lead's first words for the reprint check, packed), found by
worker processes while the file is read;
pass two (`stream_rows`) reads the files again and yields every input row with its story. Lines
are decoded and records parsed and checked by the same functions as `audit run`'s loader
(`audit.ingest.load.record_lines`, the line decoder of `audit dedup`), so bad input gets the
same one-line message naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from audit.config import AuditConfig
from audit.dedup.records import decoded_lines
from audit.errors import AuditInputError
from audit.group.extract import PackedRead, packed_reads
from audit.group.feed import story_row
from audit.group.stage import Grouping
from audit.ingest.files import open_regular, os_message, path_kind
from audit.ingest.load import load_input, record_lines
from audit.model import Article, InputWarning

RECORD_SUFFIXES = (".csv", ".jsonl", ".ndjson")

Shape = tuple[tuple[str, ...], bool]  # an input row's field names, and whether story_id is set


@dataclass(frozen=True, slots=True)
class ReadFeed:
    """What pass one keeps: the articles (texts emptied), their reads (`extract.packed_reads`),
    the read warnings and the distinct shapes of the input rows (for the CSV header of pass
    two)."""

    articles: tuple[Article, ...]
    reads: tuple[PackedRead, ...]
    warnings: tuple[InputWarning, ...]
    shapes: tuple[Shape, ...]


def streamable(names: Sequence[str]) -> bool:
    """Whether every input is a .csv/.jsonl file (not standard input, not a folder)."""
    return all(
        name != "-"
        and PurePath(name).suffix.lower() in RECORD_SUFFIXES
        and path_kind(Path(name), name) != "folder"
        for name in names
    )


def read_feed(names: Sequence[str], config: AuditConfig) -> ReadFeed:
    """Pass one over the files, in order; an article id used twice (within a file or across
    files) is an input error naming both places, as the loader and `feed_articles` say."""
    articles: list[Article] = []
    warnings: list[InputWarning] = []
    shapes: dict[Shape, None] = {}
    seen: dict[str, str] = {}

    def jobs() -> Iterator[tuple[str, str]]:
        for name in names:
            count = 0
            try:
                for article, fields in _records(name, warnings):
                    if article.article_id in seen:
                        raise AuditInputError(
                            article.origin,
                            f"article id {article.article_id!r} is also used at "
                            f"{seen[article.article_id]}; ids must be unique across the "
                            "inputs grouped together",
                        )
                    seen[article.article_id] = article.origin
                    shapes.setdefault((tuple(fields), bool(fields.get("story_id", "").strip())))
                    articles.append(replace(article, text=""))
                    count += 1
                    yield article.text, article.title
            except AuditInputError:
                if not count:  # the whole-file loader may see a problem first (an empty file)
                    load_input(name)
                raise
            if not count:
                load_input(name)  # the loader's own message: an empty file, no text, ...
                raise AuditInputError(name, "no articles with text in this file")

    reads = tuple(packed_reads(jobs(), config))
    return ReadFeed(tuple(articles), reads, tuple(warnings), tuple(shapes))


def stream_rows(names: Sequence[str], grouping: Grouping) -> Iterator[dict[str, Any]]:
    """Pass two: every input row, in file order, with its story's fields first."""
    labels = {s.story_id: s.label for s in grouping.stories}
    placements = iter(grouping.placements)
    for name in names:
        for article, fields in _records(name, []):
            placement = next(placements, None)
            if placement is None or placement.article_id != article.article_id:
                raise AuditInputError(article.origin, "the file changed while being grouped")
            yield story_row(article.article_id, fields, placement, labels[placement.story_id])


def _records(name: str, warnings: list[InputWarning]) -> Iterator[tuple[Article, dict[str, str]]]:
    def warn(message: str) -> None:
        warnings.append(InputWarning(name, message.removeprefix(f"{name}: ")))

    as_csv = PurePath(name).suffix.lower() == ".csv"
    with open_regular(Path(name), name) as stream:
        try:
            lines = decoded_lines(stream, name, warn)
            yield from record_lines(lines, name, PurePath(name).stem, warnings, as_csv=as_csv)
        except OSError as exc:
            raise AuditInputError(name, f"cannot read input: {os_message(exc)}") from None
