"""Records in: streaming readers for JSONL, CSV, folders of text files and standard input.

Each reader yields one `Record` at a time and holds nothing but the current line, so memory does
not grow with the input. Bad input raises `AuditInputError` naming the file and line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from audit.errors import AuditInputError
from audit.ingest.decode import decode_bytes, decode_line
from audit.ingest.files import open_regular, os_message, path_kind, read_regular, walk_files
from audit.ingest.jsonl import json_objects
from audit.ingest.load import ARTICLE_SUFFIXES, article_text
from audit.ingest.parquet import PARQUET_SUFFIX, parquet_rows
from audit.ingest.segment import para_id, paragraph_spans
from audit.model import Paragraph

InputFormat = Literal["auto", "jsonl", "csv", "parquet", "text"]
Warn = Callable[[str], None] | None  # told of input read with a warning (a decoding fallback)
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


def read_records(
    inputs: Iterable[str], options: ReadOptions, *, warn: Warn = None
) -> Iterator[Record]:
    """Records of every input in order ("-" is standard input), split to paragraphs if asked.
    Records without text are skipped; an id used twice is an input error (a record would
    otherwise be reported as a copy of itself). `warn` is told of inputs read with a warning."""
    seen: dict[str, str] = {}
    for name in inputs:
        for article in _read_articles(name, options, warn):
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


def _read_articles(name: str, options: ReadOptions, warn: Warn) -> Iterator[Record]:
    if name == STDIN:
        fmt = options.input_format if options.input_format != "auto" else "jsonl"
        yield from _read_stream(stdin_bytes(), "<stdin>", fmt, options, warn)
        return
    path = Path(name)
    if path_kind(path, name) == "folder":  # missing, a link loop, a FIFO: an input error
        yield from _read_folder(path)
        return
    fmt = options.input_format if options.input_format != "auto" else _guess_format(path)
    with open_regular(path, name) as stream:
        try:
            yield from _read_stream(stream, name, fmt, options, warn)
        except OSError as exc:
            raise AuditInputError(name, f"cannot read input: {os_message(exc)}") from None


def stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    # A text stream put in place of stdin (tests, embedding): its text, as UTF-8 bytes.
    return io.BufferedReader(io.BytesIO(sys.stdin.read().encode("utf-8")))  # type: ignore[arg-type]


def _guess_format(path: Path) -> InputFormat:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".tsv"}:
        return "csv"
    return "parquet" if suffix == PARQUET_SUFFIX else "text"


def _read_stream(
    stream: BinaryIO, origin: str, fmt: InputFormat, options: ReadOptions, warn: Warn
) -> Iterator[Record]:
    if fmt == "jsonl":
        return _read_jsonl(stream, origin, options, warn)
    if fmt == "csv":
        return _read_csv(stream, origin, options, warn)
    if fmt == "parquet":
        return _read_parquet(stream, origin, options)
    return _read_text(stream, origin, warn)


def decoded_lines(stream: BinaryIO, origin: str, warn: Warn) -> Iterator[tuple[int, str]]:
    """Numbered lines, each decoded on its own (so an error names its true line): UTF-8 (a BOM
    dropped), Windows-1252 where a line is not UTF-8 (one warning per input), UTF-16/32 by BOM."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    wide = _wide_encoding(head)
    if wide is not None:
        yield from _wide_lines(stream, origin, wide)
        return
    warned = False
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        decoded = decode_line(raw, origin, number)
        if decoded.warning and not warned and warn is not None:
            warn(f"{origin}: {decoded.warning}")
            warned = True
        yield number, decoded.text


def _wide_encoding(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _wide_lines(stream: BinaryIO, origin: str, encoding: str) -> Iterator[tuple[int, str]]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            yield number, line
    except UnicodeDecodeError:
        raise AuditInputError(origin, f"cannot decode as {encoding}", line=number + 1) from None
    finally:
        if not stream.closed:  # a reader stopped by an error may close its file before this
            text.detach()  # generator is finalised: detaching then raised ("Exception ignored")


def _read_jsonl(
    stream: BinaryIO, origin: str, options: ReadOptions, warn: Warn
) -> Iterator[Record]:
    for number, row in json_objects(decoded_lines(stream, origin, warn), origin):
        yield _record(row, origin, number, options)


def _read_parquet(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[Record]:
    if not stream.seekable():  # standard input: Parquet is read from its footer back
        stream = io.BytesIO(stream.read())
    for number, row in parquet_rows(stream, origin):
        yield _record(row, origin, number, options)


def _read_csv(stream: BinaryIO, origin: str, options: ReadOptions, warn: Warn) -> Iterator[Record]:
    # Scraped articles exceed csv's default 128 kB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if origin.lower().endswith(".tsv") else ","
    lines = (text for _, text in decoded_lines(stream, origin, warn))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        if options.text_field not in header:
            columns = ", ".join(header)
            raise AuditInputError(
                origin, f"no column {options.text_field!r} (columns: {columns})", line=1
            )
        start = reader.line_num + 1  # a row's line is the line it starts on
        for row in reader:
            if row:
                cells = dict(zip(header, row, strict=False))
                fields = {name: cells.get(name) for name in header}
                yield _record(fields, origin, start, options)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise AuditInputError(origin, f"not valid CSV: {exc}", line=reader.line_num) from None


def _read_text(stream: BinaryIO, origin: str, warn: Warn) -> Iterator[Record]:
    data = stream.read()
    if not data.strip():
        return
    decoded = decode_bytes(data, origin)
    if decoded.warning and warn is not None:
        warn(f"{origin}: {decoded.warning}")
    text = decoded.text
    yield Record(record_id=origin, text=text, article_id=origin, origin=origin, raw=None)


def _read_folder(folder: Path) -> Iterator[Record]:
    """Every article file (.txt, .md, .html) under the folder, in sorted path order, decoded
    and reduced to its text as `audit run` reads it; the source is its first sub-folder. An
    unreadable sub-folder or a FIFO among the files is an input error."""
    files = (
        p
        for p in walk_files(folder)
        if not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
        and p.name.lower() != "readme.md"
    )  # fmt: skip
    for path in files:
        relative = path.relative_to(folder)
        text = article_text(str(path), read_regular(path))
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
