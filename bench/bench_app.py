"""Time the web app as a journalist meets it: the first page after the server is up, and tab
switches, in Debian's Chromium driven by Playwright (the browser tests' setup).

Usage:
    python bench/bench_app.py               # the bundled story, 3 fresh servers
    python bench/bench_app.py --repeat 5 --switches 3
    python bench/bench_app.py --probe Omissions --after Framing --rounds 8   # Chrome's counters

Each repeat starts `python -m audit.app.serve` (as `make app` does: it audits the bundled story
before the server answers), waits for /_stcore/health, then opens a fresh browser page and times
- server start: from launching the process to the first healthy answer;
- first page: from `goto` to the overview's coverage map and the side-by-side table being
  visible (everything the first screen shows is computed and drawn);
- tab switch: from clicking a tab to its characteristic element being visible, for each tab,
  `--switches` rounds.
Medians are printed as a Markdown table, with the server process's CPU seconds for each step
(user + system, from /proc) and the browser's (every process under this one but the server:
Chromium's browser, renderer and GPU processes and the Playwright driver). By default the next
step starts as soon as one is drawn, so drawing left over from one tab falls in the next tab's
figures, as a user clicking on would meet it; `--settle S` waits S seconds after each step
(outside its wall time) so that each step's browser CPU is its own. On a shared machine the wall
times grow with the load, the CPU seconds much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app.browser_support import CHROMIUM_FLAGS, chromium_path, cpu_seconds, serving

# Each tab with what shows that it is drawn.
TABS = {
    "Side by side": "table.audit-sbs:visible",
    "Framing": "table.audit-bars:visible",
    "Omissions": "table.audit-heatmap:visible",
    "Duplicates": '[data-testid="stDataFrame"]:visible',
    "Paragraphs": ".audit-para:visible",
    "Downloads": 'button:has-text("Prepare the report files"):visible',
    "Overview": "table.audit-coverage:visible",
}


Timing = tuple[float, float, float]  # wall seconds, server CPU seconds, browser CPU seconds


def browser_cpu(server: int) -> float:
    """User + system CPU seconds of every live process under this one except `server` and its
    children: the browser's processes and the Playwright driver (from /proc)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
    total = 0.0
    for pid in parent:
        ancestor, mine = parent.get(pid), False
        while ancestor and ancestor != server:
            if ancestor == os.getpid():
                mine = True
                break
            ancestor = parent.get(ancestor)
        if mine and pid != server:
            try:
                total += cpu_seconds(pid)
            except OSError:
                continue
    return total


def one_server(
    browser, switches: int, settle: float
) -> tuple[float, Timing, dict[str, list[Timing]]]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    with serving(timeout=300) as (url, _port, pid):
        up = time.perf_counter() - started
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.set_default_timeout(120_000)
        begun, cpu, drawn = time.perf_counter(), cpu_seconds(pid), browser_cpu(pid)
        page.goto(url)
        page.locator("table.audit-coverage").wait_for(state="visible")
        page.locator("table.audit-sbs").first.wait_for(state="visible")
        wall, cpu = time.perf_counter() - begun, cpu_seconds(pid) - cpu
        if settle:
            page.wait_for_timeout(settle * 1000)
        first = (wall, cpu, browser_cpu(pid) - drawn)
        times: dict[str, list[Timing]] = {tab: [] for tab in TABS}
        for _ in range(switches):
            for tab, ready in TABS.items():
                begun, cpu, drawn = time.perf_counter(), cpu_seconds(pid), browser_cpu(pid)
                page.get_by_role("tab", name=tab).click()
                try:
                    page.locator(ready).first.wait_for(state="visible", timeout=STUCK_MS)
                except PlaywrightTimeout:
                    _stuck(page, tab, url)  # said on stderr, not timed; the next tab goes on
                    continue
                wall, cpu = time.perf_counter() - begun, cpu_seconds(pid) - cpu
                if settle:
                    page.wait_for_timeout(settle * 1000)  # not in the wall time
                times[tab].append((wall, cpu, browser_cpu(pid) - drawn))
        context.close()
    return up, first, times


# A tab not drawn after this long is reported (with a screenshot) instead of ending the run.
STUCK_MS = 30_000


def _stuck(page, tab: str, url: str) -> None:
    shot = Path(tempfile.gettempdir()) / f"bench-app-stuck-{tab.replace(' ', '-')}.png"
    page.screenshot(path=str(shot))
    lost = page.get_by_text("Choose at least one source").count() > 0
    print(
        f"tab {tab!r} not drawn in {STUCK_MS / 1000:.0f} s"
        + (" (the source choice was emptied)" if lost else "")
        + f"; screenshot {shot}; reloading",
        file=sys.stderr,
    )
    page.goto(url)
    page.locator("table.audit-coverage").wait_for(state="visible")


# Chrome's main-thread counters (DevTools Protocol `Performance.getMetrics`, seconds) per probe.
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def probe(browser, tab: str, after: str, rounds: int) -> None:
    """Switch from `after` to `tab` `rounds` times on one server, 1.5 s apart (so that each
    switch starts idle), and print the median wall time to `tab`'s element and the browser's
    main-thread seconds of each kind, until the element shows and 1.5 s later (everything the
    switch drew): where a switch's browser time goes, less noisy under load than wall times."""
    with serving(timeout=300) as (url, _port, _pid):
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.set_default_timeout(120_000)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def metrics() -> dict[str, float]:
            return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

        page.goto(url)
        page.locator(TABS["Overview"]).wait_for(state="visible")
        page.locator(TABS["Side by side"]).first.wait_for(state="visible")
        page.wait_for_timeout(1500)  # the first page drawn before the first click
        walls, ready, done = [], [], []
        for _ in range(rounds):
            page.get_by_role("tab", name=after).click()
            page.locator(TABS[after]).first.wait_for(state="visible")
            page.wait_for_timeout(1500)
            before, begun = metrics(), time.perf_counter()
            page.get_by_role("tab", name=tab).click()
            page.locator(TABS[tab]).first.wait_for(state="visible")
            walls.append(time.perf_counter() - begun)
            ready.append(metrics())
            page.wait_for_timeout(1500)
            done.append(metrics())
            for values in (ready[-1], done[-1]):
                for name in METRICS:
                    values[name] -= before[name]
        nodes = page.evaluate("document.querySelectorAll('*').length")
        context.close()
    print(f"{after} -> {tab}, {rounds} switches: median wall {statistics.median(walls):.3f} s, "
          f"{nodes} elements in the page")  # fmt: skip
    for name in METRICS:
        print(
            f"  {name}: {statistics.median(m[name] for m in ready):.3f} s to the element, "
            f"{statistics.median(m[name] for m in done):.3f} s with the next 1.5 s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh servers (default 3)")
    parser.add_argument("--switches", type=int, default=3, help="rounds of tab switches")
    parser.add_argument(
        "--settle", type=float, default=0.0, help="seconds to wait after each step (default 0)"
    )
    parser.add_argument(
        "--probe", metavar="TAB", help="only time switches to TAB (Chrome's counters)"
    )
    parser.add_argument("--after", default="Framing", help="the tab --probe switches from")
    parser.add_argument("--rounds", type=int, default=8, help="switches --probe times")
    args = parser.parse_args()
    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ups, firsts, switches = [], [], {tab: [] for tab in TABS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        if args.probe:
            return probe(browser, args.probe, args.after, args.rounds)
        for _ in range(args.repeat):
            up, first, times = one_server(browser, args.switches, args.settle)
            ups.append(up)
            firsts.append(first)
            for tab, values in times.items():
                switches[tab].extend(values)
        browser.close()
    with open("/proc/loadavg") as load:
        print(f"load average when done: {load.read().split()[0]} on {os.cpu_count()} cores\n")
    print(f"| measure (bundled story, {args.repeat} servers) | median wall (s) | max wall (s) "
          "| median server CPU (s) | median browser CPU (s) |")  # fmt: skip
    print("|---|---|---|---|---|")
    print(f"| server start to healthy | {statistics.median(ups):.2f} | {max(ups):.2f} | | |")
    _row("first page after the server is up", firsts)
    for tab, values in switches.items():
        _row(f"tab switch to {tab}", values)


def _row(name: str, timings: list[Timing]) -> None:
    walls = [t[0] for t in timings]
    print(
        f"| {name} | {statistics.median(walls):.2f} | {max(walls):.2f} "
        f"| {statistics.median(t[1] for t in timings):.2f} "
        f"| {statistics.median(t[2] for t in timings):.2f} |"
    )


if __name__ == "__main__":
    main()
