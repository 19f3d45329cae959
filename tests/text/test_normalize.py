from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.text import normalize
from audit.text.normalize import (
    match_key,
    reference_tokens,
    token_keys,
    tokens,
    word_count,
    word_starts,
)


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


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(0, 50))
def test_word_starts_are_the_starts_of_the_tokens(text: str, offset: int) -> None:
    assert word_starts(text, offset) == [t.start for t in tokens(text, offset)]


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=st.sampled_from(["a", "B", "s", "'", " ", "\u2019", "ß", "-"])))
def test_token_keys_are_the_norms_and_places_of_the_tokens(text: str) -> None:
    keys, spans = token_keys(text)
    found = tokens(text)
    assert keys == [t.norm for t in found]
    assert spans == [(t.start, t.end) for t in found]


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


_FOLDED = [chr(code) for code in normalize._CHAR_FOLDS]


@given(st.lists(st.sampled_from([*_FOLDED, "a", "Z", " ", "'", "-", "\u00e9"]) | st.text()))
def test_fold_chars_is_the_translation_table(pieces: list[str] | str) -> None:
    text = "".join(pieces)
    assert normalize.fold_chars(text) == text.translate(normalize._CHAR_FOLDS)


def test_folds_turn_non_ascii_characters_into_ascii_ones_that_fold_no_further() -> None:
    assert all(code > 127 for code in normalize._CHAR_FOLDS)  # ASCII text has nothing to fold
    for replacement in normalize._CHAR_FOLDS.values():
        assert replacement.isascii() and replacement == replacement.translate(normalize._CHAR_FOLDS)


def test_split_breaks_at_exactly_the_regex_spaces() -> None:
    """`match_key` joins `str.split` pieces where it had replaced `\\s+` runs: the same
    characters, every code point checked."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(space.fullmatch(char)) == char.isspace() == (len(f"a{char}a".split()) == 2)


@given(st.text())
def test_match_key_has_single_spaces_and_no_edges(text: str) -> None:
    key = match_key(text)
    assert key == re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", " ", normalize.fold(text))).strip()


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(0, 20))
def test_a_capped_word_count_is_the_count_up_to_the_cap(text: str, cap: int) -> None:
    assert word_count(text, at_most=cap) == min(word_count(text), cap)
