"""Time the web app as a journalist meets it: the first page after the server is up, and tab
switches, in Debian's Chromium driven by Playwright (the browser tests' setup).

Usage:
    python bench/bench_app.py               # the bundled story, 3 fresh servers
    python bench/bench_app.py --repeat 5 --switches 3

Each repeat starts `python -m audit.app.serve` (as `make app` does: it audits the bundled story
before the server answers), waits for /_stcore/health, then opens a fresh browser page and times
- server start: from launching the process to the first healthy answer;
- first page: from `goto` to the overview's coverage map and the side-by-side table being
  visible (everything the first screen shows is computed and drawn);
- tab switch: from clicking a tab to its characteristic element being visible, for each tab,
  `--switches` rounds.
Medians are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app.browser_support import CHROMIUM_FLAGS, chromium_path, serving

# Each tab with what shows that it is drawn.
TABS = {
    "Side by side": "table.audit-sbs:visible",
    "Framing": '[data-testid="stVegaLiteChart"]:visible',
    "Omissions": '[data-testid="stVegaLiteChart"]:visible canvas, '
    '[data-testid="stVegaLiteChart"]:visible svg',
    "Duplicates": '[data-testid="stDataFrame"]:visible',
    "Paragraphs": ".audit-para:visible",
    "Downloads": 'button:has-text("Prepare the report files"):visible',
    "Overview": "table.audit-coverage:visible",
}


def one_server(browser, switches: int) -> tuple[float, float, dict[str, list[float]]]:
    started = time.perf_counter()
    with serving(timeout=300) as (url, _port):
        up = time.perf_counter() - started
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.set_default_timeout(120_000)
        begun = time.perf_counter()
        page.goto(url)
        page.locator("table.audit-coverage").wait_for(state="visible")
        page.locator("table.audit-sbs").first.wait_for(state="visible")
        first = time.perf_counter() - begun
        times: dict[str, list[float]] = {tab: [] for tab in TABS}
        for _ in range(switches):
            for tab, ready in TABS.items():
                begun = time.perf_counter()
                page.get_by_role("tab", name=tab).click()
                page.locator(ready).first.wait_for(state="visible")
                times[tab].append(time.perf_counter() - begun)
        context.close()
    return up, first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh servers (default 3)")
    parser.add_argument("--switches", type=int, default=3, help="rounds of tab switches")
    args = parser.parse_args()
    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ups, firsts, switches = [], [], {tab: [] for tab in TABS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for _ in range(args.repeat):
            up, first, times = one_server(browser, args.switches)
            ups.append(up)
            firsts.append(first)
            for tab, values in times.items():
                switches[tab].extend(values)
        browser.close()
    print(f"| measure (bundled story, {args.repeat} servers) | median (s) | max (s) |")
    print("|---|---|---|")
    print(f"| server start to healthy | {statistics.median(ups):.2f} | {max(ups):.2f} |")
    print(f"| first page after the server is up | {statistics.median(firsts):.2f} | "
          f"{max(firsts):.2f} |")  # fmt: skip
    for tab, values in switches.items():
        print(f"| tab switch to {tab} | {statistics.median(values):.2f} | {max(values):.2f} |")


if __name__ == "__main__":
    main()
