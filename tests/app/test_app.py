"""The app headless with Streamlit's AppTest: every tab and interaction, widgets by key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parent.parent.parent / "app.py")
HOSTILE = '<script>alert("x")</script> Officials said <img src=x onerror="alert(1)"> troops.'
FIVE = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E"]


def two_stories_jsonl() -> bytes:
    """Two stories of two outlets each, as one JSONL upload."""
    rows = [
        ("troops", "Left Daily", "European troops could go to Ukraine after a ceasefire."),
        ("troops", "Right Post", "Officials said European troops may be sent to Ukraine."),
        ("rates", "Left Daily", "The central bank in Oslo cut its interest rate on Monday."),
        ("rates", "Right Post", "Norway's central bank lowered its key rate by half a point."),
    ]
    lines = [json.dumps({"story_id": s, "source": o, "text": t}) for s, o, t in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def _tab(app: AppTest, label: str):
    """The tab's block, opened: only the open tab is drawn (a tab switch reruns)."""
    if app.session_state["tab"] != label:
        app.session_state["tab"] = label
        app.run()
    return next(t for t in app.tabs if t.label == label)


def _html(app: AppTest) -> str:
    """Everything the page renders as markdown or HTML."""
    return "\n".join([*(m.value for m in app.markdown), *(h.proto.body for h in app.get("html"))])


def test_app_opens_on_the_overview_of_all_five_outlets(app: AppTest) -> None:
    assert not app.exception
    assert "ukraine-reassurance-force" in app.subheader[0].value
    assert [t.label for t in app.tabs] == [
        "Overview", "Side by side", "Framing", "Omissions", "Duplicates", "Paragraphs",
        "Downloads",
    ]  # fmt: skip
    assert app.multiselect(key="sources").value == FIVE
    html = _html(app)
    assert re.findall(r'<td class="outlet">([^<]+)</td>', html) == FIVE
    assert '<td class="headline">Europe considers sending troops' in html
    assert 'class="audit-coverage"' in html and "cov-reported" in html
    assert "Outlet A alone reports" in html  # one sentence per outlet
    # which headline matches which lede (the headline links), with both sentences
    assert "Headlines that match</b> (3;" in html
    assert "Outlet B&#x27;s headline matches Outlet A&#x27;s lede (probability 0.83)" in html


def test_a_claim_picked_in_the_overview_is_shown_side_by_side(app: AppTest) -> None:
    _tab(app, "Overview")
    pick = app.selectbox(key="claim_pick")
    pick.select_index(1).run()
    assert not app.exception
    overview_html = "\n".join(h.proto.body for h in _tab(app, "Overview").get("html"))
    assert overview_html.count('class="audit-sbs"') == 1
    assert all(f'<th class="audit-source">{s}</th>' in overview_html for s in FIVE)


def test_only_the_open_tab_is_drawn(app: AppTest) -> None:
    _tab(app, "Overview")
    assert [len(t.children) > 0 for t in app.tabs] == [True] + [False] * 6


def test_choices_in_a_tab_survive_a_tab_switch() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    _tab(app, "Side by side")
    app.checkbox(key="shared_only").check().run()
    _tab(app, "Framing")
    _tab(app, "Side by side")
    assert app.checkbox(key="shared_only").value is True


def test_side_by_side_shows_all_sources_with_legend_and_gaps(app: AppTest) -> None:
    html = "\n".join(h.proto.body for h in _tab(app, "Side by side").get("html"))
    assert all(f'<th class="audit-source">{s}</th>' in html for s in FIVE)
    # each outlet's headline above its column (Outlet A's file gives none)
    headlines = re.findall(r'<th class="audit-headline[^"]*">([^<]*)</th>', html)
    assert len(headlines) == 5 and headlines[0] == "no headline given"
    assert headlines[1].startswith("Europe considers sending troops to Ukraine")
    assert 'class="audit-legend"' in html and "different number" in html
    assert "Not reported by" in html  # gaps where a source leaves a unit out
    assert "audit-link" in html  # each link explains its score and words
    assert 'class="diff diff-' in html  # differences that matter are marked
    # the paragraphs left out above, as an escaped table in a closed detail, not a data grid
    flagged = re.findall(r"<summary>Boilerplate and repeated paragraphs \((\d+)\)", html)
    assert flagged and int(flagged[0]) >= 11  # the bundled story's 11 repeats, at least
    assert not _tab(app, "Side by side").dataframe


def test_choosing_sources_changes_the_columns() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.multiselect(key="sources").set_value(["Outlet C", "Outlet D", "Outlet E"]).run()
    assert not app.exception
    html = "\n".join(h.proto.body for h in _tab(app, "Side by side").get("html"))
    assert '<th class="audit-source">Outlet C</th>' in html
    assert '<th class="audit-source">Outlet A</th>' not in html


def test_framing_tab_leads_from_chart_to_evidence(app: AppTest) -> None:
    _tab(app, "Framing")
    app.selectbox(key="framing_metric").set_value("rate_hedge").run()
    app.selectbox(key="evidence_kind").set_value("hedge").run()
    tab = _tab(app, "Framing")
    table = next(h.proto.body for h in tab.get("html") if 'class="audit-evidence"' in h.proto.body)
    kinds = set(re.findall(r'<td><mark class="ev-([a-z_]+)">', table))
    assert kinds == {"hedge"}
    assert "000_" not in re.sub(r"<details>.*?</details>", "", table, flags=re.S)  # no ids
    naming = tab.dataframe[0].value  # the first grid of the "Table" choice
    assert {"Kiev", "Kyiv"} <= set(naming["form"])
    bars = next(h.proto.body for h in tab.get("html") if 'class="audit-bars"' in h.proto.body)
    assert 'data-metric="rate_hedge"' in bars
    assert re.findall(r"<th>([^<]+)</th>", bars) == FIVE  # the chosen sources, in their order


def test_framing_draws_one_grid_at_a_time_and_every_grid_on_request(app: AppTest) -> None:
    tab = _tab(app, "Framing")
    grids = app.radio(key="framing_grid")
    # the bundled story has no word substitution: no word-choice grid to offer
    assert grids.options == ["Naming variants", "Who is quoted", "Framing per source and per unit"]
    assert len(tab.dataframe) == 1
    shown = {}
    for label in grids.options:
        app.radio(key="framing_grid").set_value(label).run()
        tab = _tab(app, "Framing")
        assert not app.exception and len(tab.dataframe) == 1
        shown[label] = tab.dataframe[0].value
    assert "speaker" in shown["Who is quoted"].columns
    assert set(shown["Framing per source and per unit"]["scope"]) >= {"source", "unit"}
    _tab(app, "Omissions")
    _tab(app, "Framing")  # the choice survives a tab switch
    assert app.radio(key="framing_grid").value == "Framing per source and per unit"
    # choosing the first grid again draws it again (and leaves the shared app as it opened)
    app.radio(key="framing_grid").set_value("Naming variants").run()
    tab = _tab(app, "Framing")
    assert not app.exception and len(tab.dataframe) == 1
    assert tab.dataframe[0].value.equals(shown["Naming variants"])
    assert "form" in tab.dataframe[0].value.columns


def test_omissions_tab_has_the_matrix_and_facts(app: AppTest) -> None:
    tab = _tab(app, "Omissions")
    facts = tab.dataframe[-1].value
    assert "left_out_by" in facts.columns and len(facts) > 0
    # the bundled story has no omitted or partly reported cell: said in words, no empty table
    assert len(tab.dataframe) == 1
    assert any("None: every claim" in c.value for c in tab.caption)
    html = [h.proto.body for h in _tab(app, "Omissions").get("html")]
    heat = [h for h in html if 'class="audit-heatmap"' in h]
    assert len(heat) == 1  # the units x sources heatmap
    head = heat[0].split("<tbody>")[0]  # outlets on top, in reading order
    assert re.findall(r'<th class="source">([^<]+)</th>', head) == FIVE
    assert "partly reported</span>" in heat[0]  # the legend names every status


def test_duplicates_tab_lists_the_repeats(app: AppTest) -> None:
    flagged = _tab(app, "Duplicates").dataframe[0].value
    assert (flagged["kind"] == "duplicate").sum() == 11


def test_paragraphs_are_marked_by_evidence_kind_with_a_legend(app: AppTest) -> None:
    html = "\n".join(h.proto.body for h in _tab(app, "Paragraphs").get("html"))
    assert "Evidence:" in html and 'class="evidence ev-hedge"' in html


def test_downloads_offer_every_csv_and_a_zip_on_request(app: AppTest) -> None:
    _tab(app, "Downloads")
    assert not app.get("download_button")
    app.button(key="prepare_downloads").click().run()
    keys = {b.key for b in app.get("download_button")}
    assert "download_zip" in keys
    assert {"download_paragraphs.csv", "download_units.csv", "download_evidence.csv"} <= keys


def test_pasted_texts_are_audited_shown_escaped_and_renamed_everywhere() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Paste texts").run()
    app.text_input(key="paste_name_0").input("Left Daily")
    app.text_input(key="paste_name_1").input("Right Post")
    app.text_area(key="paste_text_0").input(HOSTILE + "\nEuropean troops may go to Ukraine.")
    app.text_area(key="paste_text_1").input("European troops could be sent to Ukraine soon.")
    app.run()
    assert not app.exception
    assert app.multiselect(key="sources").value == ["Left Daily", "Right Post"]
    html = "\n".join(h.proto.body for h in _tab(app, "Side by side").get("html"))
    assert "<script>" not in html and "<img" not in html
    unmarked = re.sub(r"</?mark[^>]*>", "", html)  # highlighted words split the escaped text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in unmarked
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in unmarked
    app.text_input(key="paste_name_1").input("Centre Herald").run()
    assert app.multiselect(key="sources").value == ["Left Daily", "Centre Herald"]
    html = "\n".join(h.proto.body for h in _tab(app, "Side by side").get("html"))
    assert '<th class="audit-source">Centre Herald</th>' in html and "Right Post" not in html


def test_pasted_claims_in_other_words_get_a_possibly_the_same_claim_note() -> None:
    from tests.align.test_hints import FIRST, SECOND

    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Paste texts").run()
    app.text_area(key="paste_text_0").input(FIRST)
    app.text_area(key="paste_text_1").input(SECOND)
    app.run()
    assert not app.exception
    html = "\n".join(h.proto.body for h in _tab(app, "Side by side").get("html"))
    assert re.search(r"possibly the same claim as [^<]+ \(probability 0\.\d\d\)", html)
    assert "Downing Street confirmed that May would hold talks" in html


def test_uploads_ask_for_files_first() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Upload files").run()
    assert not app.exception
    assert "Upload two or more articles" in app.info[0].value


def test_a_multi_story_upload_gives_a_story_picker_and_never_merges() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="input_mode").set_value("Upload files").run()
    app.get("file_uploader")[1].set_value([("day.jsonl", two_stories_jsonl(), "text/plain")])
    app.run()
    assert not app.exception
    picker = app.selectbox(key="story_pick")
    assert picker.options == ["troops (2 articles, 2 outlets)", "rates (2 articles, 2 outlets)"]
    # in the main area, whose width shows the whole label (the sidebar cut it off)
    assert "story_pick" in [s.key for s in app.main.selectbox]
    assert "story_pick" not in [s.key for s in app.sidebar.selectbox]
    assert "Story: troops" in app.subheader[0].value
    picker.set_value(picker.options[1]).run()
    assert "Story: rates" in app.subheader[0].value
    assert "troops" not in _html(app).lower()


def test_a_bad_config_upload_is_a_clear_message() -> None:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.get("file_uploader")[0].set_value(("mine.toml", b"[align]\nnope = 1\n", "text/plain"))
    app.run()
    assert not app.exception
    assert app.error[0].value == "mine.toml: unknown config key align.nope"
