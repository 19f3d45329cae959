"""The app in a real browser: served as `make app` serves it, Debian's Chromium, Playwright.

Screenshots of each view go to $AUDIT_SCREENSHOTS (`make screenshots` sets docs/screenshots,
shown in the README), else to a temporary folder."""

from __future__ import annotations

import re
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.group import story_id_for
from tests.app.browser_support import (
    CHROMIUM_FLAGS,
    listening_addresses,
    outside_addresses,
    require_chromium,
    screenshot_dir,
    serving,
)
from tests.app.test_app import two_stories_jsonl

pytestmark = pytest.mark.browser
FIVE = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E"]
# Every highlighted word against the paragraph its cell is compared with (data-other): a mark
# whose word that paragraph also has is a highlight on an unchanged word.
MARKS_ON_KNOWN_WORDS = """
(table) => {
  const norm = (w) =>
    w.toLowerCase().replace(/[\\u2019]/g, "'").replace(/[^\\p{L}\\p{N}'.,-]/gu, "");
  const bad = [];
  let marks = 0;
  for (const mark of table.querySelectorAll("mark.diff")) {
    marks += 1;
    const cell = mark.closest(".audit-para");
    const other = table.querySelector(`[data-para="${cell.dataset.other}"]`);
    const text = other.cloneNode(true);  // the paragraph's own text: no link note, no badge
    text.querySelectorAll("details, .audit-flag").forEach((n) => n.remove());
    const words = new Set(text.textContent.split(/\\s+/).map(norm));
    for (const word of mark.innerText.split(/\\s+/).map(norm)) {
      if (word && words.has(word)) bad.push(word);
    }
  }
  return {marks, bad};
}
"""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int, int]]:
    require_chromium()
    with serving() as served:
        yield served


@pytest.fixture(scope="module")
def browser(server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=require_chromium(), args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    tab.goto(url)
    tab.get_by_text("Story: ukraine-reassurance-force").wait_for()
    tab.locator("table.audit-coverage").wait_for(state="visible")
    return tab


@pytest.fixture(scope="module")
def page(browser, server) -> Iterator[object]:
    tab = _open(browser, server[0])
    yield tab
    tab.context.close()


def _shot(page, name: str, *, full: bool = False) -> Path:
    path = screenshot_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def _open_tab(page, label: str) -> None:
    """Click a tab and wait for its content: only the open tab is drawn, after a rerun."""
    page.get_by_role("tab", name=label).click()
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)


def _chips(page) -> list[str]:
    tags = page.locator('[data-testid="stMultiSelect"] [data-tag]')
    tags.first.wait_for(state="visible")
    return [t.strip() for t in tags.all_inner_texts()]


def test_the_server_answers_only_on_loopback(server) -> None:
    url, port, _pid = server
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as answer:
        assert answer.status == 200
    assert listening_addresses(port) == {"127.0.0.1"}
    for address in outside_addresses():
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass


def test_overview_comes_first_with_headlines_and_the_coverage_map(page) -> None:
    assert page.get_by_role("tab", name="Overview").get_attribute("aria-selected") == "true"
    headline = page.locator("table.audit-outlets td.headline").nth(1)
    assert headline.inner_text().startswith("Europe considers sending troops to Ukraine")
    headers = page.locator("table.audit-coverage th").all_inner_texts()
    assert headers[2:] == FIVE
    assert page.locator("table.audit-coverage td.cov-reported").count() > 5
    assert page.locator("ul.audit-outlets li").count() == 5
    # the headline links: Outlet B's headline matches three ledes, each with both sentences
    matches = page.locator(".audit-headline-links li")
    assert matches.count() == 3
    first = matches.first
    assert first.inner_text().startswith("Outlet B's headline matches Outlet A's lede")
    first.locator("summary").click()
    quotes = first.locator("blockquote").all_inner_texts()
    assert quotes[0].startswith("Outlet B, headline: Europe considers sending troops")
    assert quotes[1].startswith("Outlet A, lede: Western European leaders")
    first.locator("summary").click()
    # the toolbar has no developer menu ("Deploy")
    assert page.get_by_role("button", name="Deploy").count() == 0
    # the README's shot: wait until the sidebar and the source chips are drawn (a shot taken
    # earlier shows Streamlit's grey placeholders for them)
    page.get_by_text("Bundled example").wait_for(state="visible")
    page.locator('[data-testid="stMultiSelect"] [data-tag]').first.wait_for(state="visible")
    assert _shot(page, "overview", full=True).stat().st_size > 20_000


def test_five_outlets_side_by_side_with_the_legend(page) -> None:
    assert _chips(page) == FIVE
    _open_tab(page, "Side by side")
    table = page.locator("table.audit-sbs:visible")
    table.wait_for(state="visible")
    assert table.locator("th.audit-source").all_inner_texts() == FIVE
    headlines = table.locator("th.audit-headline").all_inner_texts()
    assert len(headlines) == 5 and headlines[1].startswith("Europe considers sending troops")
    legend = page.locator(".audit-legend:visible", has_text="Highlighted differences")
    assert legend.count() == 1
    for words in ("different name", "different number", "different date", "attribution"):
        assert words in legend.inner_text()
    assert page.locator("div.audit-para.gap").count() > 0
    assert page.locator(".audit-para script, .audit-para img").count() == 0
    # the screenshot for the README: only units two or more sources report
    page.get_by_text("Only units that two or more of these sources report").click()
    page.wait_for_timeout(1500)
    page.locator("mark.diff:visible").first.wait_for(state="visible")
    # legend, headers, rows: scroll to the caption above the legend, since Streamlit's header
    # bar covers the top of the page and would hide the legend itself
    caption = page.get_by_text("story units in reading order")
    caption.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    assert _shot(page, "side-by-side").stat().st_size > 20_000


def test_no_highlight_on_an_unchanged_word(page) -> None:
    _open_tab(page, "Side by side")
    page.get_by_text("Also mark plain rewording (faint)").click()
    page.locator("mark.diff-rewording").first.wait_for(state="attached")
    found = page.locator("table.audit-sbs:visible").evaluate(MARKS_ON_KNOWN_WORDS)
    assert found["marks"] > 10 and found["bad"] == []
    page.get_by_text("Also mark plain rewording (faint)").click()


def test_a_gap_offers_the_nearest_passage_it_was_found_in(page) -> None:
    # U0015: Outlet A has no paragraph in the unit, but the omissions stage finds the claim in
    # other words; the gap says so (not "Not reported") and opens on that passage.
    _open_tab(page, "Side by side")
    gap = page.locator("div.audit-para.gap-covered:visible").first
    gap.wait_for(state="visible")
    assert gap.inner_text().startswith("Reported in other words by Outlet")
    gap.locator("details.audit-nearest summary").click()
    assert len(gap.locator("blockquote").inner_text().split()) > 5


def test_framing_follows_the_sources_and_colours_evidence(page) -> None:
    _open_tab(page, "Framing")
    page.get_by_text("Naming variants", exact=True).wait_for()
    bars = page.locator("table.audit-bars:visible .bar")
    bars.first.wait_for(state="visible")
    assert bars.count() == 5 and bars.first.bounding_box()["width"] > 10  # drawn to scale
    assert _shot(page, "framing").stat().st_size > 20_000
    # one data grid at a time, each on request
    grids = page.locator('[data-testid="stDataFrame"]:visible')
    grids.first.wait_for(state="visible")
    assert grids.count() == 1
    page.get_by_text("Who is quoted", exact=True).click()
    page.get_by_text("Speakers, their quotes and attributions").wait_for(state="visible")
    grids.first.wait_for(state="visible")
    assert grids.count() == 1
    page.get_by_text("Naming variants", exact=True).click()
    page.get_by_text("The forms each source names").wait_for(state="visible")
    _open_tab(page, "Paragraphs")
    assert "Evidence:" in page.locator(".audit-legend:visible").inner_text()
    assert page.locator("mark.evidence.ev-hedge").count() + page.locator("mark.ev-loaded").count()


def test_the_evidence_table_reads_as_words_without_ids(page) -> None:
    _open_tab(page, "Framing")
    table = page.locator("table.audit-evidence:visible")
    table.wait_for(state="visible")
    shown = table.evaluate(
        """(t) => { const c = t.cloneNode(true);
                    c.querySelectorAll("details").forEach((d) => d.remove());
                    return c.innerText; }"""
    )
    assert "000_" not in shown and ":p0" not in shown  # no article or paragraph ids in sight
    weights = table.locator("tbody td:nth-child(6)").all_inner_texts()
    assert weights and all(re.fullmatch(r"\d+\.\d\d", w) for w in weights)
    assert table.locator("tbody td:nth-child(4) mark").count() > 0  # the words in their sentence
    table.locator("details summary").first.click()
    assert ":p0" in table.locator("details").first.inner_text()  # the ids, one click away


def test_omission_matrix_renders(page) -> None:
    _open_tab(page, "Omissions")
    chart = page.locator("table.audit-heatmap:visible")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box is not None and box["height"] > 150
    cell = chart.locator("td.hm0, td.hm1").first
    assert cell.evaluate("(c) => getComputedStyle(c).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert _shot(page, "omissions").stat().st_size > 20_000


def _upload(page, files: list[Path]) -> None:
    page.get_by_text("Upload files").click()
    uploader = page.locator('[data-testid="stFileUploader"]', has_text="Articles (txt")
    uploader.locator('input[type="file"]').set_input_files([str(f) for f in files])


def test_a_multi_story_upload_gives_a_story_picker(browser, server, tmp_path: Path) -> None:
    upload = tmp_path / "day.jsonl"
    upload.write_bytes(two_stories_jsonl())
    tab = _open(browser, server[0])
    _upload(tab, [upload])
    tab.get_by_text("Story: troops").wait_for()
    picker = tab.locator('[data-testid="stSelectbox"]', has_text="Story (2 in the upload)")
    picker.wait_for(state="visible")
    picker.click()
    tab.get_by_role("option", name="rates (2 articles, 2 outlets)").click()
    tab.get_by_text("Story: rates").wait_for()
    tab.context.close()


def test_renaming_a_source_updates_every_label(browser, server, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("European troops could be sent to Ukraine after a ceasefire, officials said.")
    second.write_text("Officials said European troops might be sent to Ukraine after a ceasefire.")
    tab = _open(browser, server[0])
    _upload(tab, [first, second])
    tab.get_by_text("Story: uploaded-story").wait_for()
    assert _chips(tab) == ["first", "second"]
    box = tab.get_by_label("Source of second.txt")
    box.fill("Centre Herald")
    box.press("Enter")
    tab.locator('[data-testid="stMultiSelect"] [data-tag]', has_text="Centre Herald").wait_for()
    tab.wait_for_timeout(500)
    assert _chips(tab) == ["first", "Centre Herald"]
    coverage = tab.locator("table.audit-coverage:visible th", has_text="Centre Herald")
    coverage.wait_for(state="visible")  # the overview's map
    assert "second" not in tab.locator("table.audit-coverage:visible th").all_inner_texts()
    _open_tab(tab, "Side by side")
    table = tab.locator("table.audit-sbs:visible")
    table.locator("th.audit-source", has_text="Centre Herald").wait_for(state="visible")
    assert table.locator("th.audit-source").all_inner_texts() == ["first", "Centre Herald"]
    tab.context.close()


def test_an_uploaded_feed_is_grouped_and_a_story_picked(browser, server) -> None:
    feed = Path(__file__).parent.parent / "data" / "group" / "feed.jsonl"
    quake, strike = story_id_for("q1"), story_id_for("r1")  # ids from each story's first article
    tab = _open(browser, server[0])
    _upload(tab, [feed])
    tab.get_by_text("Stories found in the upload (3)").wait_for()
    tab.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible")
    tab.get_by_text(f"Story: {strike}").wait_for()  # the largest story is audited first
    picker = tab.locator('[data-testid="stSelectbox"]', has_text="Story (3 in the upload)")
    picker.click()
    tab.get_by_role("option", name=re.compile(rf"\[{quake}\] \(4 articles, 4 outlets\)")).click()
    heading = tab.get_by_text(f"Story: {quake}")
    heading.wait_for()
    assert heading.inner_text().startswith(f"Story: {quake} · ")  # its words, not only a hash
    _shot(tab, "grouped-feed")
    tab.context.close()


def test_three_stories_upload_reads_right(browser, server) -> None:
    # tests/data/cli/stories.jsonl: the story picker shows whole labels, a gap with nothing
    # near offers no passage, "city council"/"Councillors" is no substitution, quotes once
    stories = Path(__file__).parent.parent / "data" / "cli" / "stories.jsonl"
    tab = _open(browser, server[0])
    _upload(tab, [stories])
    tab.get_by_text("Story: harbour-bridge").wait_for()
    picker = tab.locator('[data-testid="stSelectbox"]', has_text="Story (3 in the upload)")
    picker.wait_for(state="visible")
    assert tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() == 0
    shown = picker.locator("input[role=combobox]")
    assert shown.input_value() == "harbour-bridge (3 articles, 3 outlets)"
    assert shown.evaluate("n => n.scrollWidth <= n.clientWidth")  # not cut off
    sentences = tab.locator("ul.audit-outlets li").all_inner_texts()
    assert not any('“"' in s or '"”' in s or ".”." in s for s in sentences)
    _open_tab(tab, "Side by side")
    table = tab.locator("table.audit-sbs:visible")
    table.wait_for(state="visible")
    assert "No passage of City Wire shares a word with this claim." in table.inner_text()
    assert "score 0.00" not in table.inner_html()
    substituted = {w.lower() for w in table.locator("mark.diff-substitution").all_inner_texts()}
    assert substituted.isdisjoint({"city", "council", "councillors", "april", "7"})
    assert {"close", "shut"} <= substituted  # a word chosen for another still is one
    _shot(tab, "three-stories-side-by-side")
    tab.context.close()


def test_pasted_claims_in_other_words_are_marked_possibly_the_same(browser, server) -> None:
    from tests.align.test_hints import FIRST, SECOND

    tab = _open(browser, server[0])
    tab.get_by_text("Paste texts").click()
    for number, text in ((1, FIRST), (2, SECOND)):
        box = tab.get_by_label(f"Text {number}")
        box.fill(text)
        box.press("Control+Enter")
        tab.wait_for_timeout(300)
    tab.get_by_text("Story: pasted-story").wait_for()
    tab.locator('[data-testid="stMultiSelect"] [data-tag]').nth(1).wait_for()  # both audited
    _open_tab(tab, "Side by side")
    table = tab.locator("table.audit-sbs:visible")
    table.wait_for(state="visible")
    table.locator("details.audit-hint").first.wait_for(state="visible")
    notes = table.locator("details.audit-hint")
    assert notes.count() == 4  # both passages, and the gap beside each
    note = table.locator("div.audit-para.content details.audit-hint").first
    assert re.fullmatch(
        r"possibly the same claim as pasted-\d \(probability 0\.\d\d\)",
        note.locator("summary").inner_text().strip(),
    )
    note.locator("summary").click()
    said = note.locator("blockquote").all_inner_texts()
    assert len(said) == 2 and any("Downing Street confirmed" in s for s in said)
    assert note.locator("mark").count() == 0
    caption = tab.get_by_text("story units in reading order")  # the README's shot: the table
    caption.evaluate("node => node.scrollIntoView({block: 'start'})")
    tab.wait_for_timeout(300)
    _shot(tab, "possibly-the-same-claim")
    tab.context.close()
