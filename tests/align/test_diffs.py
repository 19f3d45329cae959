from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.diffs import DiffOp, paragraph_words, shared_word_share, word_diff
from audit.align.diffwords import matching_words
from audit.model import Paragraph
from audit.text.similarity import matching_blocks


def paragraph(article_id: str, text: str, start: int = 0) -> Paragraph:
    return Paragraph(f"{article_id}:p000", article_id, 0, start, start + len(text), text)


def test_changed_number_is_only_in_each_side() -> None:
    a = paragraph("a", "The force would have 30,000 troops in Ukraine.")
    b = paragraph("b", "The force would have 26,000 troops in Ukraine.")
    diff = word_diff("L1", a, b)
    only_a = [t.text for t in diff if t.op is DiffOp.ONLY_A]
    only_b = [t.text for t in diff if t.op is DiffOp.ONLY_B]
    assert only_a == ["30,000"] and only_b == ["26,000"]
    assert all(t.side == "a" for t in diff if t.op is DiffOp.ONLY_A)
    assert 0.8 < shared_word_share(diff) < 1.0


def test_added_words_and_case_or_quote_changes() -> None:
    a = paragraph("a", "Zelensky’s allies met in Paris.")
    b = paragraph("b", "ZELENSKY'S allies met on Monday in Paris.")
    diff = word_diff("L1", a, b)
    assert [t.text for t in diff if t.op is DiffOp.ONLY_B] == ["on Monday"]
    assert not [t for t in diff if t.op is DiffOp.ONLY_A]


def test_offsets_point_into_the_article_text() -> None:
    article_a = "Headline\n\nThe force would have 30,000 troops."
    article_b = "Intro.\n\nTroops: 30,000, the force would have."
    a = paragraph("a", article_a[10:], start=10)
    b = paragraph("b", article_b[8:], start=8)
    for token in word_diff("L1", a, b):
        article = article_a if token.side == "a" else article_b
        assert article[token.start : token.end] == token.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=150), st.text(max_size=150), st.integers(0, 50), st.integers(0, 50))
def test_diff_tokens_round_trip_and_cover_every_word(
    a_text: str, b_text: str, pad_a: int, pad_b: int
) -> None:
    article_a = "x" * pad_a + a_text
    article_b = "y" * pad_b + b_text
    a = paragraph("a", a_text, start=pad_a)
    b = paragraph("b", b_text, start=pad_b)
    diff = word_diff("L1", a, b)
    for token in diff:
        article = article_a if token.side == "a" else article_b
        assert article[token.start : token.end] == token.text
        assert token.n_words >= 1
    side_a = [t for t in diff if t.side == "a"]
    side_b = [t for t in diff if t.side == "b"]
    assert [t.start for t in side_a] == sorted(t.start for t in side_a)
    # equal words pair up one to one, and every word of each side is in exactly one run
    equal_a = sum(t.n_words for t in side_a if t.op is DiffOp.EQUAL)
    assert equal_a == sum(t.n_words for t in side_b if t.op is DiffOp.EQUAL)
    assert sum(t.n_words for t in side_a) == len(paragraph_words(a).tokens)
    assert sum(t.n_words for t in side_b) == len(paragraph_words(b).tokens)
    assert word_diff("L1", a, b) == diff


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from("a b c d e the of said 30 Kyiv".split()), max_size=60),
    st.lists(st.sampled_from("a b c d f the to said 26 Kiev".split()), max_size=60),
)
def test_words_compared_by_number_give_the_runs_of_their_keys(
    words_a: list[str], words_b: list[str]
) -> None:
    a, b = paragraph("a", " ".join(words_a)), paragraph("b", " ".join(words_b))
    numbering: dict[str, int] = {}
    numbered = paragraph_words(a, None, numbering), paragraph_words(b, None, numbering)
    apart = paragraph_words(a), paragraph_words(b)  # two numberings: compared by their keys
    assert matching_words(*numbered) == matching_blocks(numbered[0].keys, numbered[1].keys)
    assert matching_words(*numbered[::-1]) == matching_blocks(numbered[1].keys, numbered[0].keys)
    assert matching_words(*apart) == matching_words(*numbered)
