from __future__ import annotations

import dataclasses

from audit.align.stage import align_story
from audit.align.units import Unit, UnitMember
from audit.compare.omissions import Coverage, coverage, omissions_of
from audit.compare.stage import compare_story
from audit.config import AlignConfig
from audit.report.rows import omission_rows
from tests.align.align_support import small_story

CONFIG = AlignConfig()
SOURCES = ("A", "B", "C", "D")


def unit(unit_id: str, *sources: str) -> Unit:
    return Unit(
        unit_id,
        "label",
        tuple(UnitMember(f"{s}:p000", s, s, 1.0) for s in sources),
    )


def status(entries, unit_id: str, source: str) -> Coverage:
    return next(e.status for e in entries if e.unit_id == unit_id and e.source == source)


def test_a_unit_most_sources_report_is_an_omission_for_the_others() -> None:
    entries = coverage([unit("U1", "A", "B", "C")], SOURCES, CONFIG)
    assert status(entries, "U1", "D") is Coverage.OMITTED
    assert status(entries, "U1", "A") is Coverage.COVERED
    assert [e.unit_id for e in omissions_of(entries, "D")] == ["U1"]


def test_a_unit_one_source_reports_is_unique_to_it() -> None:
    entries = coverage([unit("U2", "B")], SOURCES, CONFIG)
    assert status(entries, "U2", "B") is Coverage.UNIQUE
    assert status(entries, "U2", "A") is Coverage.NOT_COVERED


def test_a_minority_unit_is_no_omission() -> None:
    entries = coverage([unit("U3", "A", "B")], SOURCES, CONFIG)  # 2 of 4 < 0.6
    assert {status(entries, "U3", s) for s in ("C", "D")} == {Coverage.NOT_COVERED}


def test_one_entry_per_unit_and_source() -> None:
    units = [unit("U1", "A", "B", "C"), unit("U2", "B")]
    entries = coverage(units, SOURCES, CONFIG)
    assert [(e.unit_id, e.source) for e in entries] == [
        (u, s) for u in ("U1", "U2") for s in SOURCES
    ]
    assert all(e.n_sources == 4 for e in entries)


def test_omissions_through_the_stage() -> None:
    texts = [
        "Britain and France plan to deploy up to 30,000 European peacekeepers in Ukraine"
        " after a ceasefire, officials said.",
        "Officials said Britain and France plan to deploy up to 30,000 European peacekeepers"
        " in Ukraine after any ceasefire.",
        "Up to 30,000 European peacekeepers could deploy in Ukraine after a ceasefire under a"
        " plan by Britain and France, officials said.",
        "Drones and satellites would monitor the front line, the ministry said.",
    ]
    s = small_story(texts)
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    rows = omission_rows(compare_story(s.paragraphs, aligned, CONFIG))
    peacekeepers = [r for r in rows if r["unit_id"] == "U0001"]
    assert {r["source"]: r["status"] for r in peacekeepers} == {
        "Outlet A": "covered", "Outlet B": "covered", "Outlet C": "covered", "Outlet D": "omitted",
    }  # fmt: skip
    drones = [r for r in rows if r["para_ids"] == "003_test:p000"]
    assert drones[0]["status"] == "unique"


def test_many_sources_keep_the_table_bounded() -> None:
    config = dataclasses.replace(CONFIG, omission_table_max_sources=3)
    many = [f"S{i}" for i in range(10)]
    units = [unit("U1", "S0"), unit("U2", *many[:7]), unit("U3", "S1", "S2")]
    entries = coverage(units, many, config)
    assert all(e.status is not Coverage.NOT_COVERED for e in entries)
    by_unit = {u: [e for e in entries if e.unit_id == u] for u in ("U1", "U2", "U3")}
    assert [e.status for e in by_unit["U1"]] == [Coverage.UNIQUE]
    assert len(by_unit["U2"]) == 10  # 7 of 10 cover it: an omission for the other three
    assert sum(e.status is Coverage.OMITTED for e in by_unit["U2"]) == 3
    assert len(by_unit["U3"]) == 2
