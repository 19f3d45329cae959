from __future__ import annotations

import json

import pytest

from audit.app import charts
from audit.app import data as appdata


@pytest.fixture(scope="module")
def bundled():
    return appdata.bundled_result()


def test_metric_bars_follow_the_chosen_sources(bundled) -> None:
    chosen = ["Outlet C", "Outlet A"]
    bars, spec = charts.metric_bars(
        appdata.source_metric(bundled, "rate_hedge", chosen), "rate_hedge"
    )
    assert list(bars["source"]) == chosen
    assert spec["encoding"]["y"]["sort"] == chosen
    assert spec["encoding"]["x"]["field"] == "rate_hedge" and "rate_hedge" in bars.columns
    json.dumps(spec)  # a plain spec: nothing for Altair to validate on each rerun


def test_the_heatmap_colours_every_status_and_keeps_reading_order(bundled) -> None:
    sources = appdata.sources_of(bundled)
    matrix = appdata.omission_table(bundled, sources)
    spec = charts.coverage_heatmap(matrix, sources)
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"] == list(appdata.STATUS_WORDS.values())
    assert len(colour["scale"]["range"]) == len(appdata.STATUS_WORDS)
    assert spec["encoding"]["x"]["sort"] == sources
    assert set(matrix["coverage"]) <= set(colour["scale"]["domain"])
    fields = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert fields <= set(matrix.columns)
    assert spec["height"] >= 14 * matrix["unit_id"].nunique()
    json.dumps(spec)
