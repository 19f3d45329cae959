from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.claims import aligned_paragraphs, cut_claims
from audit.align.terms import corpus_terms
from tests.align.align_support import small_story

MIN_TERMS = 4


def claims_of(texts: list[str]):
    s = small_story(texts)
    paragraphs = aligned_paragraphs(s.paragraphs)
    terms = corpus_terms([p.text for p in paragraphs], [p.start for p in paragraphs])
    return paragraphs, cut_claims(paragraphs, terms, MIN_TERMS), s


def test_sentences_semicolon_clauses_and_short_sentences() -> None:
    text = (
        "Britain will send 5,000 troops to the Ukrainian border next spring; Germany will send "
        "armoured vehicles and air defence systems instead. The talks ended. France offered "
        "jets, pilots and training for the Ukrainian air force."
    )
    paragraphs, claims, _ = claims_of([text, "Another outlet."])
    mine = [text[c.start : c.end] for c in claims if paragraphs[c.para].article_id == "000_test"]
    assert mine == [
        "Britain will send 5,000 troops to the Ukrainian border next spring;",
        # the two-word sentence says too little alone: it joins the claim before it
        "Germany will send armoured vehicles and air defence systems instead. The talks ended.",
        "France offered jets, pilots and training for the Ukrainian air force.",
    ]


def test_a_headline_is_a_title_claim_and_later_headings_are_left_out() -> None:
    text = "Allies Pledge Troops For Ukraine\n\nLeaders met in Paris on Thursday.\n\nWhat Next"
    paragraphs, claims, _ = claims_of([text, "Leaders met."])
    titles = [c for c in claims if c.title]
    assert [paragraphs[c.para].text for c in titles] == ["Allies Pledge Troops For Ukraine"]
    assert all(p.text != "What Next" for p in paragraphs)
    lede = next(c for c in claims if not c.title and paragraphs[c.para].article_id == "000_test")
    assert lede.lede


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=160), min_size=1, max_size=3))
def test_claims_tile_their_paragraphs_in_order(texts: list[str]) -> None:
    paragraphs, claims, _ = claims_of(texts)
    by_para: dict[int, list] = {}
    for claim in claims:
        by_para.setdefault(claim.para, []).append(claim)
    for index, own in by_para.items():
        para = paragraphs[index]
        for claim in own:
            assert para.start <= claim.start < claim.end <= para.end
        for first, second in pairwise(own):
            assert first.end <= second.start
    assert set(by_para) == set(range(len(paragraphs)))  # every aligned paragraph has a claim
