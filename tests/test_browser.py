"""The app in a real browser: `streamlit run` on 127.0.0.1, Debian's Chromium, Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser_support import CHROMIUM_FLAGS, ROOT, require_chromium, running_app

pytestmark = pytest.mark.browser
SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(url)
        tab.get_by_text("Story: ukraine-reassurance-force").wait_for()
        yield tab
        browser.close()


def _shot(page: object, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path


def test_app_opens_on_the_bundled_story(page) -> None:
    assert page.get_by_role("heading", name="audit").first.is_visible()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    assert _shot(page, "overview").stat().st_size > 10_000
