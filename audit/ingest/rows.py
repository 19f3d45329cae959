"""The rows of record files (CSV, JSONL, Parquet) as `audit run` reads them: each article row a
`TextRecord` of lower-cased field names and text values, numbered by the line it starts on (a
Parquet row by its number), or an AuditInputError naming the file and line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from audit.errors import AuditInputError
from audit.ingest.jsonl import json_objects, text_lines
from audit.ingest.parquet import parquet_rows

# Articles are long: the csv module's default 128 KB cell limit is not enough (2**31 - 1 is the
# largest limit every platform's C long takes).
_CELL_LIMIT = 2**31 - 1


@dataclass(frozen=True, slots=True)
class TextRecord:
    origin: str
    line: int
    fields: dict[str, str]


def csv_records(text: str | Iterable[str], origin: str) -> Iterator[TextRecord]:
    for line, row in csv_rows(text, origin, required=("text",)):
        yield TextRecord(origin, line, row)


def csv_rows(
    text: str | Iterable[str], origin: str, *, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of CSV `text` (or its decoded lines, read one at a time) by the line each
    starts on; a row's fields keyed by the lower-cased header."""
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)
    lines = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(lines, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise AuditInputError(origin, "CSV file has no header row", line=1) from None
    except csv.Error as exc:
        raise AuditInputError(origin, f"malformed CSV: {exc}", line=1) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise AuditInputError(origin, f"CSV header has no {missing[0]!r} column", line=1)
    start_line = reader.line_num + 1
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                start_line = reader.line_num + 1
                continue
            if len(row) != len(header):
                raise AuditInputError(
                    origin,
                    f"malformed CSV row: {len(row)} fields where the header has {len(header)}",
                    line=start_line,
                )
            yield start_line, dict(zip(header, row, strict=True))
            start_line = reader.line_num + 1
    except csv.Error as exc:
        raise AuditInputError(origin, f"malformed CSV: {exc}", line=start_line) from None


def jsonl_records(text: str | Iterable[tuple[int, str]], origin: str) -> Iterator[TextRecord]:
    """The records of JSONL `text` (or its numbered, decoded lines, read one at a time)."""
    # JSON strings may hold U+2028 or U+0085, which str.splitlines() would split on; lines are
    # cut one at a time, as a list of them would hold a second copy of a big feed.
    lines = enumerate(text_lines(text), start=1) if isinstance(text, str) else text
    numbered = json_objects(lines, origin)
    return object_records(numbered, origin, "JSONL object")


def object_records(
    rows: Iterable[tuple[int, dict[str, Any]]], origin: str, what: str
) -> Iterator[TextRecord]:
    for number, value in rows:
        value = {str(k).lower(): v for k, v in value.items()}
        if not isinstance(value.get("text"), str):
            raise AuditInputError(origin, f"{what} has no string 'text' field", line=number)
        yield TextRecord(origin, number, {k: _as_text(v) for k, v in value.items()})


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def parquet_records(data: bytes, origin: str) -> Iterator[TextRecord]:
    return object_records(parquet_rows(io.BytesIO(data), origin), origin, "Parquet row")
