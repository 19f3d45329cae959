from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.app.diffkinds import DiffKind, word_changes
from audit.model import Paragraph
from audit.text.normalize import tokens


def para(text: str, pid: str = "a:p000", start: int = 0) -> Paragraph:
    return Paragraph(pid, pid.split(":")[0], 0, start, start + len(text), text)


def kinds(mine: str, other: str) -> dict[str, str]:
    changes = word_changes(para(mine), para(other, "b:p000"))
    return {c.token.text: str(c.kind) for c in changes if c.kind is not DiffKind.REWORDING}


def test_names_numbers_dates_and_speakers_that_differ_are_told_apart() -> None:
    found = kinds(
        "Officials said 30,000 troops would go to Kiev on Friday.",
        "Macron said 26,000 troops would go to Kyiv on Thursday.",
    )
    assert found == {
        "Officials": "attribution",
        "30,000": "number",
        "Kiev": "name",
        "Friday": "date",
    }


def test_a_word_swapped_for_another_is_a_substitution() -> None:
    found = kinds(
        "European troops would police the ceasefire line.",
        "European peacekeepers would police the ceasefire line.",
    )
    assert found == {"troops": "substitution"}


def test_a_name_in_a_rewritten_clause_is_not_a_different_name() -> None:
    # a whole clause differs: its names are more detail, not one outlet renaming another's
    found = kinds(
        "Leaders met on Friday, and Britain, Denmark and the Baltic states backed the plan "
        "for a force.",
        "Leaders met on Friday, while officials in Washington stayed quiet about what America "
        "would give to a force.",
    )
    assert "Britain" not in found and "Denmark" not in found and "Washington" not in found


def test_identical_paragraphs_have_no_changes() -> None:
    text = "Kyiv said 26 nations pledged troops on Thursday."
    assert word_changes(para(text), para(text, "b:p000")) == ()


WORDS = st.sampled_from("Kyiv Kiev said claimed 26 thousands troops the of on Friday a".split())


@given(st.lists(WORDS, min_size=1, max_size=12), st.lists(WORDS, min_size=1, max_size=12))
def test_no_highlight_on_a_word_the_other_paragraph_has(a: list[str], b: list[str]) -> None:
    mine, other = para(" ".join(a), start=7), para(" ".join(b), "b:p000")
    other_words = {t.norm for t in tokens(other.text)}
    for change in word_changes(mine, other):
        assert change.token.norm not in other_words
        assert mine.text[change.token.start - 7 : change.token.end - 7] == change.token.text


def test_a_word_set_against_a_date_or_number_is_no_substitution() -> None:
    # "repairs" where the other side has "April": the clause is told differently, not reworded
    found = kinds(
        "The bridge will reopen after repairs, the council said.",
        "The bridge will reopen in April, the council said.",
    )
    assert "repairs" not in found
    # and the other way round: "April" set against "repairs" is no word substitution either
    back = kinds(
        "The bridge will reopen in April, the council said.",
        "The bridge will reopen after repairs, the council said.",
    )
    assert "April" not in back


def test_one_term_in_two_forms_is_no_substitution() -> None:
    # tests/data/cli/stories.jsonl's harbour-bridge story: "The city council voted" against
    # "Councillors voted" names the same body; "close" against "shut" is a word chosen
    found = kinds(
        "The city council voted 7 to 2 on Monday to close the Harbour Bridge.",
        "Councillors voted 7 to 2 on Monday to shut the Harbour Bridge.",
    )
    assert found == {"close": "substitution"}
    back = kinds(
        "Councillors voted 7 to 2 on Monday to shut the Harbour Bridge.",
        "The city council voted 7 to 2 on Monday to close the Harbour Bridge.",
    )
    assert back == {"shut": "substitution"}


def test_the_same_stem_or_a_possessive_is_no_substitution() -> None:
    assert kinds("The forces would police the line.", "The force would police the line.") == {}
    assert kinds("The peacekeepers left early.", "The keepers left early.") == {}
    # a word inside another only from four letters on: "man" is not "manager" in another form
    assert kinds("The manager left early.", "The man left early.") == {"manager": "substitution"}
