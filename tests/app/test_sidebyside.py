from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from audit.app import data as appdata
from audit.app import sidebyside
from audit.app.view import escape
from audit.compare.omissions import Coverage
from audit.config import AlignConfig
from audit.text.normalize import tokens


@pytest.fixture(scope="module")
def bundled():
    return appdata.bundled_result()


def test_all_five_outlets_are_shown_in_one_table(bundled) -> None:
    sources = appdata.sources_of(bundled)
    rows = sidebyside.side_by_side(bundled, sources, per_page=10)
    assert len(sources) == 5 and all(len(r.cells) == 5 for r in rows)
    html = sidebyside.table_html(rows, sources)
    assert html.count('<th class="audit-source">') == 5
    assert html.count('<tr class="claim">') == len(rows)


def test_each_column_has_its_outlets_headline(bundled) -> None:
    sources = appdata.sources_of(bundled)
    titles = sidebyside.headlines(bundled)
    assert titles["Outlet A"] == ""  # its file has no title and no heading paragraph
    assert titles["Outlet B"].startswith("Europe considers sending troops to Ukraine")
    rows = sidebyside.side_by_side(bundled, sources, per_page=2)
    html = sidebyside.table_html(rows, sources, titles)
    cells = re.findall(r'<th class="audit-headline([^"]*)">([^<]*)</th>', html)
    assert cells[0] == (" none", "no headline given")
    assert [text for _, text in cells] == [
        escape(titles[s]) if titles[s] else "no headline given" for s in sources
    ]
    assert html.index("audit-headline") > html.rindex('class="audit-source"')  # under names
    hostile = sidebyside.table_html(rows[:1], ["A"], {"A": "<b>x</b>"})
    assert "&lt;b&gt;x&lt;/b&gt;" in hostile and "<b>x</b>" not in hostile


def test_no_highlight_on_a_word_the_compared_paragraph_has(bundled) -> None:
    sources = appdata.sources_of(bundled)
    paragraphs = {p.para_id: p for p in bundled.paragraphs}
    rows = sidebyside.side_by_side(bundled, sources, per_page=100, rewording=True)
    cells = re.findall(r'data-para="([^"]+)" data-other="([^"]+)">(.*?)</div>', "".join(
        c for r in rows for c in r.cells
    ), re.S)  # fmt: skip
    marked = 0
    for _, other, body in cells:
        words = {t.norm for t in tokens(paragraphs[other].text)}
        for mark in re.findall(r"<mark [^>]*>(.*?)</mark>", body):
            marked += 1
            assert all(t.norm not in words for t in tokens(unescape(mark)))
    assert marked > 20  # the check looked at real highlights


def test_the_legend_names_each_kind_and_rewording_only_on_demand() -> None:
    plain = sidebyside.diff_legend()
    assert all(k in plain for k in ("name", "number", "date", "attribution", "substitution"))
    assert "rewording" not in plain and "rewording" in sidebyside.diff_legend(rewording=True)


def test_a_gap_offers_the_nearest_passage_the_omissions_stage_found(bundled) -> None:
    # On the bundled story Outlet A has no paragraph in U0015, yet the omissions stage finds a
    # passage at the link threshold: the gap must say so (as the coverage map does), not
    # "Not reported", and show that passage. Read from the real Omission, not a stand-in.
    omission = next(
        o for o in bundled.comparison.omissions if o.unit_id == "U0015" and o.source == "Outlet A"
    )
    assert omission.status is Coverage.COVERED and not omission.para_ids
    rows = sidebyside.side_by_side(bundled, ["Outlet A", "Outlet B"], unit_ids=["U0015"])
    gap = rows[0].cells[0]
    assert "Reported in other words by Outlet A" in gap and "Not reported" not in gap
    assert 'class="audit-para gap gap-covered"' in gap  # not drawn as an omission
    assert "nearest passage in Outlet A (score 0.26)" in gap
    assert escape(omission.evidence.nearest.text) in gap
    assert sidebyside.nearest_passage(None) == ""


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Coverage.PARTLY, "Partly reported by X"),
        (Coverage.OMITTED, "Left out by X"),
        (Coverage.NOT_COVERED, "Not reported by X"),
    ],
)
def test_a_gap_names_the_status_in_words(status, words) -> None:
    assert sidebyside.GAP_WORDS[status].format(source="X") == words


@pytest.fixture(scope="module")
def harbour():
    """The harbour-bridge story of tests/data/cli/stories.jsonl (three outlets)."""
    from audit.app import inputs
    from audit.config import AuditConfig

    path = Path(__file__).parent.parent / "data" / "cli" / "stories.jsonl"
    upload = inputs.Upload(path.name, path.read_bytes())
    loaded = inputs.load_uploads([upload], {}, AuditConfig())
    return inputs.audit_story(loaded, 0, AuditConfig())


def test_a_gap_offers_no_passage_that_shares_nothing_with_the_claim(harbour) -> None:
    # City Wire leaves out the shop owners' warning, and none of its passages shares a word
    # with it (score 0: the stage names no passage, not the first one it tried). The gap must
    # say so, not offer "Councillors voted 7 to 2…" with score 0.00.
    sources = appdata.sources_of(harbour)
    empty = [
        o
        for o in harbour.comparison.omissions
        if o.evidence is not None and o.evidence.score == 0.0 and not o.para_ids
    ]
    assert empty, "the story has a gap whose nearest passage shares nothing"
    for omission in empty:
        rows = sidebyside.side_by_side(harbour, sources, unit_ids=[omission.unit_id])
        gap = rows[0].cells[sources.index(omission.source)]
        assert sidebyside.nearest_passage(omission) == ""
        assert "score 0.00" not in gap and "<blockquote>" not in gap
        assert escape(sidebyside.NO_NEAREST.format(source=omission.source)) in gap
        assert omission.evidence.nearest is None and omission.evidence.claim is None
        assert "Councillors voted 7 to 2" not in gap
    table = appdata.omissions_by_source(harbour)
    row = table[(table["unit_id"] == empty[0].unit_id) & (table["source"] == empty[0].source)]
    assert row["nearest_passage"].tolist() == [appdata.NO_PASSAGE]
    assert row["nearest_score"].isna().all()


def test_a_gap_offers_a_passage_that_shares_a_word(harbour) -> None:
    # Morning Post leaves out the mayor's quote; its nearest passage (on the bridge's cables)
    # shares "bridge" with it and is shown, with its score, as the evidence
    sources = appdata.sources_of(harbour)
    near = [
        o
        for o in harbour.comparison.omissions
        if o.evidence is not None and o.evidence.score > 0 and not o.para_ids
    ]
    assert near
    for omission in near:
        rows = sidebyside.side_by_side(harbour, sources, unit_ids=[omission.unit_id])
        gap = rows[0].cells[sources.index(omission.source)]
        assert f"(score {omission.evidence.score:.2f})" in gap
        assert escape(omission.evidence.nearest.text) in gap


@pytest.fixture(scope="module")
def hinted():
    """Two pasted texts whose first paragraphs are the same claim in words that share little:
    unlinked, with a "possibly the same claim" hint (the texts of tests/align/test_hints.py)."""
    from tests.align.test_hints import FIRST, SECOND

    return appdata.pasted_result([FIRST, SECOND], ["Left Daily", "Right Post"])


def test_a_hint_is_a_quiet_note_on_both_unlinked_passages_and_their_gaps(hinted) -> None:
    (hint,) = hinted.alignment.hints
    sources = ["Left Daily", "Right Post"]
    rows = {r.unit_id: r for r in sidebyside.side_by_side(hinted, sources)}
    unit_of = {m.para_id: u.unit_id for u in hinted.alignment.units for m in u.members}
    first, second = rows[unit_of[hint.para_a]], rows[unit_of[hint.para_b]]
    # the claims' offsets are into their articles (not their paragraphs): read them there
    texts = {a.article_id: a.text for a in hinted.story.articles}
    article_of = {p.para_id: p.article_id for p in hinted.paragraphs}
    here = " ".join(texts[article_of[hint.para_a]][hint.claim_a.start : hint.claim_a.end].split())
    there = " ".join(texts[article_of[hint.para_b]][hint.claim_b.start : hint.claim_b.end].split())
    assert here and there and here != there
    said = f"possibly the same claim as Right Post (probability {hint.probability:.2f})"
    assert said in first.cells[0] and "possibly the same claim as Left Daily" in second.cells[1]
    for cell in (first.cells[0], second.cells[1], first.cells[1], second.cells[0]):
        assert cell.count('class="audit-hint"') == 1  # the passages and the gaps beside them
        assert escape(here) in cell and escape(there) in cell  # both sentences, the evidence
        assert f"score {hint.score:.2f} is under the link threshold" in cell
        assert "<mark" not in cell  # a hint is never a highlight
    assert "Right Post has a passage that is possibly the same claim" in first.cells[1]
    assert "Not reported by Right Post" in first.cells[1]  # the gap keeps its status
    # only hints with a chosen source: Left Daily alone shows none
    alone = sidebyside.side_by_side(hinted, ["Left Daily"])
    assert all("audit-hint" not in c for r in alone for c in r.cells)


def test_a_hint_note_escapes_its_sentences() -> None:
    from dataclasses import replace

    from audit.align.hints import Hint
    from audit.model import Span

    hostile = '<script>alert("x")</script> said the minister.'
    result = appdata.pasted_result(
        [hostile + "\n\nOther words here.", "<img src=x> The minister spoke."], ["<b>A</b>", "B"]
    )
    a, b = (p for p in result.paragraphs if p.index == 0)
    hint = Hint("H00001", a.para_id, b.para_id, a.article_id, b.article_id, 0.7, 0.1,
                Span(a.start, a.end), Span(b.start, b.end), ("semantic=0.7",), ())  # fmt: skip
    result = replace(result, alignment=replace(result.alignment, hints=(hint,)))
    html = "".join(c for r in sidebyside.side_by_side(result, ["<b>A</b>", "B"]) for c in r.cells)
    assert "audit-hint" in html
    assert "<script>" not in html and "<img" not in html and "<b>A</b>" not in html
    assert escape(hostile) in html and "&lt;b&gt;A&lt;/b&gt;" in html


def test_the_bundled_story_has_no_hint_and_no_highlight_from_a_headline_link(bundled) -> None:
    # its headline links (kind title-lede) claim a sentence of a lede, not the lede's cell:
    # each cell is compared through content links only
    sources = appdata.sources_of(bundled)
    rows = sidebyside.side_by_side(bundled, sources, per_page=100)
    html = "".join(c for r in rows for c in r.cells)
    assert "audit-hint" not in html
    compared = set(re.findall(r'data-para="[^"]+" data-other="([^"]+)"', html))
    headings = {p.para_id for p in bundled.paragraphs if not p.is_content}
    assert compared and not compared & headings
    content = {
        frozenset((k.para_a, k.para_b)) for k in bundled.alignment.links if k.kind == "content"
    }
    pairs = re.findall(r'data-para="([^"]+)" data-other="([^"]+)"', html)
    assert all(frozenset(p) in content for p in pairs)


def test_highlights_follow_the_runs_diff_limits(bundled) -> None:
    sources = appdata.sources_of(bundled)
    default = sidebyside.side_by_side(bundled, sources, per_page=20)
    cells = "".join(c for r in default for c in r.cells)
    kinds = set(re.findall(r'class="diff diff-(\w+)"', cells))
    assert kinds - {"rewording"}  # some difference that matters is highlighted by default
    # with no stretch short enough to be classed, every change is plain rewording (hidden)
    none = AlignConfig(diff_kind_max_words=0)
    rows = sidebyside.side_by_side(bundled, sources, per_page=20, align=none)
    assert not re.findall(r'class="diff diff-(\w+)"', "".join(c for r in rows for c in r.cells))
