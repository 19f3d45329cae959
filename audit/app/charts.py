"""The app's charts as plain Vega-Lite specs (dicts), drawn by `st.vega_lite_chart`.

Built as dicts rather than through Altair: Altair validates each chart against the Vega-Lite
schema every time it is drawn, which cost ~0.1 s of the server's CPU per tab switch on the
bundled story (the Framing and Omissions tabs were over the 0.5 s target); a dict is sent as
it is. The specs only name columns of the tables `audit.app.data` makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from audit.app.data import STATUS_WORDS

if TYPE_CHECKING:  # only for types: audit.app.data imports pandas for the app
    import pandas as pd

# Coverage colours, in STATUS_WORDS order: reported (blue), only this source (purple), partly
# (amber), left out (red), not covered (light grey).
COVERAGE_COLOURS = ("#4c78a8", "#8a5cd1", "#f2b447", "#e45756", "#eeeeee")
# Height of one unit's row in the omissions heatmap (px): the unit ids stay legible.
_ROW_PX = 14


def metric_bars(per_source: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One framing metric per source as horizontal bars, sources in the table's order
    (`data.source_metric`'s output: indexed by source). Returns the chart's data and spec."""
    table = per_source.reset_index()
    spec = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "source",
                "type": "nominal",
                "title": None,
                "sort": list(table["source"]),
            },
            "x": {"field": metric, "type": "quantitative", "title": metric.replace("_", " ")},
            "tooltip": [
                {"field": "source", "type": "nominal"},
                {"field": metric, "type": "quantitative", "format": ".2f"},
            ],
        },
    }
    return table, spec


def coverage_heatmap(matrix: pd.DataFrame, sources: Sequence[str]) -> dict[str, Any]:
    """The units x sources heatmap of `data.omission_table`: outlets on top in reading order,
    units down the side in the table's order, a colour per coverage status."""
    tooltip = ["unit_id", "label", "source", "coverage", "n_covering", "nearest_score"]
    return {
        "mark": {"type": "rect"},
        "height": max(200, _ROW_PX * int(matrix["unit_id"].nunique())),
        "encoding": {
            "x": {
                "field": "source",
                "type": "nominal",
                "title": None,
                "sort": list(sources),
                "axis": {"orient": "top", "labelAngle": 0},
            },
            "y": {"field": "unit_id", "type": "nominal", "title": None, "sort": None},
            "color": {
                "field": "coverage",
                "type": "nominal",
                "title": "coverage",
                "scale": {
                    "domain": list(STATUS_WORDS.values()),
                    "range": list(COVERAGE_COLOURS),
                },
            },
            "tooltip": [
                {
                    "field": f,
                    "type": "quantitative" if f in ("n_covering", "nearest_score") else "nominal",
                }
                for f in tooltip
            ],
        },
    }
