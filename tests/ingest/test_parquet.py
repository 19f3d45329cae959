"""The Parquet adapter: rows read as a JSONL line would be, rows written with the types of the
first row group, and one-line errors for a bad file, a column changing type or no pyarrow."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from audit.errors import AuditInputError
from audit.ingest import parquet
from audit.ingest.parquet import ParquetRows, parquet_rows

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _file(table: object) -> io.BytesIO:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    buffer.seek(0)
    return buffer


def test_rows_come_as_plain_values_numbered_from_one() -> None:
    table = pa.table(
        {
            "id": ["a", "b"],
            "n": [1, None],
            "score": [0.5, 1.0],
            "ok": [True, False],
            "when": pa.array([dt.datetime(2024, 3, 4, 9, 30), None], pa.timestamp("s")),
            "day": pa.array([dt.date(2024, 3, 4), dt.date(2024, 3, 5)]),
            "tags": [["x", "y"], []],
        }
    )
    rows = list(parquet_rows(_file(table), "feed.parquet"))
    assert rows == [
        (1, {"id": "a", "n": 1, "score": 0.5, "ok": True, "when": "2024-03-04T09:30:00",
             "day": "2024-03-04", "tags": ["x", "y"]}),
        (2, {"id": "b", "n": None, "score": 1.0, "ok": False, "when": None,
             "day": "2024-03-05", "tags": []}),
    ]  # fmt: skip


def test_written_rows_read_back_in_order_across_row_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parquet, "_BATCH_ROWS", 2)  # five rows: three row groups
    rows = [{"id": f"r{i}", "n": i, "note": None if i < 2 else f"n{i}"} for i in range(5)]
    buffer = io.BytesIO()
    writer = ParquetRows(buffer, ["id", "n", "note"], "out.parquet")
    for row in rows:
        writer.write(row)
    writer.close()
    assert not buffer.closed  # the caller's stream: it commits the file (AtomicOutput)
    buffer.seek(0)
    assert pq.ParquetFile(buffer).metadata.num_row_groups == 3
    buffer.seek(0)
    schema = pq.read_schema(buffer)
    # `note` has no value in the first group: text, so the later text fits
    assert [str(f.type) for f in schema] == ["string", "int64", "string"]
    buffer.seek(0)
    assert [row for _, row in parquet_rows(buffer, "out.parquet")] == rows


def test_no_rows_still_writes_the_columns() -> None:
    buffer = io.BytesIO()
    ParquetRows(buffer, ["cluster_id", "size"], "out.parquet").close()
    buffer.seek(0)
    assert pq.read_schema(buffer).names == ["cluster_id", "size"]
    buffer.seek(0)
    assert list(parquet_rows(buffer, "out.parquet")) == []


def test_a_column_changing_type_is_one_error_naming_it() -> None:
    writer = ParquetRows(io.BytesIO(), ["id"], "out.parquet")
    writer.write({"id": 1})
    writer.write({"id": "two"})
    with pytest.raises(AuditInputError, match=r"^out\.parquet: column 'id' holds values of"):
        writer.close()


def test_a_file_that_is_not_parquet_is_an_input_error() -> None:
    with pytest.raises(AuditInputError) as caught:
        list(parquet_rows(io.BytesIO(b"id,text\n1,hello\n"), "feed.parquet"))
    assert str(caught.value).startswith("feed.parquet: not a readable Parquet file")
    assert "\n" not in str(caught.value)


def test_without_pyarrow_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # importing it now fails as if absent
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(AuditInputError, match=r"pip install 'audit\[parquet\]'"):
        list(parquet_rows(io.BytesIO(b""), "feed.parquet"))


def test_binary_cells_read_as_utf8_text() -> None:
    table = pa.table({"id": ["a"], "text": pa.array(["Kyiv – 5 €".encode()], pa.binary())})
    assert list(parquet_rows(_file(table), "feed.parquet")) == [
        (1, {"id": "a", "text": "Kyiv – 5 €"})
    ]


def test_binary_cells_not_utf8_are_an_error_naming_row_column_and_byte() -> None:
    table = pa.table({"text": pa.array([b"fine", b"caf\xe9 au lait"], pa.binary())})
    with pytest.raises(AuditInputError) as caught:
        list(parquet_rows(_file(table), "feed.parquet"))
    message = str(caught.value)
    assert message.startswith("feed.parquet:2: column 'text'")
    assert "byte 4" in message and "0xe9" in message
