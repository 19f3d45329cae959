"""What `audit run` prints when it is done: a short account of one story, or for many stories a
summary that fits one screen (totals, the stories and outlets with the most omissions and
framing flags, where the files are, how to open the app). Every name from the input is shown
through `terminal.shown`, so control characters in it cannot drive the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from audit.model import InputWarning
from audit.report.summary import StorySummary, ranked
from audit.text.terminal import clipped, shown

TOP = 5  # stories and outlets listed under "most omissions" and "most framing flags"
_NAME_WIDTH = 28  # characters of a story id or outlet name in those lists
_HALF = 2 + 6 + 2 + _NAME_WIDTH  # one of the two side-by-side lists
WARNINGS_SHOWN = 10  # more warnings than this are grouped by message
FLAG_LINES = 8  # lines of flagged articles for one story; with more, a line per rule
NAMING_SHOWN = 10  # naming variant groups listed for one story
APP = "Compare the sources side by side in the app: make app (or: streamlit run app.py)"


def summary_lines(summaries: Sequence[StorySummary], root: Path) -> list[str]:
    """The summary of a run: one story in detail, many stories in one screen."""
    if len(summaries) == 1:
        return [*story_lines(summaries[0]), APP]
    return [*run_lines(summaries, root), APP]


def story_lines(summary: StorySummary) -> list[str]:
    """About a dozen lines, however many articles: long lists are cut to their largest items,
    with how many more there are and the report that lists them all."""
    kinds = dict(summary.kinds)
    lines = [
        f"{shown(summary.story_id)}: {summary.n_articles} articles, {sum(kinds.values())} "
        f"paragraphs ({kinds.get('content', 0)} content, {kinds.get('heading', 0)} headings, "
        f"{kinds.get('boilerplate', 0)} boilerplate, {kinds.get('duplicate', 0)} repeats)",
        f"  alignment: {summary.n_units} story units, {summary.n_shared_units} reported by two "
        f"or more sources; text copied across articles: {summary.n_shared_text}",
    ]
    if summary.omitted:
        left_out = ", ".join(f"{shown(source)} {n}" for source, n in summary.omitted[:TOP])
        more = _more(len(summary.omitted) - TOP, "sources", "omissions.csv")
        lines.append(f"  omissions (units most others report): {left_out}{more}")
    lines += _flag_lines(summary)
    evidence = ", ".join(f"{n} {kind}" for kind, n in summary.evidence)
    lines.append(f"  framing evidence: {evidence or 'none'}")
    if summary.naming:
        forms = "; ".join(summary.naming[:NAMING_SHOWN])
        more = _more(len(summary.naming) - NAMING_SHOWN, "variants", "naming.csv")
        lines.append(f"  naming variants: {shown(forms)}{more}")
    lines.append(f"  reports: {shown(summary.folder)}/")
    return lines


def _flag_lines(summary: StorySummary) -> list[str]:
    """A line per flagged article and reason; for many articles, a line per reason."""
    if len(summary.flags) <= FLAG_LINES:
        return [
            f"  flagged in {shown(summary.sources[article])} ({shown(article)}): {count} x "
            f"{shown(reason)}"
            for article, reason, count in summary.flags
        ]
    paragraphs: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for _, reason, count in summary.flags:
        paragraphs[reason] += count
        articles[reason] += 1
    reasons = ranked(paragraphs)
    lines = [
        f"  flagged: {n} x {shown(reason)} in {articles[reason]} articles"
        for reason, n in reasons[: FLAG_LINES - 1]
    ]
    if len(reasons) >= FLAG_LINES:
        rest = sum(n for _, n in reasons[FLAG_LINES - 1 :])
        lines.append(f"  flagged: {rest} more, by {len(reasons) - FLAG_LINES + 1} other rules")
    lines[-1] += " (every flag with its reason: paragraphs.csv)"
    return lines


def _more(n: int, what: str, report: str) -> str:
    return f", and {n} more {what} ({report})" if n > 0 else ""


def run_lines(summaries: Sequence[StorySummary], root: Path) -> list[str]:
    """23 lines at most, however many stories."""
    kinds: Counter[str] = Counter()
    omitted: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    outlets: set[str] = set()
    for s in summaries:
        kinds.update(dict(s.kinds))
        omitted.update(dict(s.omitted))
        flagged.update(dict(s.framing_flags))
        outlets.update(s.sources.values())
    n_omissions = sum(s.n_omissions for s in summaries)
    n_flags = sum(s.n_framing_flags for s in summaries)
    lines = [
        f"{len(summaries)} stories, {sum(s.n_articles for s in summaries)} articles from "
        f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''}",
        f"  paragraphs: {sum(kinds.values())} ({kinds['content']} content, {kinds['heading']} "
        f"headings, {kinds['boilerplate']} boilerplate, {kinds['duplicate']} repeats)",
        f"  story units: {sum(s.n_units for s in summaries)}, "
        f"{sum(s.n_shared_units for s in summaries)} reported by two or more sources",
        f"  omissions: {n_omissions} (units most sources report that one leaves out)",
        f"  framing flags: {n_flags} (evidence other than named sources and quotes)",
        "",
        f"{'Most omissions':<{_HALF}}   Most framing flags",
    ]
    by_story = (
        ranked({s.story_id: s.n_omissions for s in summaries}),
        ranked({s.story_id: s.n_framing_flags for s in summaries}),
    )
    lines += _side_by_side("stories", *by_story)
    lines += _side_by_side("outlets", ranked(omitted), ranked(flagged))
    lines += [
        "",
        f"reports: {shown(root)}/<story>/ (one folder per story), {shown(root)}/profiles.csv "
        "(outlets across stories)",
        f"per story: {shown(root)}/summary.csv",
    ]
    return lines


def _side_by_side(
    title: str, left: Sequence[tuple[str, int]], right: Sequence[tuple[str, int]]
) -> list[str]:
    def cell(pairs: Sequence[tuple[str, int]], i: int) -> str:
        if i >= len(pairs):
            return "  (none)" if i == 0 else ""
        name, n = pairs[i]
        return f"  {n:>6}  {clipped(name, _NAME_WIDTH)}"

    rows = [f"{'  ' + title:<{_HALF}}     {title}"]
    for i in range(min(TOP, max(len(left), len(right), 1))):
        rows.append(f"{cell(left, i):<{_HALF}}   {cell(right, i)}")
    return [row.rstrip() for row in rows]


def warning_lines(warnings: Iterable[InputWarning]) -> list[str]:
    """Each distinct warning on a line; past `WARNINGS_SHOWN`, one line per message with how
    many stories or files it concerns (each story's run.json lists its own in full)."""
    distinct = sorted({(w.origin, w.message) for w in warnings})
    if len(distinct) <= WARNINGS_SHOWN:
        return [
            f"audit: warning: {shown(origin)}: {shown(message)}" for origin, message in distinct
        ]
    by_message: dict[str, list[str]] = {}
    for origin, message in distinct:
        by_message.setdefault(message, []).append(origin)
    groups = sorted(by_message.items(), key=lambda mo: (-len(mo[1]), mo[0]))
    lines = [
        f"audit: warning: {shown(message)} ({len(origins)} x, e.g. {clipped(origins[0], 40)})"
        for message, origins in groups[: WARNINGS_SHOWN - 1]
    ]
    rest = sum(len(origins) for _, origins in groups[WARNINGS_SHOWN - 1 :])
    if rest:
        lines.append(f"audit: warning: {rest} more warnings: see each story's run.json")
    return lines
