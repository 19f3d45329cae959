from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from audit.app.view import Mark, escape, highlight, paragraph_block, plain, records_html

HOSTILE = '<script>alert("x")</script> and <img src=x onerror="alert(1)"> & more'


def test_hostile_text_is_shown_as_text() -> None:
    rendered = highlight(HOSTILE, [Mark(0, 8, "only-a", title='"><script>')])
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img src=x onerror=" in rendered
    assert 'title="&quot;&gt;&lt;script&gt;"' in rendered


def test_marks_wrap_exactly_their_spans() -> None:
    text = "Kyiv said no. Kiev said yes."
    rendered = highlight(text, [Mark(14, 18, "only-b"), Mark(0, 4, "only-a")])
    assert rendered == (
        '<mark class="only-a">Kyiv</mark> said no. <mark class="only-b">Kiev</mark> said yes.'
    )


def test_paragraph_block_escapes_its_flag() -> None:
    block = paragraph_block(escape(HOSTILE), css=["duplicate"], flag="<b>repeat</b>")
    assert "<b>" not in block and "&lt;b&gt;repeat" in block


@given(st.text(), st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=6))
def test_highlight_shows_all_text_and_only_mark_tags(text: str, spans) -> None:
    marks = [Mark(min(a, b), max(a, b), "evidence") for a, b in spans]
    rendered = highlight(text, marks)
    tags = re.findall(r"<[^>]*>", rendered)
    assert all(t in ('<mark class="evidence">', "</mark>") for t in tags)
    plain = re.sub(r"<[^>]*>", "", rendered)
    assert plain == escape(text)


def test_plain_text_has_no_live_markdown() -> None:
    shown = plain("[click](http://evil.example) **bold** <b>x</b> #tag")
    assert re.search(r"(?<!\\)[\[\]()*<>#]", shown) is None


def test_records_are_an_escaped_table_in_a_closed_detail() -> None:
    rows = [{"source": "<b>A</b>", "text": '<script>alert("x")</script>', "extra": 1}]
    html = records_html("Flagged <2>", rows, ["source", "text"])
    assert html.startswith('<details class="audit-records"><summary>Flagged &lt;2&gt;</summary>')
    assert "<script>" not in html and "<b>A</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.count("<th>") == 2 and "extra" not in html  # only the columns asked for
    assert "<details open" not in html
