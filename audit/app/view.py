"""HTML fragments for the app, built from untrusted article text: every character of text is
escaped here, so the app can hand these fragments to Streamlit as HTML safely."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# One style per tag; the app's CSS is part of this module so the markup and its look stay together.
STYLE = """
<style>
.audit-para { padding: 0.4rem 0.6rem; margin: 0.25rem 0; border-radius: 0.3rem;
  border-left: 3px solid #c8c8c8; line-height: 1.45; }
.audit-para.heading { font-weight: 600; border-left-color: #7a7a7a; }
.audit-para.boilerplate, .audit-para.duplicate { color: #777; background: #f3f3f3;
  border-left-color: #bbb; font-size: 0.85em; }
.audit-para.gap { color: #a33; background: #fff4f4; border-left: 3px dashed #d88;
  font-style: italic; }
.audit-para.unique { border-left-color: #8a5cd1; background: #f7f2ff; }
.audit-flag { font-size: 0.75em; color: #555; background: #e8e8e8; border-radius: 0.2rem;
  padding: 0 0.3rem; margin-left: 0.3rem; }
mark.only-here { background: #ffd8a8; border-radius: 0.15rem; }
details.audit-link { font-size: 0.78em; color: #555; margin-top: 0.2rem; }
details.audit-link pre { white-space: pre-wrap; font-size: 0.95em; margin: 0.2rem 0; }
mark.only-a { background: #ffd8a8; }
mark.only-b { background: #b2f2bb; }
mark.equal { background: none; }
mark.evidence { background: #ffec99; }
</style>
"""


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


def paragraph_block(body_html: str, *, css: Sequence[str] = (), flag: str = "") -> str:
    """A paragraph card: `body_html` must already be escaped (from `highlight` or `escape`)."""
    classes = " ".join(["audit-para", *css])
    badge = f'<span class="audit-flag">{escape(flag)}</span>' if flag else ""
    return f'<div class="{escape(classes)}">{body_html}{badge}</div>'
