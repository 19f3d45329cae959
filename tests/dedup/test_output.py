"""`audit.dedup.output.RowWriter`: a CSV with no rows still says its columns when it knows them,
and is empty (not a blank line) when it does not (`audit dedup --emit unique` of no record)."""

from __future__ import annotations

import io

from audit.dedup.output import RowWriter


def test_no_rows_with_known_columns_is_the_header_alone() -> None:
    stream = io.StringIO()
    RowWriter(stream, "csv", ("a", "b")).finish()
    assert stream.getvalue() == "a,b\r\n"


def test_no_rows_and_no_columns_is_an_empty_csv() -> None:
    stream = io.StringIO()
    RowWriter(stream, "csv", None).finish()
    assert stream.getvalue() == ""


def test_rows_without_given_columns_take_the_first_row_s() -> None:
    stream = io.StringIO()
    writer = RowWriter(stream, "csv", None)
    writer.write({"id": "1", "text": "x"})
    writer.finish()
    assert stream.getvalue() == "id,text\r\n1,x\r\n"
