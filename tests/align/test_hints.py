""" "Possibly the same claim" hints (`align.hints`): unlinked pairs of two sources whose surest
sentence pair reaches the same-claim probability, reported apart from the links."""

from __future__ import annotations

import numpy as np

from audit.align.hints import claim_hints
from audit.align.passages import PairScores, Passage
from audit.align.probability import FEATURES
from audit.align.stage import align_story
from audit.config import AlignConfig
from audit.report.rows import HINT_COLUMNS, hint_rows
from tests.align.align_support import bundled, small_story

CONFIG = AlignConfig()

# Written for this test: the same claim (May and Trump will meet) in words that share little.
FIRST = (
    "Downing Street confirmed that May would hold talks with Trump during his visit in July.\n\n"
    "Protesters plan to gather in central London when he arrives."
)
SECOND = (
    "The prime minister's office confirmed that May and Trump would meet in private, but gave "
    "no details of the agenda for the president's trip.\n\n"
    "Thousands of demonstrators are expected in the capital."
)


def test_an_unlinked_paraphrase_is_a_hint_not_a_link() -> None:
    s = small_story([FIRST, SECOND])
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    assert not [link for link in aligned.links if link.kind == "content"]
    assert [(h.para_a, h.para_b) for h in aligned.hints] == [("000_test:p000", "001_test:p000")]
    hint = aligned.hints[0]
    assert hint.score < CONFIG.claim_threshold
    assert hint.probability >= CONFIG.claim_probability_threshold
    assert hint.signals and all("=" in signal for signal in hint.signals)
    text = s.article("000_test").text
    assert text[hint.claim_a.start : hint.claim_a.end].startswith("Downing Street confirmed")
    rows = hint_rows(aligned)
    assert [tuple(row) for row in rows] == [HINT_COLUMNS]
    assert rows[0]["source_a"] == "Outlet A" and rows[0]["hint_id"] == "H00001"


def test_one_source_gives_no_hints() -> None:
    s = small_story([FIRST, SECOND], sources=["Outlet A", "Outlet A"])
    assert align_story(s.paragraphs, s.sources, CONFIG).hints == ()


def test_hints_are_never_links_and_point_into_their_paragraphs() -> None:
    s = small_story([FIRST, SECOND, SECOND.replace("May and Trump", "the two leaders")])
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    assert aligned.hints  # the checks below run on real hints
    linked = {frozenset((link.para_a, link.para_b)) for link in aligned.links}
    by_id = {p.para_id: p for p in s.paragraphs}
    for hint in aligned.hints:
        assert frozenset((hint.para_a, hint.para_b)) not in linked
        assert s.sources[hint.article_a] != s.sources[hint.article_b]
        for para_id, span in ((hint.para_a, hint.claim_a), (hint.para_b, hint.claim_b)):
            para = by_id[para_id]
            assert para.is_content and para.start <= span.start < span.end <= para.end


def test_the_bundled_story_has_no_hints() -> None:
    # its unlinked pairs stay under 0.6 (same topic, not same claim)
    s = bundled()
    assert align_story(s.paragraphs, s.sources, CONFIG).hints == ()


def test_hints_are_capped_per_paragraph() -> None:
    # three paragraphs of three sources, every pair unlinked and probable: with a cap of one,
    # a hint stays when it is the most probable of one of its two paragraphs
    s = small_story([FIRST, SECOND, SECOND.replace("May and Trump", "the two leaders")])
    content = tuple(p for p in s.paragraphs if p.index == 0)
    passages = tuple(Passage(i, p.start, p.end, whole=True) for i, p in enumerate(content))
    scored = PairScores(
        passages=passages,
        vectors=None,  # type: ignore[arg-type]  # not read by the hints
        para_a=np.array([0, 0, 1]),
        para_b=np.array([1, 2, 2]),
        score=np.array([0.1, 0.1, 0.1]),
        evidence=np.array([[0, 1], [0, 2], [1, 2]]),
        probability=np.array([0.9, 0.8, 0.7]),
        claim_evidence=np.array([[0, 1], [0, 2], [1, 2]]),
        features=np.zeros((3, len(FEATURES))),
    )
    capped = claim_hints(content, s.sources, scored, CONFIG, limit=1)
    assert [(h.para_a[:3], h.para_b[:3]) for h in capped] == [("000", "001"), ("000", "002")]
    assert len(claim_hints(content, s.sources, scored, CONFIG, limit=10)) == 3
    linked = PairScores(**{**{f: getattr(scored, f) for f in PairScores.__slots__},
                           "score": np.array([0.1, 0.3, 0.1])})  # fmt: skip
    assert len(claim_hints(content, s.sources, linked, CONFIG, limit=10)) == 2
