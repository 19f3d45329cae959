from __future__ import annotations

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


def test_an_omission_needs_evidence_of_absence() -> None:
    # Three outlets report the 30,000 peacekeepers in near-identical words (one unit). Outlet D
    # says it in other words: not linked, but its claim is near, so it only "possibly covers"
    # the unit. Outlet E writes about a rocket strike: nothing near, a real omission. Both
    # name the nearest claim they have.
    plan = (
        "Britain and France are developing a plan to deploy up to 30,000 European "
        "peacekeepers in Ukraine if Moscow and Kyiv reach a ceasefire deal, officials said."
    )
    s = small_story(
        [
            plan,
            plan.replace("officials said", "European officials said"),
            plan.replace("are developing", "have drawn up"),
            "As many as 30,000 soldiers from Europe may be sent to keep the peace in Ukraine, "
            "under a scheme London and Paris are drafting.",
            "A rocket strike killed two aid workers clearing mines in the north on Thursday.",
        ],
        ["A", "B", "C", "D", "E"],
    )
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    entries = compare_story(s.paragraphs, aligned, CONFIG).omissions
    shared = next(e.unit_id for e in entries if e.n_covering == 3)
    d = next(e for e in entries if e.unit_id == shared and e.source == "D")
    e = next(e for e in entries if e.unit_id == shared and e.source == "E")
    assert d.status is Coverage.POSSIBLY_COVERED
    assert d.nearest is not None and d.nearest.para_id == "003_test:p000"
    assert d.nearest.probability >= CONFIG.absence_probability
    assert e.status is Coverage.OMITTED
    assert e.nearest is not None and e.nearest.probability < CONFIG.absence_probability
    row = next(
        r for r in omission_rows_of(entries) if r["unit_id"] == shared and r["source"] == "E"
    )
    assert row["nearest_para_id"] == "004_test:p000"


def omission_rows_of(entries):
    from audit.compare.stage import Comparison

    return omission_rows(Comparison(facts=(), omissions=entries))
