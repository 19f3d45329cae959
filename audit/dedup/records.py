"""Records in: streaming readers for JSONL, CSV, folders of text files and standard input.

Each reader yields one `Record` at a time and holds nothing but the current line, so memory does
not grow with the input. Bad input raises `AuditInputError` naming the file and line.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from audit.errors import AuditInputError
from audit.ingest.load import ARTICLE_SUFFIXES, article_text, json_objects
from audit.ingest.segment import para_id, paragraph_spans
from audit.model import Paragraph

InputFormat = Literal["auto", "jsonl", "csv", "text"]
Level = Literal["paragraph", "article"]

STDIN = "-"
# Fields tried, in order, for the outlet of a record when --source-field is not given: the wire
# scrapes call it "publisher", our story files "source".
_SOURCE_FIELDS = ("source", "publisher", "outlet")


@dataclass(frozen=True, slots=True)
class Record:
    """One text to deduplicate: a paragraph or a whole article.

    `offset` is the record's place in its article's text (0 for whole articles), so that
    `offset + span` points into the article. `raw` is the input row, written back by
    `--emit unique`; `origin` is "path:line" for messages.
    """

    record_id: str
    text: str
    source: str = ""
    article_id: str = ""
    offset: int = 0
    origin: str = ""
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: the field names of JSONL/CSV rows and the record level."""

    text_field: str = "text"
    id_field: str = "id"
    source_field: str | None = None
    input_format: InputFormat = "auto"
    level: Level = "article"
    # Paragraphs are separated by this marker (" ### " in the wire scrapes); None: line breaks.
    separator: str | None = None


def read_records(inputs: Iterable[str], options: ReadOptions) -> Iterator[Record]:
    """Records of every input in order ("-" is standard input), split to paragraphs if asked.
    Records without text are skipped; an id used twice is an input error (a record would
    otherwise be reported as a copy of itself)."""
    seen: dict[str, str] = {}
    for name in inputs:
        for article in _read_articles(name, options):
            if not article.text.strip():
                continue
            if article.record_id in seen:
                raise AuditInputError(
                    article.origin,
                    f"id {article.record_id!r} is also used at {seen[article.record_id]}",
                )
            seen[article.record_id] = article.origin
            if options.level == "paragraph":
                yield from split_paragraphs(article, options.separator)
            else:
                yield article


def split_paragraphs(article: Record, separator: str | None = None) -> Iterator[Record]:
    """The paragraphs of an article record, as `audit run` segments them (blank lines, single
    newlines or `separator`), each with its offset into the article."""
    for index, span in enumerate(paragraph_spans(article.text, separator)):
        yield Record(
            record_id=para_id(article.record_id, index),
            text=article.text[span.start : span.end],
            source=article.source,
            article_id=article.record_id,
            offset=span.start,
            origin=article.origin,
            raw=None,
        )


def paragraph_records(
    paragraphs: Iterable[Paragraph], source_of: Mapping[str, str]
) -> list[Record]:
    """Records for the engine from an audit's paragraphs (`source_of`: article_id -> outlet).
    A finding's spans are offsets into `paragraph.text`; add `finding.offset` (the paragraph's
    `start`) for offsets into the article."""
    return [
        Record(
            record_id=p.para_id,
            text=p.text,
            source=source_of.get(p.article_id, ""),
            article_id=p.article_id,
            offset=p.start,
            origin=p.para_id,
        )
        for p in paragraphs
    ]


def _read_articles(name: str, options: ReadOptions) -> Iterator[Record]:
    if name == STDIN:
        fmt = options.input_format if options.input_format != "auto" else "jsonl"
        yield from _read_stream(sys.stdin, "<stdin>", fmt, options)
        return
    path = Path(name)
    if path.is_dir():
        yield from _read_folder(path)
        return
    if not path.exists():
        raise AuditInputError(name, "input not found")
    fmt = options.input_format if options.input_format != "auto" else _guess_format(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:  # a BOM is not a column
            yield from _read_stream(stream, name, fmt, options)
    except OSError as exc:
        raise AuditInputError(name, f"cannot read input: {exc.strerror or exc}") from None


def _guess_format(path: Path) -> InputFormat:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".tsv"}:
        return "csv"
    return "text"


def _read_stream(stream: TextIO, origin: str, fmt: InputFormat, options: ReadOptions):
    if fmt == "jsonl":
        return _read_jsonl(stream, origin, options)
    if fmt == "csv":
        return _read_csv(stream, origin, options)
    return _read_text(stream, origin)


def _lines(stream: TextIO, origin: str) -> Iterator[tuple[int, str]]:
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            yield number, line
    except UnicodeDecodeError:
        raise AuditInputError(origin, "not valid UTF-8", line=number + 1) from None


def _read_jsonl(stream: TextIO, origin: str, options: ReadOptions) -> Iterator[Record]:
    for number, row in json_objects(_lines(stream, origin), origin):
        yield _record(row, origin, number, options)


def _read_csv(stream: TextIO, origin: str, options: ReadOptions) -> Iterator[Record]:
    # Scraped articles exceed csv's default 128 kB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if origin.lower().endswith(".tsv") else ","
    reader = csv.DictReader(stream, delimiter=delimiter, strict=True)
    try:
        header = reader.fieldnames
        if header is None:
            return
        if options.text_field not in header:
            raise AuditInputError(
                origin, f"no column {options.text_field!r} (columns: {', '.join(header)})", line=1
            )
        for row in reader:
            yield _record(row, origin, reader.line_num, options)
    except csv.Error as exc:
        raise AuditInputError(origin, f"not valid CSV: {exc}", line=reader.line_num) from None
    except UnicodeDecodeError:
        raise AuditInputError(origin, "not valid UTF-8", line=reader.line_num + 1) from None


def _read_text(stream: TextIO, origin: str) -> Iterator[Record]:
    try:
        text = stream.read()
    except UnicodeDecodeError:
        raise AuditInputError(origin, "not valid UTF-8") from None
    yield Record(record_id=origin, text=text, article_id=origin, origin=origin, raw=None)


def _read_folder(folder: Path) -> Iterator[Record]:
    """Every article file (.txt, .md, .html) under the folder, in sorted path order, decoded
    and reduced to its text as `audit run` reads it; the source is its first sub-folder."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
        and p.name.lower() != "readme.md"
    )  # fmt: skip
    for path in files:
        relative = path.relative_to(folder)
        text = article_text(str(path), _read_bytes(path))
        source = relative.parts[0] if len(relative.parts) > 1 else ""
        name = relative.as_posix()
        yield Record(
            record_id=name,
            text=text,
            source=source,
            article_id=name,
            origin=str(path),
            raw={"id": name, "source": source, "text": text},
        )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AuditInputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _record(row: Mapping[str, Any], origin: str, line: int, options: ReadOptions) -> Record:
    text = row.get(options.text_field)
    if text is None:
        raise AuditInputError(origin, f"no field {options.text_field!r}", line=line)
    if not isinstance(text, str):
        raise AuditInputError(origin, f"field {options.text_field!r} is not text", line=line)
    record_id = _field(row, options.id_field)
    if not record_id:
        record_id = f"{origin}:{line}"
    return Record(
        record_id=record_id,
        text=text,
        source=_source(row, options, origin, line),
        article_id=record_id,
        origin=f"{origin}:{line}",
        raw=row,
    )


def _source(row: Mapping[str, Any], options: ReadOptions, origin: str, line: int) -> str:
    if options.source_field is not None:
        if options.source_field not in row:
            raise AuditInputError(origin, f"no field {options.source_field!r}", line=line)
        return _field(row, options.source_field)
    for name in _SOURCE_FIELDS:
        if name in row:
            return _field(row, name)
    return ""


def _field(row: Mapping[str, Any], name: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)
