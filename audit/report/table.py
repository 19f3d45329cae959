"""Rows as CSV bytes, cell for cell as the reports have always been written
(`pandas.DataFrame(rows, columns=...).to_csv(index=False)` with floats rounded), at a fraction of
the cost and without importing pandas for a run: cells are typed, made text and quoted column
by column (most columns need no quoting, which one scan of the column's joined text shows),
then joined into rows; a one-column table goes through the csv module.

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
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np

from audit.text.cells import FORMULA_START, neutralise_cell

_NONE = type(None)
_TEXT = frozenset({str, _NONE})
_INTS = (int, np.integer)
_FLOATS = (float, np.floating)
_NUMBERS = (*_INTS, *_FLOATS)
_BOOLS = (bool, np.bool_)
# A field holding one of these is quoted by the csv writer (delimiter, quote, line ends).
_QUOTED = (",", '"', "\r", "\n")


def csv_bytes(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], decimals: int) -> bytes:
    """Rows as CSV bytes in a fixed column order, floats rounded, formula cells neutralised."""
    texts = [_texts(_cells(column, decimals)) for column in _columns(rows, columns)]
    if len(columns) == 1:  # the csv writer's own rule for a row of one empty cell ("")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(zip(*texts, strict=True))
        return buffer.getvalue().encode("utf-8")
    header = ",".join(_quoted(list(columns)))
    lines = map(",".join, zip(*map(_quoted, texts), strict=True))
    return "\r\n".join([header, *lines, ""]).encode("utf-8")


def _texts(cells: Sequence[Any]) -> Sequence[str]:
    """A column's cells as the text the csv writer writes: None empty, any other value by str."""
    types = set(map(type, cells))
    if types <= _TEXT:
        return cells if _NONE not in types else ["" if v is None else v for v in cells]
    if all(issubclass(t, _INTS) and not issubclass(t, _BOOLS) for t in types):
        return list(map(str, cells))
    return [_field(v) for v in cells]


def _quoted(texts: Sequence[str]) -> Sequence[str]:
    """As the csv writer quotes (QUOTE_MINIMAL, CRLF rows): a field holding a comma, quote, CR
    or LF is quoted, its quotes doubled; a column with no such field (most) is checked by one
    scan of its joined text."""
    joined = "".join(texts)
    if not any(special in joined for special in _QUOTED):
        return texts
    return [_quoted_field(text) for text in texts]


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return str.__str__(value)  # a str subclass's own text, as the csv writer takes it
    return str(value)  # a float's str is its repr; numpy's scalars print as pandas printed them


def _quoted_field(text: str) -> str:
    if any(special in text for special in _QUOTED):
        return '"' + text.replace('"', '""') + '"'
    return text


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
        return _mixed_cells(column, types)
    if all(issubclass(t, _INTS) for t in types):
        return column  # ints alone: the csv writer's str() is numpy's
    return _float_cells(column, decimals)


def _text_cells(column: tuple[Any, ...], types: set[type]) -> Sequence[Any]:
    """Text (with missing cells): only a risky start costs more than one scan in C."""
    if not _any_risky(filter(None, column) if _NONE in types else column):
        return column  # the csv writer writes None as an empty cell
    return [neutralise_cell(v) for v in column]


def _mixed_cells(column: tuple[Any, ...], types: set[type]) -> Sequence[Any]:
    """Cells of mixed types, each written as it is: text neutralised, NaN empty."""
    floats = any(issubclass(t, _FLOATS) for t in types)
    if not _any_risky(v for v in column if isinstance(v, str)) and not (
        floats and any(_is_nan(v) for v in column)
    ):
        return column
    return [None if _is_nan(v) else neutralise_cell(v) for v in column]


def _any_risky(texts: Iterable[str]) -> bool:
    return any(map(str.startswith, texts, repeat(FORMULA_START)))


def _float_cells(column: tuple[Any, ...], decimals: int) -> list[str]:
    """Numbers as floats rounded to `decimals`, in numpy's shortest form; missing cells empty."""
    values = np.round(np.array(column, dtype=np.float64), decimals)
    text = values.astype(str)
    text[np.isnan(values)] = ""
    return text.tolist()


def _is_nan(value: Any) -> bool:
    return isinstance(value, _FLOATS) and value != value
