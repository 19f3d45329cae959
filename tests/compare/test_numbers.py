from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from audit.compare.numbers import number_spans
from audit.config import AlignConfig

CONFIG = AlignConfig()


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.key) for s in number_spans(text, CONFIG)]


def key(text: str) -> str:
    (found,) = number_spans(text, CONFIG)
    return found.key


def test_one_value_however_written() -> None:
    assert key("30,000 troops") == key("30 000 troops") == key("thirty thousand soldiers")
    assert key("up to 30,000 peacekeepers") == key("30,000 troops")  # qualifier not in the key
    assert key("two dozen nations") == key("24 nations")
    assert key("$150 billion in assets") == "$150000000000"


def test_counted_nouns_close_in_meaning_join() -> None:
    assert key("12,000 homes were dark") == key("12,000 households lost power")


def test_qualifiers_stay_in_the_span() -> None:
    assert spans("up to 30,000 European peacekeepers") == [
        ("up to 30,000 European peacekeepers", "30000 troop")
    ]
    assert spans("more than 1.8 million people")[0][0] == "more than 1.8 million people"


def test_no_number_from_inside_a_word_a_date_or_a_generic_count() -> None:
    assert spans("the COVID-19 vaccine") == []
    assert spans("in 2018 and on March 8, the two sides met three times") == []
    assert spans("10 Downing Street said") == []


def test_specific_values_join_whatever_they_count() -> None:
    assert key("183 compact discs") == key("183 CD's") == "183"
    assert key("28,500 U.S. troops") == key("28,500 American soldiers")


@given(st.text(max_size=200))
def test_spans_are_inside_the_text(text: str) -> None:
    for found in number_spans(text, CONFIG):
        assert 0 <= found.start < found.end <= len(text)
        assert found.key


def test_what_a_number_counts_is_read_as_far_as_the_config_allows() -> None:
    # "500 U.S. service members": the plural head noun is the third word after the number; with
    # two words allowed (AlignConfig.number_counted_words) the count stops at "service"
    assert spans("500 U.S. service members arrived") == [("500 U.S. service members", "500 member")]
    short = dataclasses.replace(CONFIG, number_counted_words=2)
    (found,) = number_spans("500 U.S. service members arrived", short)
    assert (found.start, found.end) == (0, len("500 U.S. service"))
    assert found.key != "500 member"
