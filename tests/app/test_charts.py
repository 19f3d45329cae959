from __future__ import annotations

import re

import pandas as pd
import pytest

from audit.app import charts, view
from audit.app import data as appdata


@pytest.fixture(scope="module")
def bundled():
    return appdata.bundled_result()


def _widths(bars: str) -> list[float]:
    return [float(w) for w in re.findall(r'class="bar" style="left:[\d.]+%;width:([\d.]+)%', bars)]


def test_metric_bars_follow_the_chosen_sources(bundled) -> None:
    chosen = ["Outlet C", "Outlet A"]
    per_source = appdata.source_metric(bundled, "rate_hedge", chosen)
    bars = charts.metric_bars(per_source, "rate_hedge")
    assert re.findall(r"<th>([^<]+)</th>", bars) == chosen
    assert 'data-metric="rate_hedge"' in bars and "rate hedge per source" in bars
    values = [f"{v:.2f}" for v in per_source["rate_hedge"]]
    assert re.findall(r'<td class="value">([^<]+)</td>', bars) == values
    widths = _widths(bars)
    assert max(widths) == pytest.approx(100.0) or max(per_source["rate_hedge"]) == 0


def test_bars_are_proportional_and_negative_values_go_left_of_zero() -> None:
    table = pd.DataFrame({"sentiment": [-0.5, 0.25, 0.5]}, index=["A", "B", "C"])
    bars = charts.metric_bars(table, "sentiment")
    assert _widths(bars) == [50.0, 25.0, 50.0]  # the axis spans -0.5 .. 0.5
    lefts = re.findall(r'class="bar" style="left:([\d.]+)%', bars)
    assert [float(x) for x in lefts] == [0.0, 50.0, 50.0]
    assert 'class="zero" style="left:50.00%"' in bars


def test_chart_text_is_escaped() -> None:
    evil = '<img src=x onerror="alert(1)">'
    bars = charts.metric_bars(pd.DataFrame({"sentiment": [0.1]}, index=[evil]), "sentiment")
    matrix = pd.DataFrame(
        [{"unit_id": evil, "label": evil, "source": evil, "coverage": "left out",
          "n_covering": 3, "nearest_score": 0.4}]
    )  # fmt: skip
    heat = charts.coverage_heatmap(matrix, [evil])
    for fragment in (bars, heat):
        assert (
            "<img" not in fragment and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in fragment
        )


def test_the_heatmap_colours_every_status_and_keeps_reading_order(bundled) -> None:
    sources = appdata.sources_of(bundled)
    matrix = appdata.omission_table(bundled, sources)
    heat = charts.coverage_heatmap(matrix, sources)
    legend = re.findall(r'class="swatch" style="background:(#\w+)"></span>([^<]+)</span>', heat)
    assert [w for _, w in legend] == list(appdata.STATUS_WORDS.values())
    assert [c for c, _ in legend] == list(view.COVERAGE_COLOURS)
    assert re.findall(r'<th class="source">([^<]+)</th>', heat) == list(sources)
    units = re.findall(r'<th class="unit" title="[^"]*">([^<]+)</th>', heat)
    assert units == list(dict.fromkeys(matrix["unit_id"]))  # the table's order
    cells = re.findall(r'<td class="hm(\d)" title="[^:"]+: ([^"(]+) \(', heat)
    assert len(cells) == len(matrix) == len(units) * len(sources)
    words = list(appdata.STATUS_WORDS.values())
    assert [words[int(i)] for i, _ in cells] == [w for _, w in cells]  # the colour says the status
    assert [w for _, w in cells] == list(matrix["coverage"])
    for i, colour in enumerate(view.COVERAGE_COLOURS):  # each class has its legend's colour
        assert f"td.hm{i} {{ background: {colour}; }}" in view.STYLE
    # the cell's title and its row's header keep what the chart's tooltip said
    first = matrix.iloc[0]
    assert f'title="{first["label"]}">{first["unit_id"]}</th>' in heat
    assert f"{first['source']}: {first['coverage']} (covered by {first['n_covering']}" in heat
