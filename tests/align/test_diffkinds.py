"""The classes of word differences (`audit.align.diffkinds`), with the attribution words passed
in, and the `kind` of every diffs.csv run (`report.rows.diff_rows`). The app's wrapper, with the
framing lexicons' words, is tested in tests/app/test_diffkinds.py."""

from __future__ import annotations

from audit.align.diffkinds import DiffKind, word_changes
from audit.align.stage import align_story
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.report.rows import diff_rows
from tests.align.align_support import small_story


def para(text: str, pid: str = "a:p000") -> Paragraph:
    return Paragraph(pid, pid.split(":")[0], 0, 0, len(text), text)


def test_attribution_is_what_the_caller_says_attributes() -> None:
    mine = para("Officials said 30,000 troops would go.")
    other = para("Macron said 30,000 troops would go.", "b:p000")
    without = {c.token.text: c.kind for c in word_changes(mine, other)}
    with_words = {c.token.text: c.kind for c in word_changes(mine, other, frozenset({"officials"}))}
    assert without["Officials"] is not DiffKind.ATTRIBUTION
    assert with_words["Officials"] is DiffKind.ATTRIBUTION


def test_every_diff_run_has_a_kind_and_equal_runs_none() -> None:
    s = small_story(
        [
            "Britain and France plan to send 30,000 troops to Ukraine, officials said on Friday.",
            "Britain and France plan to send 26,000 troops to Ukraine, Macron said on Thursday.",
        ]
    )
    aligned = align_story(s.paragraphs, s.sources, AlignConfig())
    rows = diff_rows(aligned, {p.para_id: p for p in s.paragraphs})
    assert rows
    kinds = {str(k) for k in DiffKind}
    for row in rows:
        assert (row["kind"] == "") == (row["op"] == "equal")
        assert row["op"] == "equal" or row["kind"] in kinds
    by_text = {row["text"]: row["kind"] for row in rows}
    assert by_text.get("30,000") == "number" and by_text.get("26,000") == "number"
    assert all(row["kind"] == "" for row in diff_rows(aligned))  # no paragraphs: no classes
