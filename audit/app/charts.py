"""The app's two charts as escaped HTML with CSS (no Vega-Lite): the framing metric per source
as bars, and the omissions heatmap of units x sources.

Drawn by the browser as plain markup: as Vega-Lite charts (`st.vega_lite_chart`) the Framing and
Omissions tabs took 0.56 and 0.59 s a switch with the same server CPU as every other tab
(0.15 s), the rest being the browser compiling and drawing each chart (BENCHMARKS.md
`section:app`). Every text (source, unit id, label) is escaped here; hover titles on the bars,
the cells and the units' row headers keep what the charts' tooltips showed. The tables come
from `audit.app.data`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from audit.app.data import STATUS_WORDS
from audit.app.view import COVERAGE_COLOURS, escape

if TYPE_CHECKING:  # only for types: audit.app.data imports pandas for the app
    import pandas as pd

# The heatmap cell's class per coverage word (its colour is in `view.STYLE`).
_CLASS_OF = {word: f"hm{i}" for i, word in enumerate(STATUS_WORDS.values())}


def metric_bars(per_source: pd.DataFrame, metric: str) -> str:
    """One framing metric per source as horizontal bars from a zero line (negative values, as
    sentiment's, to its left), sources in the table's order (`data.source_metric`'s output:
    indexed by source), each bar's value written beside it."""
    values = [(str(s), float(v)) for s, v in per_source[metric].items()]
    finite = [v for _, v in values if math.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    span = (high - low) or 1.0
    zero = (0.0 - low) / span * 100
    rows = []
    for source, value in values:
        if math.isfinite(value):
            left = (min(value, 0.0) - low) / span * 100
            width = abs(value) / span * 100
            bar = f'<div class="bar" style="left:{left:.2f}%;width:{width:.2f}%"></div>'
            shown = f"{value:.2f}"
        else:
            bar, shown = "", "no value"
        rows.append(
            f'<tr title="{escape(source)}: {shown}"><th>{escape(source)}</th>'
            f'<td class="track"><div class="zero" style="left:{zero:.2f}%"></div>{bar}</td>'
            f'<td class="value">{shown}</td></tr>'
        )
    title = escape(metric.replace("_", " "))
    return (
        f'<table class="audit-bars" data-metric="{escape(metric)}">'
        f"<caption>{title} per source</caption><tbody>{''.join(rows)}</tbody></table>"
    )


def coverage_heatmap(matrix: pd.DataFrame, sources: Sequence[str]) -> str:
    """The units x sources heatmap of `data.omission_table` as a table: outlets on top in reading
    order, units down the side in the table's order, a colour per coverage status (legend
    above); each cell's title says the unit's label, the status, how many outlets cover the unit
    and the nearest passage's score."""
    cells: dict[tuple[str, str], dict] = {}
    units: dict[str, str] = {}
    for row in matrix.to_dict("records"):
        cells[(str(row["unit_id"]), str(row["source"]))] = row
        units.setdefault(str(row["unit_id"]), row["label"])
    legend = "".join(
        f'<span class="audit-legend-item"><span class="swatch" style="background:{colour}">'
        f"</span>{escape(word)}</span>"
        for word, colour in zip(STATUS_WORDS.values(), COVERAGE_COLOURS, strict=True)
    )
    head = "".join(f'<th class="source">{escape(s)}</th>' for s in sources)
    body = []
    for unit, label in units.items():
        tds = []
        for source in sources:
            row = cells.get((unit, source))
            if row is None:
                tds.append('<td class="none"></td>')
                continue
            css = _CLASS_OF.get(row["coverage"], "none")
            tds.append(f'<td class="{css}" title="{escape(_cell_title(row))}"></td>')
        body.append(
            f'<tr><th class="unit" title="{escape(str(label))}">{escape(str(unit))}</th>'
            f"{''.join(tds)}</tr>"
        )
    return (
        f'<div class="audit-legend"><b>coverage</b> {legend}</div>'
        '<div class="audit-scroll"><table class="audit-heatmap">'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _cell_title(row: dict) -> str:
    """What the chart's tooltip said, but the label (on the row's header): source, status,
    outlets covering the unit, the nearest passage's score."""
    score = row["nearest_score"]
    nearest = "" if score is None or score != score else f"; nearest passage {score:.2f}"
    return f"{row['source']}: {row['coverage']} (covered by {row['n_covering']}{nearest})"
