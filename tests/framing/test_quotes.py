from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from audit.config import FramingConfig
from audit.framing import quotes as quotes_module
from audit.framing.attribution import find_attributions, resolve_pronouns, sentence_mentions
from audit.framing.quotes import Quote, find_quotes, quote_spans
from audit.framing.stage import lexicons_for
from audit.ingest.segment import sentence_spans

LEX = lexicons_for(FramingConfig())


def quotes(text: str) -> tuple[Quote, ...]:
    sentences = sentence_spans(text)
    spans = quote_spans(text)
    found = find_attributions(text, LEX, sentences=sentences, exclude=spans)
    mentions = sentence_mentions(text, sentences=sentences, exclude=spans)
    return find_quotes(
        text,
        article_id="a",
        para_id="a:p0",
        sentences=sentences,
        attributions=resolve_pronouns(found, mentions),
    )


def inner(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quote_spans(text)]


def test_quote_spans_typographic_and_straight_marks() -> None:
    assert inner('He said “we will go,” and then "no."') == ["we will go", "no"]


def test_unclosed_quote_runs_to_the_paragraph_end() -> None:
    assert inner("“We will fight on the beaches") == ["We will fight on the beaches"]


def test_nested_single_quotes_stay_inside_the_quotation() -> None:
    assert inner("“As I told them, ‘Come to the table,’ we wait,” he said.") == [
        "As I told them, ‘Come to the table,’ we wait"
    ]


def test_spans_are_shifted_by_the_offset() -> None:
    (span,) = quote_spans("x “ab”", offset=10)
    assert (span.start, span.end) == (13, 15)


def test_speaker_in_the_same_sentence() -> None:
    (q,) = quotes("“This is the first serious, concrete step,” Zelensky said, hailing it.")
    assert (q.speaker, q.speaker_kind, q.rule, q.scare) == (
        "Zelensky",
        "named",
        "same_sentence",
        False,
    )
    assert q.n_words == 7


def test_anonymous_speaker() -> None:
    (q,) = quotes("“We need something sustainable,” an unnamed European diplomat told the outlet.")
    assert q.speaker == "an unnamed European diplomat" and q.speaker_kind == "anonymous"


def test_speaker_after_a_sentence_end_inside_the_quote() -> None:
    (q,) = quotes("“This isn’t about us. It will impact all of us,” Keir Starmer said.")
    assert q.speaker == "Keir Starmer"


def test_a_following_quote_continues_the_speaker() -> None:
    _, second = quotes("“We welcome it,” Waltz said. “We certainly welcome more help.”")
    assert second.speaker == "Waltz" and second.rule == "continued"


def test_pronoun_speaker_resolves_to_the_sentence_opening_name() -> None:
    text = "Mike Waltz, the adviser, has urged a plan. “It is good,” he said."
    (q,) = quotes(text)
    assert q.speaker == "Mike Waltz"


def test_short_unattributed_quote_is_a_scare_quote() -> None:
    (q,) = quotes("The government's “reforms” cut pensions.")
    assert q.scare and q.speaker == "" and q.rule == "none"


def test_so_called_makes_a_scare_quote_whatever_its_length() -> None:
    (q,) = quotes("The so-called “peace plan of the century” was dropped, Trump said.")
    assert q.scare and q.rule == "so_called"


def test_long_unattributed_quote_is_not_a_scare_quote() -> None:
    (q,) = quotes("The sign read “we will never give up our homes”.")
    assert not q.scare


def test_short_quote_in_a_sentence_about_a_named_person_is_a_partial_quote() -> None:
    (q,) = quotes("Vice President JD Vance left the option “on the table.”")
    assert not q.scare and q.speaker == "Vice President JD Vance" and q.rule == "sentence_name"


def test_scare_quote_length_comes_from_the_config() -> None:
    text = "The “special military operation” went on."
    sentences = sentence_spans(text)
    (q,) = find_quotes(text, article_id="a", para_id="p", sentences=sentences, scare_max_words=2)
    assert not q.scare


@given(st.text(alphabet=st.sampled_from(list('ab “”"‘’.,\n')), max_size=80))
def test_quote_spans_round_trip_and_do_not_overlap(text: str) -> None:
    spans = quote_spans(text, offset=3)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    for q in find_quotes(text, article_id="a", para_id="p", offset=3):
        assert text[q.start - 3 : q.end - 3] == q.text


@given(st.text(max_size=300))
def test_quotes_do_not_crash_and_are_deterministic(text: str) -> None:
    assert quotes(text) == quotes(text)


def test_typographic_single_quotes_outside_double_quotes() -> None:
    assert inner("Johnson said ‘he will come’, in Ukraine’s capital.") == ["he will come"]


def test_an_unclosed_single_quote_is_an_apostrophe_not_a_quotation() -> None:
    assert inner("The ‘80s were long; soldiers’ pay rose.") == []
    assert inner("It is a ‘big deal; the soldiers’ pay rose.") == []


def reference_quote_spans(text: str) -> list[tuple[int, int]]:
    """quote_spans as a loop over every character: the fast one reads only the marks."""
    q = quotes_module
    spans: list[tuple[int, int]] = []
    open_at, single = None, False
    for i, char in enumerate(text):
        if open_at is None and (char in q._OPEN or char == q._STRAIGHT):
            open_at, single = i + 1, False
        elif open_at is None and char == q._OPEN_SINGLE and q._opens(text, i):
            open_at, single = i + 1, True
        elif open_at is not None and q._closing(text, i, single):
            spans += [(s.start, s.end) for s in q._trimmed(text, open_at, i, 0)]
            open_at = None
        elif single and open_at is not None and char in ";\n":
            open_at = None
    if open_at is not None and not single:
        spans += [(s.start, s.end) for s in q._trimmed(text, open_at, len(text), 0)]
    return spans


@given(st.text(alphabet='ab ,.;\n"\u201c\u201d\u201e\u2018\u2019', max_size=60))
def test_quote_spans_read_only_the_marks_as_a_scan_of_every_character_does(text: str) -> None:
    assert [(s.start, s.end) for s in quote_spans(text)] == reference_quote_spans(text)
