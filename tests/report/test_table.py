"""audit.report.table writes the bytes pandas' `to_csv` wrote for the same rows (the reports'
format before the csv module replaced pandas there): the reference is pandas itself."""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.report.table import csv_bytes
from audit.text.cells import neutralise_cell

COLUMNS = ("a", "b", "c")


def _pandas_bytes(rows: list[dict], columns: tuple[str, ...], decimals: int = 4) -> bytes:
    """The writer as it was: a frame of the rows, text neutralised, float columns rounded."""
    frame = pd.DataFrame(list(rows), columns=list(columns))
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_cell)
        elif pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(decimals)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-10, 10).map(lambda x: round(x, 6)),
    st.sampled_from(["", "=1+1", "-x", "+", "@a", "\tt", "a,b", 'q"q', "a\rb", "c\nd", "plain"]),
    st.text(max_size=8),
)


@st.composite
def _tables(draw: st.DrawFn) -> list[dict]:
    """Columns of one cell kind or a mix, some keys left out of some rows."""
    kinds = {c: draw(st.sampled_from(["int", "float", "text", "bool", "mixed"])) for c in COLUMNS}
    per_kind = {
        "int": st.integers(-(2**40), 2**40),
        "float": st.one_of(st.floats(-1e6, 1e6), st.integers(-5, 5), st.none()),
        "text": st.one_of(
            st.text(max_size=6),
            st.none(),
            st.sampled_from(["=x", "-1", "", "a,b", 'q"q', "a\rb", "c\nd", '"']),
        ),
        "bool": st.booleans(),
        "mixed": _CELLS,
    }
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = {c: draw(per_kind[kinds[c]]) for c in COLUMNS}
        for c in draw(st.sets(st.sampled_from(COLUMNS), max_size=1)):
            del row[c]
        rows.append(row)
    return rows


@settings(max_examples=300)
@given(_tables())
def test_the_bytes_are_those_pandas_wrote(rows: list[dict]) -> None:
    assert csv_bytes(rows, COLUMNS, 4) == _pandas_bytes(rows, COLUMNS)


# pandas' own rounding of a huge float (hypothesis draws some) overflows inside numpy and
# warns: the reference's noise, not the writer's; the bytes are compared all the same.
@pytest.mark.filterwarnings("ignore:overflow encountered in multiply:RuntimeWarning")
@given(st.lists(_CELLS, max_size=8))
def test_one_column_of_any_cells_is_written_as_pandas_wrote_it(values: list) -> None:
    rows = [{"v": v} for v in values]
    assert csv_bytes(rows, ("v",), 4) == _pandas_bytes(rows, ("v",))


def test_numpy_scalars_and_the_inferred_types() -> None:
    rows = [
        {"a": np.float64(0.123456), "b": np.int64(3), "c": 1},
        {"a": 2, "b": np.int64(-1), "c": None},
        {"a": math.nan, "b": np.int64(7), "c": 2},
    ]
    data = csv_bytes(rows, COLUMNS, 4)
    assert data == _pandas_bytes(rows, COLUMNS)
    # floats rounded; an int column with a missing cell becomes floats, as pandas made it
    assert data.decode().splitlines() == ["a,b,c", "0.1235,3,1.0", "2.0,-1,", ",7,2.0"]


def test_text_subclasses_and_numpy_floats_among_mixed_cells() -> None:
    class Kind(StrEnum):
        WORD = "word"

    rows = [
        {"a": Kind.WORD, "b": np.float64(0.5), "c": "x,y"},
        {"a": "=1", "b": "b", "c": 'say "no"'},
        {"a": 3, "b": None, "c": "line\nbreak"},
    ]
    assert csv_bytes(rows, COLUMNS, 4) == _pandas_bytes(rows, COLUMNS)


def test_no_rows_gives_the_header_alone() -> None:
    assert csv_bytes([], COLUMNS, 4) == b"a,b,c\r\n" == _pandas_bytes([], COLUMNS)
