"""The classes of word differences (`audit.align.diffkinds`), with the attribution words passed
in; the `kind` the alignment stage puts on every diff run (`DiffSpan.kind`, diffs.csv's `kind`
in `report.rows.diff_rows`), checked against classing every word with `word_changes`. The app's
wrapper, with the framing lexicons' words, is tested in tests/app/test_diffkinds.py."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.diffkinds import DiffKind, most_telling, word_changes
from audit.align.diffs import DiffOp, word_diff
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
    rows = diff_rows(aligned)
    assert rows
    kinds = {str(k) for k in DiffKind}
    for row in rows:
        assert (row["kind"] == "") == (row["op"] == "equal")
        assert row["op"] == "equal" or row["kind"] in kinds
    by_text = {row["text"]: row["kind"] for row in rows}
    assert by_text.get("30,000") == "number" and by_text.get("26,000") == "number"


# Words that exercise every class: names, numbers, dates, attribution, plain words, sentence ends.
_WORDS = (
    "Macron Starmer officials said told 30,000 26,000 thousands April Friday 2025 troops "
    "peacekeepers force forces council councillors the a to of in. would send plan."
).split()
_ATTRIBUTION = frozenset({"said", "told", "officials"})


def reference_kinds(a: Paragraph, b: Paragraph) -> list[str]:
    """Each run's class by classing every changed word of its side (`word_changes`, as the app
    does) and taking the most telling word inside the run: what diffs.csv did before the kinds
    were set where the diff is made."""
    changes = {
        "a": word_changes(a, b, _ATTRIBUTION),
        "b": word_changes(b, a, _ATTRIBUTION),
    }
    kinds = []
    for span in word_diff("L1", a, b):
        if span.op is DiffOp.EQUAL:
            kinds.append("")
            continue
        inside = [c.kind for c in changes[span.side] if span.start <= c.token.start < span.end]
        kinds.append(most_telling(inside).value)
    return kinds


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=40), st.lists(st.sampled_from(_WORDS), max_size=40)
)
def test_run_kinds_agree_with_classing_every_word(words_a: list[str], words_b: list[str]) -> None:
    a, b = para(" ".join(words_a)), para(" ".join(words_b), "b:p000")
    spans = word_diff("L1", a, b, attribution=_ATTRIBUTION)
    assert [span.kind.value if span.kind else "" for span in spans] == reference_kinds(a, b)


def test_a_long_rewritten_stretch_is_rewording_and_a_short_swap_is_not() -> None:
    long_clause = " ".join(f"word{i}" for i in range(40))
    mine = para(f"The force would have 30,000 troops. {long_clause} end.")
    other = para("The force would have 26,000 troops. Nothing else end.", "b:p000")
    kinds = {s.text: s.kind for s in word_diff("L1", mine, other) if s.op is not DiffOp.EQUAL}
    assert kinds["30,000"] is DiffKind.NUMBER
    assert kinds[long_clause] is DiffKind.REWORDING


def test_the_stretch_lengths_come_from_the_config() -> None:
    mine = para("The force would send troops to Kyiv.")
    other = para("The force would send peacekeepers to Kyiv.", "b:p000")
    assert {c.token.text: c.kind for c in word_changes(mine, other)} == {
        "troops": DiffKind.SUBSTITUTION
    }
    strict = AlignConfig(diff_substitution_max_words=0)
    assert [c.kind for c in word_changes(mine, other, config=strict)] == [DiffKind.REWORDING]
    runs = [s for s in word_diff("L1", mine, other, config=strict) if s.op is not DiffOp.EQUAL]
    assert {s.kind for s in runs} == {DiffKind.REWORDING}
    mine = para("The force would have 30,000 troops.")
    other = para("The force would have 26,000 troops.", "b:p000")
    assert [c.kind for c in word_changes(mine, other)] == [DiffKind.NUMBER]
    none = AlignConfig(diff_kind_max_words=0)
    assert [c.kind for c in word_changes(mine, other, config=none)] == [DiffKind.REWORDING]
