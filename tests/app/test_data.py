from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from html import unescape

import pytest

from audit.app import data as appdata
from audit.app import evidence, inputs, sidebyside
from audit.app.view import EVIDENCE_COLOURS, escape
from audit.compare.omissions import Coverage
from audit.config import AppConfig, AuditConfig
from audit.errors import AuditInputError
from audit.framing.evidence import EvidenceKind

HOSTILE = '<script>alert("x")</script> Officials said <img src=x onerror="alert(1)"> troops.'
TEXT_A = (
    "European troops could be sent to Ukraine after a ceasefire, officials said.\n"
    f"{HOSTILE}\nThe central bank in Oslo cut its interest rate by half a point on Monday."
)
TEXT_B = "Officials said European troops might be sent to Ukraine after a ceasefire deal."


@pytest.fixture(scope="module")
def bundled():
    return appdata.bundled_result()


def test_uploads_become_one_story_with_the_names_given() -> None:
    uploads = [
        inputs.Upload("sources.csv", b"file,source\nb.md,Listed Post\n"),
        inputs.Upload("a.txt", TEXT_A.encode()),
        inputs.Upload("b.md", TEXT_B.encode()),
        inputs.Upload("c.txt", TEXT_B.encode()),
    ]
    result = appdata.uploaded_result(uploads, {"a.txt": "Left Daily", "c.txt": " "})
    assert appdata.sources_of(result) == ["Left Daily", "Listed Post", "c"]
    assert not inputs.renamable("sources.csv") and not inputs.renamable("x.jsonl")


def test_pasted_names_follow_their_boxes_when_one_is_empty() -> None:
    result = appdata.pasted_result(["", TEXT_A, TEXT_B], ["First", "Second", "Third"])
    assert appdata.sources_of(result) == ["Second", "Third"]


def test_uploads_over_the_size_limit_get_a_clear_message() -> None:
    config = AuditConfig(app=AppConfig(max_upload_mb=1))
    big = inputs.Upload("big.txt", b"word " * 300_000)
    with pytest.raises(AuditInputError, match=r"1\.4 MB uploaded; the app takes at most 1 MB"):
        appdata.uploaded_result([big], {}, config)


def test_bad_uploads_and_empty_pastes_are_input_errors() -> None:
    with pytest.raises(AuditInputError, match=r"bad\.jsonl:1: malformed JSON"):
        appdata.uploaded_result([inputs.Upload("bad.jsonl", b"{nope\n")], {})
    with pytest.raises(AuditInputError, match="paste at least one text"):
        appdata.pasted_result(["  ", ""], [])


def test_side_by_side_escapes_text_and_marks_gaps() -> None:
    result = appdata.pasted_result([TEXT_A, TEXT_B], ["Left", "Right"])
    rows = sidebyside.side_by_side(result, ["Left", "Right"])
    html = "\n".join(cell for row in rows for cell in row.cells)
    assert "<script>" not in html and "<img" not in html
    unmarked = re.sub(r"</?mark[^>]*>", "", html)  # highlighted words split the escaped text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in unmarked
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in unmarked
    linked = [row for row in rows if row.n_sources == 2]
    assert linked and 'class="diff ' not in linked[0].cells[0]  # "could"/"might": rewording
    faint = sidebyside.side_by_side(result, ["Left", "Right"], rewording=True)
    assert 'class="diff diff-rewording"' in faint[0].cells[0]
    assert any("Not reported by Right" in row.cells[1] for row in rows if row.n_sources == 1)


def test_side_by_side_pages_and_orders_by_the_first_source(bundled) -> None:
    units = sidebyside.units_shown(bundled, ["Outlet A", "Outlet E"])
    first_page = sidebyside.side_by_side(bundled, ["Outlet A", "Outlet E"], page=0, per_page=5)
    assert [r.unit_id for r in first_page] == [u.unit_id for u in units[:5]]
    assert len(sidebyside.side_by_side(bundled, ["Outlet A"], page=99, per_page=5)) == 0


def test_omission_matrix_covers_every_unit_and_source(bundled) -> None:
    matrix = appdata.omission_table(bundled)
    assert len(matrix) == len(bundled.alignment.units) * 5
    assert set(matrix["status"]) <= {"covered", "unique", "omitted", "not_covered"}


def test_every_status_is_said_in_words_as_the_coverage_map_says_it(bundled) -> None:
    # the omissions chart's legend and tooltip read this column, not the raw enum value
    assert set(appdata.STATUS_WORDS) == set(Coverage)
    matrix = appdata.omission_table(bundled)
    assert not matrix["coverage"].str.contains("_").any()
    row = matrix[(matrix["unit_id"] == "U0015") & (matrix["source"] == "Outlet A")].iloc[0]
    assert row["status"] == "covered" and row["coverage"] == "reported"


def test_what_a_source_leaves_out_lists_partly_reported_units_too(bundled) -> None:
    omission = next(o for o in bundled.comparison.omissions if o.evidence is not None)
    partly = replace(omission, status=Coverage.PARTLY)
    result = replace(bundled, comparison=replace(bundled.comparison, omissions=(partly,)))
    table = appdata.omissions_by_source(result)
    assert list(table["coverage"]) == ["partly reported"]
    assert table.iloc[0]["nearest_passage"] == omission.evidence.nearest.text


def test_every_evidence_kind_has_its_own_colour_and_is_shown_in_words(bundled) -> None:
    assert {str(k) for k in EvidenceKind} <= set(EVIDENCE_COLOURS)
    assert len(set(EVIDENCE_COLOURS.values())) == len(EVIDENCE_COLOURS)
    html = evidence.evidence_html(
        bundled, appdata.evidence_table(bundled), AppConfig().evidence_per_page
    )
    assert '<mark class="ev-naming_variant">naming variant</mark>' in html
    assert ">naming_variant<" not in html


def test_the_evidence_table_shows_words_and_sentences_not_ids(bundled) -> None:
    table = appdata.evidence_table(bundled)
    html = evidence.evidence_html(bundled, table, AppConfig().evidence_per_page)
    first = table.iloc[0]
    body = html.split("<tbody>")[1]
    row = body.split("</tr>")[0]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[0] == first["source"] and "naming variant" in cells[1]
    assert cells[2] == escape(first["text"])
    # the sentence it stands in, with the words marked in their kind's colour
    paragraph = next(p for p in bundled.paragraphs if p.para_id == first["para_id"])
    marked = re.search(r'<mark class="ev-[a-z_]+">(.*?)</mark>', cells[3]).group(1)
    assert unescape(marked) == first["text"] and len(
        unescape(re.sub("<[^>]+>", "", cells[3]))
    ) > len(first["text"])
    assert unescape(re.sub("<[^>]+>", "", cells[3])) in paragraph.text
    assert cells[5] == f"{first['weight']:.2f}"  # two decimals, not 1.000000
    # ids and offsets only inside a detail, never in a cell of their own
    assert first["para_id"] in cells[6] and cells[6].startswith("<details>")
    visible = re.sub(r"<details>.*?</details>", "", body, flags=re.S)
    assert first["article_id"] not in visible
    weights = re.findall(r"<td>(\d+\.\d+)</td>", body)
    assert weights and all(len(w.split(".")[1]) == 2 for w in weights)


def test_the_evidence_table_is_shown_a_page_at_a_time(bundled) -> None:
    table = appdata.evidence_table(bundled)
    per_page = AppConfig().evidence_per_page
    pages = evidence.pages(table, per_page)
    assert pages == -(-len(table) // per_page) and pages > 1
    counts = [
        evidence.evidence_html(bundled, table, per_page, page).count("<tr>") - 1
        for page in range(pages)
    ]
    assert counts[:-1] == [per_page] * (pages - 1) and sum(counts) == len(table)
    assert evidence.pages(table.head(0), per_page) == 1


def test_fact_table_says_who_leaves_each_fact_out(bundled) -> None:
    facts = appdata.fact_table(bundled)
    row = facts[facts["fact"].str.contains("30,000")].iloc[0]
    assert row["Outlet C"] == "yes" and "Outlet A" in row["left_out_by"]


def test_evidence_table_filters_by_kind_and_source(bundled) -> None:
    hedges = appdata.evidence_table(bundled, kind="hedge", sources=["Outlet A"])
    assert len(hedges) > 0 and set(hedges["kind"]) == {"hedge"}
    assert set(hedges["source"]) == {"Outlet A"}


def test_downloads_hold_every_report_csv(bundled) -> None:
    files = appdata.report_files(bundled)
    assert {"paragraphs.csv", "units.csv", "omissions.csv", "evidence.csv"} <= set(files)
    with zipfile.ZipFile(io.BytesIO(appdata.report_zip(bundled, files))) as archive:
        assert len(archive.namelist()) == len(files)


def test_paragraph_html_marks_evidence_and_flags(bundled) -> None:
    html = appdata.paragraph_html(bundled, "Outlet D")
    assert "exact repeat" in html and 'class="evidence ev-' in html


def test_a_fifty_article_story_is_shown_a_page_at_a_time(bundled) -> None:
    content = [p.text for p in bundled.paragraphs if p.is_content]
    texts = [
        "\n".join(content[(i * 7 + k * 3) % len(content)] for k in range(8)) for i in range(50)
    ]
    uploads = [inputs.Upload(f"{i:02d}.txt", t.encode()) for i, t in enumerate(texts)]
    result = appdata.uploaded_result(uploads, {})
    sources = appdata.sources_of(result)
    assert len(sources) == 50
    config = AuditConfig()
    chosen = sources[: config.app.max_columns]
    rows = sidebyside.side_by_side(result, chosen, per_page=config.app.units_per_page)
    assert 0 < len(rows) <= config.app.units_per_page
    assert all(len(row.cells) == len(chosen) for row in rows)
    assert len(appdata.omission_table(result, chosen)["source"].unique()) == len(chosen)


def test_shared_text_lists_copies_across_articles() -> None:
    wire = "Russia dismissed the initiative outright, calling foreign troops unacceptable today."
    result = appdata.pasted_result(
        [f"Intro one here.\n{wire}", f"Other start.\n{wire}"], ["A", "B"]
    )
    table = appdata.shared_text_table(result)
    assert list(table["scope"]) == ["cross-source"] and list(table["kind"]) == ["exact"]
    assert table["excerpt"][0].startswith("Russia dismissed")
