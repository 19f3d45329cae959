"""The shared word lists (`audit.text.wordlists`): each is what its name says, and the lists
built from others stay consistent with them."""

from __future__ import annotations

from audit.text.wordlists import (
    CALENDAR,
    MONTH_ABBREVIATIONS,
    MONTH_WORDS,
    MONTHS,
    NUMBER_VALUES,
    NUMBER_WORDS,
    SMALL_NUMBER_WORDS,
    WEEKDAYS,
)


def test_calendar_words_are_the_weekdays_and_month_names() -> None:
    assert len(WEEKDAYS) == 7 and len(MONTHS) == 12
    assert CALENDAR == WEEKDAYS | MONTHS and not CALENDAR & MONTH_ABBREVIATIONS
    assert MONTH_WORDS == MONTHS | MONTH_ABBREVIATIONS
    assert all(any(m.startswith(a) for m in MONTHS) for a in MONTH_ABBREVIATIONS)
    assert all(w == w.casefold() for w in CALENDAR | MONTH_WORDS)


def test_number_words_have_their_values() -> None:
    assert frozenset(NUMBER_VALUES) == NUMBER_WORDS
    assert NUMBER_VALUES["twenty"] == 20 and NUMBER_VALUES["thousands"] == 1000
    assert SMALL_NUMBER_WORDS <= NUMBER_WORDS
    assert sorted(NUMBER_VALUES[w] for w in SMALL_NUMBER_WORDS) == list(range(1, 11))
