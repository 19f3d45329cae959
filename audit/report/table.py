"""Rows as CSV bytes with the standard csv module, cell for cell as the reports have always been
written (`pandas.DataFrame(rows, columns=...).to_csv(index=False)` with floats rounded), at a
fraction of the cost and without importing pandas for a run.

What pandas did, and this module keeps (tests/report/test_table.py checks it against pandas):
- a column's type is inferred from its cells: only ints -> ints; numbers with a float or a
  missing cell -> floats (so an int beside a missing cell is written "3.0"), rounded to
  `decimals` as numpy rounds (scaled, rounded half to even, scaled back) and written in
  numpy's shortest form; any other mix keeps each cell as it is, floats unrounded;
- a missing cell (None, NaN, a key absent from the row) is written empty;
- a text cell a spreadsheet would run as a formula is neutralised (`audit.text.cells`);
- CRLF row ends (RFC 4180): the csv writer then quotes any cell holding a bare CR, which a
  "\n" terminator would leave unquoted and so split the row for every CSV reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import numpy as np

from audit.text.cells import FORMULA_START

_NONE = type(None)
_TEXT = frozenset({str, _NONE})
_INTS = (int, np.integer)
_FLOATS = (float, np.floating)
_NUMBERS = (*_INTS, *_FLOATS)
_BOOLS = (bool, np.bool_)


def csv_bytes(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], decimals: int) -> bytes:
    """Rows as CSV bytes in a fixed column order, floats rounded, formula cells neutralised."""
    cells = [_cells(column, decimals) for column in _columns(rows, columns)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(zip(*cells, strict=True))
    return buffer.getvalue().encode("utf-8")


def _columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows' cells column by column (None for a key a row lacks)."""
    if not rows:
        return [() for _ in columns]
    if len(columns) == 1:
        return [tuple(row.get(columns[0]) for row in rows)]
    try:
        return list(zip(*map(itemgetter(*columns), rows), strict=True))
    except KeyError:
        return [tuple(row.get(column) for row in rows) for column in columns]


def _cells(column: tuple[Any, ...], decimals: int) -> Sequence[Any]:
    """One column's cells as the csv writer should write them."""
    types = set(map(type, column))
    if types <= _TEXT:
        return _text_cells(column, types)
    if any(issubclass(t, _BOOLS) or not issubclass(t, _NUMBERS) for t in types - {_NONE}):
        return _mixed_cells(column)
    if all(issubclass(t, _INTS) for t in types):
        return column  # ints alone: the csv writer's str() is numpy's
    return _float_cells(column, decimals)


def _text_cells(column: tuple[Any, ...], types: set[type]) -> Sequence[Any]:
    """Text (with missing cells): only a risky start costs more than one scan."""
    if _NONE in types:
        if not any(v is not None and v.startswith(FORMULA_START) for v in column):
            return column  # the csv writer writes None as an empty cell
    elif not any(v.startswith(FORMULA_START) for v in column):
        return column
    return [_neutralised(v) for v in column]


def _mixed_cells(column: tuple[Any, ...]) -> list[Any]:
    """Cells of mixed types, each written as it is: text neutralised, NaN empty."""
    return [None if _is_nan(v) else _neutralised(v) for v in column]


def _float_cells(column: tuple[Any, ...], decimals: int) -> list[str]:
    """Numbers as floats rounded to `decimals`, in numpy's shortest form; missing cells empty."""
    values = np.round(np.array(column, dtype=np.float64), decimals)
    text = values.astype(str)
    text[np.isnan(values)] = ""
    return text.tolist()


def _neutralised(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _is_nan(value: Any) -> bool:
    return isinstance(value, _FLOATS) and value != value
