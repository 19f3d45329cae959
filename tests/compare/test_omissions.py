from __future__ import annotations

import dataclasses

from audit.align.stage import align_story
from audit.align.units import Unit, UnitMember
from audit.compare.omissions import Coverage, claim_coverage, coverage, omissions_of
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


def test_an_unchecked_candidate_omission_is_not_reported_as_one() -> None:
    """Without the story's paragraphs there is no evidence of absence: no `omitted`."""
    entries = coverage([unit("U1", "A", "B", "C")], SOURCES, CONFIG)
    assert status(entries, "U1", "D") is Coverage.NOT_COVERED
    assert status(entries, "U1", "A") is Coverage.COVERED
    assert omissions_of(entries, "D") == ()


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
    entries = coverage(units, many, config)  # no paragraphs: candidates stay unchecked
    by_unit = {u: [e for e in entries if e.unit_id == u] for u in ("U1", "U2", "U3")}
    assert all(e.status is not Coverage.NOT_COVERED for e in entries)
    assert [e.status for e in by_unit["U1"]] == [Coverage.UNIQUE]
    # 7 of 10 cover it; the other three are unchecked candidates (no paragraphs), so
    # not_covered, and left out of a bounded table
    assert [e.status for e in by_unit["U2"]] == [Coverage.COVERED] * 7
    assert [e.status for e in by_unit["U3"]] == [Coverage.COVERED, Coverage.COVERED]


# -- evidence of absence -------------------------------------------------------------------------

# A planted-omission story: outlet B rewrites outlet A's claims in its own words and leaves three
# out; outlet C reprints A with small edits, so every claim of A is reported by 2 of 3 sources
# (A and C) and is a candidate omission for B. Each paraphrase was written by hand to keep the
# claim and change the wording (different verbs, order, number words), as one outlet rewriting
# another does.
CLAIMS = [
    (
        "The Defense Department said 4,000 soldiers will be deployed to the Polish border by"
        " the end of March.",
        "By the end of March, 4,000 troops are to be sent to the border with Poland, the"
        " Pentagon said.",
    ),
    (
        "Chancellor Olaf Scholz warned that Germany would not send Taurus cruise missiles to Kyiv.",
        "Germany will not supply Taurus cruise missiles to Kyiv, Scholz cautioned.",
    ),
    (
        "A Russian drone strike on Odesa killed 12 people and damaged the port's grain"
        " terminal overnight.",
        "Overnight, 12 people died in Odesa when Russian drones hit the city, also damaging a"
        " grain terminal at the port.",
    ),
    (
        "The European Commission proposed a 50 billion euro aid package to be paid out over"
        " four years.",
        "A package of 50 billion euros in aid, spread over four years, was proposed by the"
        " European Commission.",
    ),
    (
        "Hungarian Prime Minister Viktor Orban threatened to veto the package at the"
        " December summit.",
        "At the December summit Viktor Orban of Hungary could veto the package, he threatened.",
    ),
    (
        "Finland closed all eight crossings on its eastern frontier after a surge of asylum"
        " seekers.",
        "",  # left out by B
    ),
    (
        "The International Atomic Energy Agency reported shelling near the Zaporizhzhia"
        " nuclear plant's cooling pond.",
        "",  # left out by B
    ),
    (
        "Turkey agreed to ratify Sweden's NATO membership once parliament returns in January.",
        "",  # left out by B
    ),
]


# A paragraph B may add that shares one word ("parliament") with the Turkey claim it leaves out,
# and no more: that omission then has a nearest passage with a score above 0.
ASIDE = "Reporters waited outside parliament in the rain on Monday."


def planted_story(*more_b: str):
    """The planted-omission story; `more_b`: paragraphs added at the end of outlet B."""
    text_a = "\n\n".join(a for a, _ in CLAIMS)
    text_c = "\n\n".join(a.replace(" said", " stated") for a, _ in CLAIMS)
    text_b = "\n\n".join([*(b for _, b in CLAIMS if b), *more_b])
    return small_story([text_a, text_b, text_c])


def test_planted_omissions_are_omitted_and_kept_claims_are_not() -> None:
    s = planted_story()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    entries = compare_story(s.paragraphs, aligned, CONFIG).omissions
    by_para = {p.para_id: p.text for p in s.paragraphs}
    a_units = {
        m.para_id: u.unit_id for u in aligned.units for m in u.members if m.source == "Outlet A"
    }
    status_of = {(e.unit_id, e.source): e for e in entries}
    removed = {a for a, b in CLAIMS if not b}
    for para_id, unit_id in a_units.items():
        entry = status_of[(unit_id, "Outlet B")]
        if by_para[para_id] in removed:
            assert entry.status is Coverage.OMITTED, by_para[para_id]
            evidence = entry.evidence
            assert evidence is not None
            shares = evidence.score > 0.0 or evidence.containment > 0.0
            assert (evidence.nearest is not None) is shares, by_para[para_id]
        else:
            assert entry.status is not Coverage.OMITTED, by_para[para_id]
    assert len(a_units) == len(CLAIMS)


def test_an_omission_names_its_nearest_passage_with_offsets() -> None:
    s = planted_story(ASIDE)
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    rows = omission_rows(compare_story(s.paragraphs, aligned, CONFIG))
    texts = {a.article_id: a.text for a in s.story.articles}
    # the omissions whose source has a passage sharing a term with the claim (the others name
    # none: test_an_omission_sharing_nothing_names_no_passage)
    omitted = [
        r
        for r in rows
        if r["status"] == "omitted" and (r["nearest_score"] > 0.0 or r["containment"] > 0.0)
    ]
    assert [r["nearest_text"] for r in omitted] == [ASIDE]
    for row in omitted:
        assert row["signal"] == "all_absence_signals_under_threshold"
        assert 0.0 <= row["confidence"] <= 1.0
        assert row["nearest_score"] < CONFIG.absence_threshold < CONFIG.claim_threshold
        article = row["nearest_para_id"].split(":")[0]
        assert texts[article][row["nearest_start"] : row["nearest_end"]].startswith(
            row["nearest_text"]
        )
        claim_article = row["claim_para_id"].split(":")[0]
        assert texts[claim_article][row["claim_start"] : row["claim_end"]]


def test_an_omission_sharing_nothing_names_no_passage() -> None:
    """A source none of whose passages shares a term with the claim scores 0 against all of
    them: the pair scored first is no evidence, so the row leaves the passage cells empty (and
    keeps the columns)."""
    s = planted_story()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    rows = omission_rows(compare_story(s.paragraphs, aligned, CONFIG))
    empty = [
        r
        for r in rows
        if r["status"] == "omitted" and r["nearest_score"] == 0.0 and r["containment"] == 0.0
    ]
    assert empty, "the planted story has an omission sharing no term with outlet B"
    passage_cells = ("nearest_para_id", "nearest_start", "nearest_end", "nearest_text",
                     "claim_para_id", "claim_start", "claim_end")  # fmt: skip
    for row in empty:
        assert row["signal"] == "all_absence_signals_under_threshold"
        assert row["confidence"] == 1.0
        assert {row[cell] for cell in passage_cells} == {""}, row


def test_a_claim_in_other_words_somewhere_else_is_not_omitted() -> None:
    """The source states the claim in a paragraph the alignment did not link: covered or partly,
    never omitted."""
    s = small_story(["The Pentagon will send 4,000 soldiers to the Polish border by March."])
    found = claim_coverage(
        ["By March, 4,000 soldiers will go to the border with Poland, the Pentagon said."],
        ["000_test"],
        s.paragraphs,
        CONFIG,
    )
    assert found[0].status is not Coverage.OMITTED
    assert found[0].evidence.nearest is not None


def test_absence_threshold_is_looser_than_the_link_threshold() -> None:
    assert CONFIG.absence_threshold < CONFIG.claim_threshold
