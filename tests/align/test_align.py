from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.paragraphs import align_paragraphs, explain
from audit.align.stage import align_story
from audit.align.terms import passage_terms
from audit.compare.stage import compare_story
from audit.config import AlignConfig
from audit.model import ParaKind
from audit.report.rows import (
    DIFF_COLUMNS,
    FACT_COLUMNS,
    LINK_COLUMNS,
    OMISSION_COLUMNS,
    UNIT_COLUMNS,
    diff_rows,
    fact_rows,
    link_rows,
    omission_rows,
    unit_rows,
)
from tests.align.align_support import bundled, small_story

CONFIG = AlignConfig()

OUTLET_A = (
    "Britain and France are developing a plan to deploy up to 30,000 European "
    "peacekeepers in Ukraine if Moscow and Kyiv reach a ceasefire deal, officials "
    "said. The plan would need an American backstop to protect the troops.\n\n"
    "Drones and satellites would monitor the front line to see whether Russia abides "
    "by the ceasefire.\n\n"
    "The chancellor of Germany said Berlin would decide at the appropriate time."
)

# Outlet B splits A's first paragraph in two, reorders, and adds an unrelated paragraph.
OUTLET_B = (
    "Satellites and drones would watch the front line to check whether Russia abides "
    "by any ceasefire.\n\n"
    "Up to 30,000 European peacekeepers could be deployed in Ukraine under the plan "
    "Britain and France are developing for a ceasefire deal, officials said.\n\n"
    "The troops would need an American backstop to protect them, according to the "
    "plan.\n\n"
    "A rocket strike killed two aid workers clearing mines in the north on Thursday."
)


def story():
    return small_story([OUTLET_A, OUTLET_B])


def test_split_paragraphs_link_to_the_paragraph_they_came_from() -> None:
    s = story()
    aligned = align_paragraphs(s.paragraphs, s.sources, CONFIG)
    pairs = {(link.para_a, link.para_b) for link in aligned.links}
    assert ("000_test:p000", "001_test:p001") in pairs  # the 30,000 peacekeepers
    assert ("000_test:p000", "001_test:p002") in pairs  # the backstop, split off
    assert ("000_test:p001", "001_test:p000") in pairs  # drones, reordered
    assert all(
        link.para_a.startswith("000") and link.para_b.startswith("001") for link in aligned.links
    )


def test_every_content_paragraph_is_in_exactly_one_unit() -> None:
    s = story()
    aligned = align_paragraphs(s.paragraphs, s.sources, CONFIG)
    members = [m.para_id for unit in aligned.units for m in unit.members]
    assert sorted(members) == sorted(p.para_id for p in s.paragraphs if p.is_content)
    unit_of = {m.para_id: u for u in aligned.units for m in u.members}
    assert unit_of["000_test:p000"].unit_id == unit_of["001_test:p001"].unit_id
    assert unit_of["001_test:p003"].sources == ("Outlet B",)  # the rocket strike: B alone
    for unit in aligned.units:
        for member in unit.members:
            assert 0.0 <= member.score <= 1.0


def test_links_explain_themselves() -> None:
    s = story()
    aligned = align_paragraphs(s.paragraphs, s.sources, CONFIG)
    link = next(link for link in aligned.links if link.para_b == "001_test:p001")
    assert "30,000" in link.shared and "peacekeepers" in link.shared
    assert "backstop" in link.only_a  # A's paragraph also carries the backstop sentence
    assert 0.0 < link.score <= 1.0
    text_a = s.article("000_test").text
    assert "30,000" in text_a[link.evidence_a.start : link.evidence_a.end]


def test_explain_lists_shared_and_one_sided_terms_by_weight() -> None:
    a = passage_terms("Officials say Britain plans 30,000 troops for Ukraine.")
    b = passage_terms("Officials say France plans 30,000 troops for Kyiv.")
    weights = {"number:30000": 5.0, "name:britain": 2.0}
    shared, only_a, only_b = explain(a, b, weights, limit=10)
    assert shared[0] == "30,000"
    assert set(shared) == {"30,000", "Officials", "plans", "troops"}
    assert only_a[0] == "Britain" and set(only_a) == {"Britain", "Ukraine"}
    assert set(only_b) == {"France", "Kyiv"}


def test_alignment_is_deterministic() -> None:
    first = align_story(story().paragraphs, story().sources, CONFIG)
    second = align_story(story().paragraphs, story().sources, CONFIG)
    assert first == second
    assert link_rows(first) == link_rows(second)


def test_row_blocks_do_not_change_the_result() -> None:
    # The candidate matrix is computed in row blocks to bound memory; the block size must not
    # change which pairs are found (the fast path agrees with the one-block reference).
    s = bundled()
    whole = align_paragraphs(s.paragraphs, s.sources, CONFIG)
    blocked = align_paragraphs(s.paragraphs, s.sources, dataclasses.replace(CONFIG, block_rows=7))
    assert whole == blocked


def test_only_content_paragraphs_of_the_bundled_story_are_aligned() -> None:
    s = bundled()
    kinds = {p.para_id: p.kind for p in s.paragraphs}
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    for link in aligned.links:
        assert link.article_a != link.article_b
        if link.kind == "content":
            assert kinds[link.para_a] is ParaKind.CONTENT
            assert kinds[link.para_b] is ParaKind.CONTENT
        else:  # 001's headline (its opening heading) against another headline or a lede
            assert link.para_a == "001_fd6d86b949d7339a:p000"
            assert kinds[link.para_b] is ParaKind.CONTENT
    members = {m.para_id for u in aligned.units for m in u.members}
    assert "003_ea6e86400e16b78a:p012" not in members  # 003's second copy of its body
    assert all(kinds[p] is ParaKind.CONTENT for p in members)


def test_the_bundled_story_links_the_tens_of_thousands_of_troops() -> None:
    # 000, 001 and 003 each say that tens of thousands of troops would be needed: all three
    # pairs are links. 003:p009 also reports that Macron and Starmer back a European-led force,
    # and a paragraph is in one unit only: it goes with the stronger of its claims' groups.
    s = bundled()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    pairs = {frozenset((link.para_a, link.para_b)) for link in aligned.links}
    thousands = ("000_2454bc97f983af98:p004", "001_fd6d86b949d7339a:p020",
                 "003_ea6e86400e16b78a:p009")  # fmt: skip
    for i, a in enumerate(thousands):
        for b in thousands[i + 1 :]:
            assert frozenset((a, b)) in pairs
    unit = next(u for u in aligned.units if any(m.para_id == thousands[0] for m in u.members))
    assert {"Outlet A", "Outlet B"} <= set(unit.sources)
    assert "tens" in unit.label and "thousands" in unit.label


def test_units_do_not_chain_into_one() -> None:
    s = bundled()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    assert max(len(u.members) for u in aligned.units) <= 6


def test_rows_have_the_declared_columns() -> None:
    s = story()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    compared = compare_story(s.paragraphs, aligned, CONFIG)
    for rows, columns in (
        (unit_rows(aligned), UNIT_COLUMNS),
        (link_rows(aligned), LINK_COLUMNS),
        (diff_rows(aligned), DIFF_COLUMNS),
        (omission_rows(compared), OMISSION_COLUMNS),
        (fact_rows(compared, aligned), FACT_COLUMNS),
    ):
        assert rows
        assert all(tuple(row) == columns for row in rows)


def test_no_content_no_crash() -> None:
    s = small_story(["Advertisement", ""])
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    assert aligned.links == ()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=4))
def test_arbitrary_unicode_stories_align_without_crashing(texts: list[str]) -> None:
    s = small_story(texts)
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    for link in aligned.links:
        assert 0.0 <= link.score <= 1.0
    assert len({u.unit_id for u in aligned.units}) == len(aligned.units)


def test_diffs_cover_exactly_the_links_inside_a_unit() -> None:
    # Links that average linkage left between two units get no word diff (nothing shows them
    # side by side); every link inside a unit gets one, on both sides.
    s = bundled()
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    unit_of = {m.para_id: u.unit_id for u in aligned.units for m in u.members}
    content = [link for link in aligned.links if link.kind == "content"]
    inside = {link.link_id for link in content if unit_of[link.para_a] == unit_of[link.para_b]}
    assert inside and len(inside) < len(content)  # the bundled story has both kinds
    assert {(span.link_id, span.side) for span in aligned.diffs} == {
        (link_id, side) for link_id in inside for side in "ab"
    }
    for row in link_rows(aligned):
        assert (row["unit_id"] != "") == (row["link_id"] in inside)


def test_links_are_capped_to_the_strongest_of_either_paragraph() -> None:
    import numpy as np

    from audit.align.paragraphs import strongest_per_paragraph

    # paragraph 0 is linked to 1, 2, 3 (scores 0.9, 0.5, 0.7); 2-3 are linked at 0.2
    para_a = np.array([0, 0, 0, 2])
    para_b = np.array([1, 2, 3, 3])
    score = np.array([0.9, 0.5, 0.7, 0.2])
    accepted = np.arange(4)
    kept = strongest_per_paragraph(para_a, para_b, score, accepted, 1)
    # 0 keeps 0-1; 1 keeps 0-1; 2 keeps its strongest, 0-2 (0.5); 3 keeps 0-3 (0.7)
    assert kept.tolist() == [0, 1, 2]
    assert strongest_per_paragraph(para_a, para_b, score, accepted, 0).tolist() == [0, 1, 2, 3]
    assert strongest_per_paragraph(para_a, para_b, score, accepted, 2).tolist() == [0, 1, 2, 3]


def test_candidates_are_capped_to_the_highest_cosines_of_each_passage() -> None:
    import numpy as np

    from audit.align.passages import _top_per_row

    rows = np.array([0, 0, 0, 1, 1])
    cols = np.array([5, 6, 7, 5, 6])
    values = np.array([0.2, 0.9, 0.5, 0.3, 0.3])
    assert _top_per_row(rows, cols, values, 2).tolist() == [1, 2, 3, 4]
    assert _top_per_row(rows, cols, values, 1).tolist() == [1, 3]  # tie: the lower column
    assert _top_per_row(rows, cols, values, 0).tolist() == [0, 1, 2, 3, 4]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(3, 9),
            st.integers(0, 9),
            # ties, and values close enough to share a bin of the floor histogram
            st.one_of(st.sampled_from([0.1, 0.2, 0.5, 0.9]), st.floats(0.1, 1.0)),
        ),
        max_size=60,
    ),
    st.integers(0, 4),
)
def test_top_per_row_equals_sorting_every_row(
    entries: list[tuple[int, int, float]], limit: int
) -> None:
    import numpy as np

    from audit.align.passages import _top_per_row

    rows = np.array([r for r, _, _ in entries], dtype=np.int64)
    cols = np.array([c for _, c, _ in entries], dtype=np.int64)
    values = np.array([v for *_, v in entries])
    kept = []
    for row in set(rows.tolist()):
        mine = [i for i in range(rows.size) if rows[i] == row]
        mine.sort(key=lambda i: (-values[i], cols[i]))
        kept += mine[:limit] if limit else mine
    assert _top_per_row(rows, cols, values, limit).tolist() == sorted(kept)


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        ([0.0, 0.0, 5e-324], "float64"),  # a spread whose bin scale overflows
        ([3e38, -3e38, 0.0], "float32"),  # a float32 spread that overflows
        ([0.2, float("inf"), 0.9], "float64"),
        ([0.2, float("nan"), 0.9], "float64"),
    ],
)
def test_top_per_row_takes_values_no_histogram_can_bin(values: list[float], dtype: str) -> None:
    import numpy as np

    from audit.align.passages import _top_per_row

    rows, cols = np.zeros(3, dtype=np.int64), np.arange(3)
    kept = _top_per_row(rows, cols, np.array(values, dtype=dtype), 1).tolist()
    # as the exact sort orders them (lexsort puts NaN last)
    assert kept == [max(range(3), key=lambda i: (values[i] == values[i], values[i], -i))]


def test_candidates_skipping_earlier_articles_are_those_of_the_whole_product(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from audit.align import passages as module

    content = [p for p in bundled().paragraphs if p.is_content]
    config = AlignConfig(block_rows=16)  # many blocks, most starting mid-article
    found = module.content_passages(content)
    vectors = module.passage_vectors(content, found, config)
    articles = [p.article_id for p in content]
    fast = module._candidates(vectors, found, articles, config)
    assert module._later_articles(np.array([0, 0, 1, 2, 2])).tolist() == [2, 2, 3, 5, 5]
    assert module._later_articles(np.array([0, 1, 0])).tolist() == [0, 0, 0]  # out of order
    monkeypatch.setattr(module, "_later_articles", lambda codes: np.zeros(codes.size, np.int64))
    whole = module._candidates(vectors, found, articles, config)
    assert fast[0].size > 0
    assert all(np.array_equal(a, b) for a, b in zip(fast, whole, strict=True))
