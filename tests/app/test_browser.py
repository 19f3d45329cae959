"""The app in a real browser: `streamlit run` on 127.0.0.1, Debian's Chromium, Playwright.

Screenshots of each view are saved to a temporary folder, so the tests never change a tracked
file; `make screenshots` sets AUDIT_SCREENSHOTS=docs/screenshots to renew the README's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.browser_support import CHROMIUM_FLAGS, require_chromium, running_app

pytestmark = pytest.mark.browser
SCREENSHOTS_ENV = "AUDIT_SCREENSHOTS"  # where to save the screenshots (default: a temporary folder)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        tab = context.new_page()
        tab.set_default_timeout(90_000)
        tab.goto(url)
        tab.get_by_text("Story: ukraine-reassurance-force").wait_for()
        tab.get_by_text("Sources to compare").wait_for(state="visible")
        tab.locator("mark.only-here").first.wait_for(state="attached")
        yield tab
        browser.close()


def _shot(page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _open_tab(page, label: str) -> None:
    page.get_by_role("tab", name=label).click()
    page.wait_for_timeout(500)


def test_side_by_side_highlights_differences_and_gaps(page, shots: Path) -> None:
    highlighted = page.locator("mark.only-here").first
    highlighted.wait_for(state="visible")
    assert page.locator("div.audit-para.gap").count() > 0
    assert page.locator("details.audit-link").count() > 0
    # text from the articles is shown as text, never as markup
    assert page.locator(".audit-para script, .audit-para img").count() == 0
    # the screenshot for the README: only units both sources report, differences highlighted
    page.get_by_text("Only units that two or more of these sources report").click()
    page.get_by_text("Not reported by").first.wait_for(state="detached")
    page.locator("mark.only-here").first.wait_for(state="visible")
    assert _shot(page, shots, "side-by-side").stat().st_size > 20_000


def test_choosing_sources_changes_the_columns(page) -> None:
    page.locator('[data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Outlet E").click()
    page.keyboard.press("Escape")
    # the new column's header appears (source names are rendered as escaped HTML)
    page.locator("b", has_text="Outlet E").first.wait_for(state="visible")
    assert page.locator("b", has_text="Outlet A").count() >= 1


def test_framing_tab_shows_charts_and_evidence(page, shots: Path) -> None:
    _open_tab(page, "Framing")
    page.get_by_text("Naming variants").wait_for()
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible")
    assert _shot(page, shots, "framing").stat().st_size > 20_000


def test_omission_matrix_renders(page, shots: Path) -> None:
    _open_tab(page, "Omissions")
    chart = page.locator('[data-testid="stVegaLiteChart"]').last
    chart.wait_for(state="visible")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    box = chart.bounding_box()
    assert box is not None and box["height"] > 150
    assert _shot(page, shots, "omissions").stat().st_size > 20_000


def test_downloads_tab_offers_the_zip(page) -> None:
    _open_tab(page, "Downloads")
    page.get_by_role("button", name="All reports (zip)").wait_for(state="visible")
