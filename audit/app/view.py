"""HTML fragments for the app, built from untrusted article text: every character of text is
escaped here, so the app can hand these fragments to Streamlit as HTML safely."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# One style per tag; the app's CSS is part of this module so the markup and its look stay together.
# The colour of each kind of framing evidence: marks in the text and the evidence table agree.
EVIDENCE_COLOURS = {
    "loaded": "#ffa8a8",
    "intensifier": "#ffc078",
    "hedge": "#a5d8ff",
    "slanted_verb": "#e599f7",
    "anonymous_attribution": "#ffe066",
    "named_attribution": "#8ce99a",
    "group_attribution": "#d8f5a2",
    "quotation": "#e9ecef",
    "scare_quote": "#fcc2d7",
    "naming_variant": "#99e9f2",
    "bias_word": "#dcc29a",
}
_EVIDENCE_CSS = "\n".join(
    f"mark.ev-{k} {{ background: {v}; }}" for k, v in EVIDENCE_COLOURS.items()
)
# Coverage colours of the omissions heatmap (`charts`), in `data.STATUS_WORDS` order: reported
# (blue), only this source (purple), partly (amber), left out (red), not covered (light grey);
# cell class hm<i> for the i-th.
COVERAGE_COLOURS = ("#4c78a8", "#8a5cd1", "#f2b447", "#e45756", "#eeeeee")
_COVERAGE_CSS = "\n".join(
    f"table.audit-heatmap td.hm{i} {{ background: {c}; }}" for i, c in enumerate(COVERAGE_COLOURS)
)

STYLE = """
<style>
.audit-para { padding: 0.4rem 0.6rem; margin: 0.25rem 0; border-radius: 0.3rem;
  border-left: 3px solid #c8c8c8; line-height: 1.45; }
.audit-para.heading { font-weight: 600; border-left-color: #7a7a7a; }
.audit-para.boilerplate, .audit-para.duplicate { color: #777; background: #f3f3f3;
  border-left-color: #bbb; font-size: 0.85em; }
.audit-para.gap { color: #a33; background: #fff4f4; border-left: 3px dashed #d88;
  font-style: italic; }
.audit-para.gap-covered { color: #1f4e79; background: #eef4fb; border-left-color: #7aa6d6; }
.audit-para.gap-partly_covered { color: #7a5400; background: #fff8e6; border-left-color: #e0b04a; }
.audit-para.unique { border-left-color: #8a5cd1; background: #f7f2ff; }
.audit-flag { font-size: 0.75em; color: #555; background: #e8e8e8; border-radius: 0.2rem;
  padding: 0 0.3rem; margin-left: 0.3rem; }
details.audit-link, .audit-nearest { font-size: 0.78em; color: #555; margin-top: 0.2rem; }
details.audit-link pre { white-space: pre-wrap; font-size: 0.95em; margin: 0.2rem 0; }
details.audit-nearest blockquote { font-style: normal; color: #333; margin: 0.2rem 0 0 0.4rem; }
details.audit-hint { font-size: 0.78em; color: #6b5d1f; margin-top: 0.25rem; padding-left: 0.35rem;
  border-left: 2px dotted #c9a227; }
details.audit-hint summary { font-style: italic; }
details.audit-hint blockquote { color: #333; margin: 0.2rem 0 0 0.4rem; }
details.audit-hint .why { color: #777; font-size: 0.95em; overflow-wrap: anywhere; }
.audit-headline-links { font-size: 0.88em; margin: 0.3rem 0 0.6rem; }
.audit-headline-links ul { margin: 0.2rem 0 0 0; }
.audit-headline-links blockquote { margin: 0.2rem 0 0.2rem 0.6rem; color: #333; }
mark { padding: 0 0.1rem; border-radius: 0.15rem; }
mark.diff-name { background: #a5d8ff; }
mark.diff-number { background: #ffc078; }
mark.diff-date { background: #d0bfff; }
mark.diff-attribution { background: #8ce99a; }
mark.diff-substitution { background: #ffe066; }
mark.diff-rewording { background: #f1f3f5; }
{evidence}
details.audit-records { margin: 0.6rem 0; border: 1px solid #e3e3e3; border-radius: 0.4rem;
  padding: 0.4rem 0.7rem; }
details.audit-records table { border-collapse: collapse; font-size: 0.82em; width: 100%;
  margin-top: 0.4rem; }
details.audit-records th, details.audit-records td { border-bottom: 1px solid #eee;
  padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
.audit-legend { margin: 0.3rem 0 0.6rem 0; font-size: 0.85em; line-height: 2; }
.audit-legend-item { margin-right: 0.6rem; }
.audit-scroll { overflow-x: auto; max-width: 100%; }
table.audit-sbs { border-collapse: collapse; table-layout: fixed; width: 100%; }
table.audit-sbs th, table.audit-sbs td { vertical-align: top; padding: 0 0.2rem;
  text-align: left; }
table.audit-sbs .audit-para { font-size: 0.88em; padding: 0.3rem 0.45rem; }
table.audit-sbs th { background: #fff; border-bottom: 2px solid #ddd; }
table.audit-sbs th.audit-headline { font-weight: 600; font-size: 0.9em; line-height: 1.3;
  padding: 0.2rem 0.3rem 0.4rem 0.2rem; color: #222; }
table.audit-sbs th.audit-headline.none { font-weight: 400; font-style: italic; color: #888; }
table.audit-sbs tr.claim td { font-size: 0.8em; color: #555; padding-top: 0.8rem;
  border-top: 1px solid #eee; }
table.audit-coverage { border-collapse: collapse; font-size: 0.85em; width: 100%; }
table.audit-coverage th, table.audit-coverage td { border: 1px solid #e3e3e3;
  padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
table.audit-coverage td.claim { min-width: 22rem; }
table.audit-coverage td.count { white-space: nowrap; color: #555; }
table.audit-outlets { border-collapse: collapse; font-size: 0.9em; width: 100%; }
table.audit-outlets th, table.audit-outlets td { border-bottom: 1px solid #e3e3e3;
  padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
table.audit-outlets td.outlet { font-weight: 600; white-space: nowrap; }
ul.audit-outlets { font-size: 0.9em; }
.audit-evidence-box { max-height: 30rem; overflow-y: auto; border: 1px solid #e3e3e3; }
table.audit-evidence { border-collapse: collapse; font-size: 0.85em; width: 100%; }
table.audit-evidence th { position: sticky; top: 0; background: #fafafa; text-align: left;
  padding: 0.25rem 0.4rem; border-bottom: 2px solid #ddd; }
table.audit-evidence td { border-bottom: 1px solid #eee; padding: 0.2rem 0.4rem;
  vertical-align: top; }
table.audit-evidence { table-layout: fixed; }
table.audit-evidence th:nth-child(1) { width: 7%; }
table.audit-evidence th:nth-child(2) { width: 11%; }
table.audit-evidence th:nth-child(3) { width: 13%; }
table.audit-evidence th:nth-child(4) { width: 40%; }
table.audit-evidence th:nth-child(5) { width: 16%; }
table.audit-evidence th:nth-child(6) { width: 5%; }
table.audit-evidence th:nth-child(7) { width: 8%; }
table.audit-evidence td:nth-child(5) { font-size: 0.9em; color: #555; overflow-wrap: anywhere; }
table.audit-evidence details { font-size: 0.85em; color: #666; overflow-wrap: anywhere; }
td.cov-reported { background: #d3f9d8; }
td.cov-partly { background: #fff3bf; }
td.cov-left-out { background: #ffc9c9; font-weight: 600; }
td.cov-not-covered { background: #f8f9fa; color: #999; }
table.audit-bars { border-collapse: collapse; width: 100%; font-size: 0.85em;
  margin: 0.3rem 0 0.8rem; }
table.audit-bars caption { caption-side: bottom; text-align: center; color: #555; }
table.audit-bars th { text-align: right; font-weight: 400; padding: 0.15rem 0.5rem 0.15rem 0;
  white-space: nowrap; width: 1%; }
table.audit-bars td.track { position: relative; height: 1.3rem; padding: 0; }
table.audit-bars td.value { width: 4rem; padding-left: 0.4rem; color: #555; }
table.audit-bars .bar { position: absolute; top: 0.15rem; bottom: 0.15rem; background: #4c78a8; }
table.audit-bars .zero { position: absolute; top: 0; bottom: 0; border-left: 1px solid #999; }
.audit-legend .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.25rem;
  vertical-align: middle; border: 1px solid #ccc; }
table.audit-heatmap { border-collapse: collapse; font-size: 0.75em; }
table.audit-heatmap th.source { padding: 0 0.4rem 0.2rem; font-weight: 600; white-space: nowrap; }
table.audit-heatmap th.unit { text-align: right; font-weight: 400; padding: 0 0.4rem; color: #555; }
table.audit-heatmap td { min-width: 4.5rem; height: 12px; border: 1px solid #fff; }
{coverage}
</style>
""".replace("{evidence}", _EVIDENCE_CSS).replace("{coverage}", _COVERAGE_CSS)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a text (offsets relative to that text) to wrap in <mark class=tag>."""

    start: int
    end: int
    tag: str
    title: str = ""


def escape(text: str) -> str:
    return html.escape(text, quote=True)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Text that Streamlit's markdown shows literally: every markdown character backslashed,
    so a source named "[x](http://...)" is shown as typed, not as a link."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """`text` escaped, with each mark wrapped in <mark>; overlapping marks after the first are
    dropped so the markup stays well-formed."""
    out, cursor = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = max(mark.start, cursor), min(mark.end, len(text))
        if start >= end:
            continue
        out.append(escape(text[cursor:start]))
        title = f' title="{escape(mark.title)}"' if mark.title else ""
        out.append(f'<mark class="{escape(mark.tag)}"{title}>{escape(text[start:end])}</mark>')
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def paragraph_block(
    body_html: str,
    *,
    css: Sequence[str] = (),
    flag: str = "",
    data: Mapping[str, str] | None = None,
) -> str:
    """A paragraph card: `body_html` must already be escaped (from `highlight` or `escape`);
    `data` become `data-*` attributes (names and values escaped)."""
    classes = " ".join(["audit-para", *css])
    badge = f'<span class="audit-flag">{escape(flag)}</span>' if flag else ""
    attrs = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in (data or {}).items())
    return f'<div class="{escape(classes)}"{attrs}>{body_html}{badge}</div>'


def records_html(
    summary: str, records: Sequence[Mapping[str, object]], columns: Sequence[str]
) -> str:
    """Rows (`columns` of each record) as an escaped HTML table in a closed <details> headed by
    `summary`: a few rows read with no interactive grid to draw on every rerun."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
        for r in records
    )
    return (
        f'<details class="audit-records"><summary>{escape(summary)}</summary>'
        f'<div class="audit-scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )


def legend(items: Iterable[tuple[str, str]], *, title: str) -> str:
    """A legend: each (CSS class of a <mark>, what it means), escaped."""
    entries = "".join(
        f'<span class="audit-legend-item"><mark class="{escape(css)}">{escape(words)}</mark></span>'
        for css, words in items
    )
    return f'<div class="audit-legend"><b>{escape(title)}</b> {entries}</div>'
