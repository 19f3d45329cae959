from hypothesis import given
from hypothesis import strategies as st

from audit.model import Span
from audit.text.spans import covered_by, last_char_before, word_after, word_before

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda s: Span(s[0], s[0] + s[1]))
)


@given(spans, st.lists(st.integers(-5, 90)))
def test_covered_by_agrees_with_the_plain_scan(found: list[Span], offsets: list[int]) -> None:
    inside = covered_by(found)
    for at in offsets:
        assert inside(at) == any(s.start <= at < s.end for s in found)


def test_nested_and_empty_spans() -> None:
    inside = covered_by([Span(0, 10), Span(2, 3), Span(5, 5)])
    assert inside(0) and inside(4) and inside(9)
    assert not inside(10) and not inside(-1)
    assert not covered_by([])(0)


@given(st.text(alphabet=" \u00a0\n\t\"'(ab.C\u201c"), st.integers(0, 40))
def test_words_around_a_place_agree_with_split_and_strip(text: str, at: int) -> None:
    at = min(at, len(text))
    assert word_before(text, at) == (text[:at].split() or [""])[-1]
    assert word_after(text, at) == (text[at:].split() or [""])[0]
    assert last_char_before(text, at, " \"'(") == text[:at].rstrip(" \"'(")[-1:]
