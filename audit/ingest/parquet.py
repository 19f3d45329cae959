"""Parquet files of articles or records, read and written: the only module that imports pyarrow
(imported on first use, so runs on CSV and JSONL never load it).

Rows are read as a JSONL line would be: a dict per row of column name -> plain value (str,
int, float, bool, None, and lists and dicts of them; dates and timestamps as ISO 8601 text,
anything else as its text; binary cells as UTF-8 text, an error naming the row, column and byte
when they are not UTF-8, as for any other input), numbered from 1: the row number stands where a
line number would.
Rows are written in row groups with the column types of the first group (a column with no
value there is text); a later value of another type is an error naming the column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from audit.errors import AuditInputError

PARQUET_SUFFIX = ".parquet"
MAGIC = b"PAR1"  # the first (and last) four bytes of every Parquet file
# Rows read or written at a time: a bounded memory with long article texts, row groups large
# enough for a columnar reader (pyarrow's default row group is a million rows).
_BATCH_ROWS = 10_000
_MISSING = "needs pyarrow: pip install 'audit[parquet]'"


def _modules(origin: str) -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("pyarrow"):
            raise
        raise AuditInputError(origin, f"reading or writing Parquet {_MISSING}") from None
    return pyarrow, pyarrow.parquet


def parquet_rows(stream: BinaryIO, origin: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, row) of every row of the Parquet file in `stream` (seekable)."""
    pa, pq = _modules(origin)
    number = 0
    try:
        reader = pq.ParquetFile(stream)
        for batch in reader.iter_batches(batch_size=_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield number, _plain_row(row, origin, number)
    except (pa.ArrowException, OSError) as exc:
        where = f" (after row {number})" if number else ""
        raise AuditInputError(origin, f"not a readable Parquet file{where}: {exc}") from None


def _plain_row(row: Mapping[str, Any], origin: str, number: int) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for key, value in row.items():
        try:
            plain[str(key)] = _plain(value)
        except UnicodeDecodeError as exc:
            raise AuditInputError(
                origin,
                f"column {str(key)!r} holds bytes that are not UTF-8 "
                f"(byte {exc.start + 1} of the cell: 0x{exc.object[exc.start]:02x})",
                line=number,
            ) from None
    return plain


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8")  # strict: a silently replaced byte would alter the text
    return str(value)


class ParquetRows:
    """Rows of flat cells (str, int, float, bool, None) written to `stream` as Parquet, with
    `columns` in that order; `close()` writes the file's footer (no rows: only the columns)."""

    def __init__(self, stream: BinaryIO, columns: Sequence[str], origin: str) -> None:
        self._pa, self._pq = _modules(origin)
        self._stream = stream
        self._columns = list(columns)
        self._origin = origin
        self._rows: list[Mapping[str, Any]] = []
        self._writer: Any = None

    def write(self, row: Mapping[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= _BATCH_ROWS:
            self._flush()

    def close(self) -> None:
        if self._rows or self._writer is None:
            self._flush()
        self._writer.close()

    def _flush(self) -> None:
        pa = self._pa
        columns = {name: [row.get(name) for row in self._rows] for name in self._columns}
        self._rows = []
        if self._writer is None:
            types = [self._array(name, cells, None).type for name, cells in columns.items()]
            schema = pa.schema(
                pa.field(name, pa.string() if pa.types.is_null(kind) else kind)
                for name, kind in zip(columns, types, strict=True)
            )
            self._writer = self._pq.ParquetWriter(self._stream, schema)
        schema = self._writer.schema
        arrays = [self._array(f.name, columns[f.name], f.type) for f in schema]
        self._writer.write_table(self._pa.Table.from_arrays(arrays, schema=schema))

    def _array(self, name: str, cells: list[Any], kind: Any) -> Any:
        pa = self._pa
        try:
            return pa.array(cells, type=kind)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            raise AuditInputError(
                self._origin,
                f"column {name!r} holds values of more than one type ({exc}): "
                "write .csv or .jsonl instead",
            ) from None
