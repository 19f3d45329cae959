from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.errors import AuditInputError
from audit.framing.lexicon import (
    LEXICON_NAMES,
    Lexicon,
    bundled_lexicon,
    find_matches,
    inflections,
    load_lexicons,
    parse_entry,
    parse_lexicon,
)
from audit.framing.stage import lexicons_for
from audit.ingest.settings import load_config


def lexicon(*lines: str) -> Lexicon:
    return parse_lexicon("test", "\n".join(lines), origin="test")


def found(text: str, lex: Lexicon) -> list[str]:
    return [m.text for m in find_matches(text, lex)]


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("claim", {"claim", "claims", "claimed", "claiming"}),
        ("deny", {"denies", "denied", "denying"}),
        ("admit", {"admits", "admitted", "admitting"}),
        ("concede", {"concedes", "conceded", "conceding"}),
        ("say", {"says", "said", "saying"}),
        ("tell", {"told"}),
    ],
)
def test_inflections_cover_regular_and_irregular_forms(word: str, forms: set[str]) -> None:
    assert forms <= inflections(word)


def test_function_words_are_not_inflected() -> None:
    # "it" -> "its" or "a" -> "as" would make phrases match the wrong words
    assert inflections("it") == {"it"}
    assert inflections("a") == {"a"}


def test_multiword_phrase_matches_with_offsets_into_the_text() -> None:
    text = "Officials, who spoke on condition of anonymity, said so."
    (match,) = find_matches(text, lexicon("on condition of anonymity"), offset=100)
    assert match.text == "on condition of anonymity"
    assert (match.start, match.end) == (100 + text.index("on condition"), 100 + text.index(",", 20))


def test_inflected_word_inside_a_phrase_matches() -> None:
    assert found("She is speaking on condition of anonymity.", lexicon("speak on condition")) == [
        "speaking on condition"
    ]


def test_longest_entry_wins_and_matches_do_not_overlap() -> None:
    lex = lexicon("remains unclear", "it remains to be seen", "remains to be seen")
    assert found("It remains to be seen whether it remains unclear.", lex) == [
        "It remains to be seen",
        "remains unclear",
    ]


def test_phrase_does_not_run_across_a_sentence_end() -> None:
    assert found("He spoke on. Condition of anonymity.", lexicon("on condition of anonymity")) == []


def test_matching_ignores_case_and_typographic_variants() -> None:
    assert found("SO‑CALLED experts", lexicon("so-called | exact")) == ["SO‑CALLED"]


def test_lower_option_skips_capitalised_words() -> None:
    lex = lexicon("may | lower")
    assert found("In May, talks may resume.", lex) == ["may"]


def test_verb_option_skips_nouns_after_determiners_and_prepositions() -> None:
    lex = lexicon("claim | verb", "state | verb")
    assert found("Trump backed off his claim. The Post claimed more.", lex) == ["claimed"]
    assert found("the secretary of state", lex) == []


def test_nounlike_option_skips_a_noun_two_words_after_a_determiner() -> None:
    lex = lexicon("report | verb, nounlike")
    assert found("following a Reuters report, the Post reported", lex) == ["reported"]


def test_exact_option_matches_only_the_written_form() -> None:
    assert found("They stated it; he states it.", lexicon("stated | exact")) == ["stated"]


def test_weight_option_is_kept() -> None:
    assert parse_entry("t", "noted | weight=0.5", origin="t").weight == 0.5


@pytest.mark.parametrize("line", ["| verb", "claim | shout", "claim | weight=2", "x | weight=a"])
def test_malformed_entries_are_input_errors(line: str) -> None:
    with pytest.raises(AuditInputError):
        parse_entry("t", line, origin="config")


def test_comments_and_blank_lines_are_skipped() -> None:
    lex = parse_lexicon("t", "# a source\n\nword  # trailing comment\n", origin="t")
    assert [e.phrase for e in lex.entries] == ["word"]


def test_user_can_add_and_remove_entries() -> None:
    lexicons = load_lexicons(add=["hedges: by all accounts"], remove=["hedges: reportedly"])
    hedges = lexicons["hedges"]
    assert found("By all accounts it reportedly worked.", hedges) == ["By all accounts"]


@pytest.mark.parametrize("item", ["hedges by all accounts", "nonsense: word", "hedges:  "])
def test_malformed_overrides_are_input_errors(item: str) -> None:
    with pytest.raises(AuditInputError):
        load_lexicons(add=[item])


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_bundled_lexicons_say_where_they_come_from_and_have_no_duplicates(name: str) -> None:
    raw = resources.files("audit.framing").joinpath("lexicons", f"{name}.txt").read_text("utf-8")
    assert raw.startswith("#"), "each list opens with a comment naming its sources"
    phrases = [e.phrase.casefold() for e in bundled_lexicon(name).entries]
    assert phrases and len(phrases) == len(set(phrases))


BUNDLED = load_lexicons()


@given(st.text(max_size=300))
def test_matches_round_trip_on_arbitrary_text(text: str) -> None:
    for lex in BUNDLED.values():
        matches = find_matches(text, lex, offset=7)
        for m in matches:
            assert text[m.start - 7 : m.end - 7] == m.text
        assert matches == find_matches(text, lex, offset=7)


def test_config_file_overrides_reach_the_lexicons(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(
        '[framing]\nlexicon_add = ["loaded: junta"]\nlexicon_remove = ["hedges: could"]\n',
        encoding="utf-8",
    )
    lexicons = lexicons_for(load_config(path).framing)
    assert found("The junta could fall.", lexicons["loaded"]) == ["junta"]
    assert found("The junta could fall.", lexicons["hedges"]) == []


def test_config_file_with_a_malformed_entry_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text('[framing]\nlexicon_add = ["loaded junta"]\n', encoding="utf-8")
    with pytest.raises(AuditInputError):
        lexicons_for(load_config(path).framing)


def test_find_all_keeps_overlapping_entries_of_every_list() -> None:
    from audit.framing.lexicon import Lexicon, find_all, parse_entry
    from audit.text.normalize import tokens

    entries = tuple(
        parse_entry(name, line, origin="test")
        for name, line in (("a", "double down"), ("b", "double"), ("c", "down"))
    )
    text = "They doubled down again."
    found = find_all(tokens(text), Lexicon("x", entries), text=text)
    assert sorted((m.entry.lexicon, m.text) for m in found) == [
        ("a", "doubled down"),
        ("b", "doubled"),
        ("c", "down"),
    ]
