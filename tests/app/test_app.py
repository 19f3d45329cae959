"""The app headless with Streamlit's AppTest: every tab and interaction, widgets by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parent.parent.parent / "app.py")
HOSTILE = '<script>alert("x")</script> Officials said <img src=x onerror="alert(1)"> troops.'


@pytest.fixture(scope="module")
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def _tab(app: AppTest, label: str):  # streamlit's Tab block
    return next(t for t in app.tabs if t.label == label)


def _html(app: AppTest) -> str:
    """Everything the page renders as markdown or HTML."""
    return "\n".join([*(m.value for m in app.markdown), *(h.proto.body for h in app.get("html"))])


def test_app_opens_on_the_bundled_story(app: AppTest) -> None:
    assert not app.exception
    assert "ukraine-reassurance-force" in app.subheader[0].value
    assert [t.label for t in app.tabs] == [
        "Side by side", "Framing", "Omissions", "Duplicates", "Paragraphs", "Downloads",
    ]  # fmt: skip
    assert app.multiselect(key="sources").value == ["Outlet A", "Outlet B"]


def test_side_by_side_shows_units_with_highlights_and_gaps(app: AppTest) -> None:
    html = _html(app)
    assert 'class="only-here"' in html  # word-level differences
    assert "Not reported by" in html  # gaps where a source leaves a unit out
    assert "audit-link" in html  # each link explains its score and words


def test_choosing_sources_changes_the_columns() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.multiselect(key="sources").set_value(["Outlet C", "Outlet D", "Outlet E"]).run()
    assert not app.exception
    html = _html(app)
    assert "<b>Outlet C</b>" in html and "<b>Outlet E</b>" in html
    assert "<b>Outlet A</b>" not in html


def test_framing_tab_leads_from_chart_to_evidence(app: AppTest) -> None:
    app.selectbox(key="framing_metric").set_value("rate_hedge").run()
    app.selectbox(key="evidence_kind").set_value("hedge").run()
    evidence = _tab(app, "Framing").dataframe[0].value
    assert len(evidence) > 0 and set(evidence["kind"]) == {"hedge"}
    naming = _tab(app, "Framing").dataframe[1].value
    assert {"Kiev", "Kyiv"} <= set(naming["form"])


def test_omissions_tab_has_the_matrix_and_facts(app: AppTest) -> None:
    facts = _tab(app, "Omissions").dataframe[1].value
    assert "left_out_by" in facts.columns and len(facts) > 0
    charts = [c for c in _tab(app, "Omissions").children.values() if "vega" in c.type]
    assert len(charts) == 1  # the units x sources heatmap


def test_duplicates_tab_lists_the_repeats(app: AppTest) -> None:
    flagged = _tab(app, "Duplicates").dataframe[0].value
    assert (flagged["kind"] == "duplicate").sum() == 11


def test_downloads_offer_every_csv_and_a_zip(app: AppTest) -> None:
    keys = {b.key for b in app.get("download_button")}
    assert "download_zip" in keys
    assert {"download_paragraphs.csv", "download_units.csv", "download_evidence.csv"} <= keys


def test_pasted_texts_are_audited_and_shown_escaped() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Paste texts").run()
    app.text_input(key="paste_name_0").input("Left Daily")
    app.text_input(key="paste_name_1").input("Right Post")
    app.text_area(key="paste_text_0").input(HOSTILE + "\nEuropean troops may go to Ukraine.")
    app.text_area(key="paste_text_1").input("European troops could be sent to Ukraine soon.")
    app.run()
    assert not app.exception
    assert app.multiselect(key="sources").value == ["Left Daily", "Right Post"]
    html = _html(app)
    assert "<script>" not in html and "<img" not in html
    unmarked = re.sub(r"</?mark[^>]*>", "", html)  # highlighted words split the escaped text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in unmarked
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in unmarked


def test_uploaded_files_are_audited(tmp_path: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Upload files").run()
    assert not app.exception
    assert "Upload two or more articles" in app.info[0].value
