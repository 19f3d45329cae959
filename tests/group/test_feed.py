"""Rows out: the fast CSV line writer against the csv module."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from audit.group.feed import csv_line

_VALUES = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list(',"\r\n \t;ab\u2028\x00é'))),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)


def _csv_module(values: list[object]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


@given(st.lists(_VALUES, min_size=1, max_size=6))
def test_a_line_is_written_as_the_csv_module_writes_it(values: list[object]) -> None:
    assert csv_line(values) == _csv_module(values)


def test_quotes_and_line_breaks_are_quoted() -> None:
    assert csv_line(['say "hi"', "a,b", "two\nlines", "plain", 0.5, None]) == (
        '"say ""hi""","a,b","two\nlines",plain,0.5,\r\n'
    )
