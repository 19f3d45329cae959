from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.text.normalize import match_key, reference_tokens, tokens, word_count


def test_words_keep_inner_punctuation_and_drop_possessives() -> None:
    found = tokens("Ukraine’s 30,000 U.S. cease-fire", offset=5)
    assert [(t.text, t.norm, t.start) for t in found] == [
        ("Ukraine’s", "ukraine", 5),
        ("30,000", "30,000", 15),
        ("U.S", "u.s", 22),
        ("cease-fire", "cease-fire", 27),
    ]


def test_match_key_ignores_case_quotes_dashes_and_spacing() -> None:
    assert match_key("The “planning work” — continues") == match_key(
        'the "planning  work" - CONTINUES'
    )
    assert word_count("  one, two;three  ") == 3


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(0, 50))
def test_fast_tokens_equal_the_word_by_word_reference(text: str, offset: int) -> None:
    assert tokens(text, offset) == reference_tokens(text, offset)


@given(st.text(), st.integers(0, 50))
def test_token_offsets_round_trip(text: str, offset: int) -> None:
    for token in tokens(text, offset):
        assert text[token.start - offset : token.end - offset] == token.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)), st.sampled_from(["\ufb01", "ß", "Å"]))
def test_mostly_ascii_text_with_one_unfolded_character_equals_the_reference(
    text: str, odd: str
) -> None:
    mixed = f"{text} {odd}{text[:3]} Strasse's"  # sends the whole text word by word
    assert tokens(mixed, 7) == reference_tokens(mixed, 7)
