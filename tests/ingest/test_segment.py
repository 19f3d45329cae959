from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.config import SegmentConfig
from audit.ingest.segment import (
    is_heading,
    lazy_paragraph_spans,
    paragraph_spans,
    segment_article,
    sentence_spans,
)
from audit.model import Article, ParaKind

CONFIG = SegmentConfig()


def _segment(text: str, separator: str | None = None):
    config = SegmentConfig(paragraph_separator=separator)
    return segment_article(Article("a", "s", "src", text), config)


def test_blank_lines_and_single_newlines_both_separate_paragraphs() -> None:
    blank = _segment("First one here.\n\nSecond one here.\n\n\nThird.")
    single = _segment("First one here.\nSecond one here.\nThird.")
    assert [p.text for p in blank] == ["First one here.", "Second one here.", "Third."]
    assert [p.text for p in single] == [p.text for p in blank]


def test_soft_wrapped_lines_inside_a_block_stay_one_paragraph() -> None:
    text = "This paragraph was wrapped at\nseventy columns by an editor.\n\nNext paragraph."
    paragraphs = _segment(text)
    assert [p.text for p in paragraphs] == [
        "This paragraph was wrapped at\nseventy columns by an editor.",
        "Next paragraph.",
    ]


def test_a_marker_separates_paragraphs_when_configured() -> None:
    text = "Headline here ### By Reuters ### Body sentence one. ### Body two."
    paragraphs = _segment(text, " ### ")
    assert [p.text for p in paragraphs] == [
        "Headline here",
        "By Reuters",
        "Body sentence one.",
        "Body two.",
    ]


def test_offsets_index_the_original_text_exactly(bundled_result) -> None:
    texts = {a.article_id: a.text for a in bundled_result.story.articles}
    for paragraph in bundled_result.paragraphs:
        assert texts[paragraph.article_id][paragraph.start : paragraph.end] == paragraph.text
        for sentence in paragraph.sentences:
            assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_headings_short_lines_and_short_questions() -> None:
    assert is_heading("Allies gather in Washington", CONFIG)
    assert is_heading("What ceasefire plans have been discussed?", CONFIG)
    assert is_heading('Europe to carry "Lion’s Share"', CONFIG)
    assert not is_heading("The officials said.", CONFIG)
    assert not is_heading("“We certainly welcome more European assistance.”", CONFIG)
    long_line = " ".join(["word"] * 30)
    assert not is_heading(long_line, CONFIG)


def test_sentences_skip_abbreviations_and_initials() -> None:
    text = "The U.S. provides Kyiv with 40% of its aid. Mr. Smith agreed. J. Doe did not."
    spans = sentence_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "The U.S. provides Kyiv with 40% of its aid.",
        "Mr. Smith agreed.",
        "J. Doe did not.",
    ]


def test_sentences_end_after_closing_quotes() -> None:
    text = "“We need something sustainable,” he said. “No,” she replied."
    spans = sentence_spans(text, offset=10)
    assert [(s.start - 10, s.end - 10) for s in spans] == [(0, 41), (42, 60)]


def test_headings_are_marked_with_their_rule() -> None:
    paragraphs = _segment("Allies gather in Washington\nThe chiefs of defence met on Tuesday.")
    assert paragraphs[0].kind is ParaKind.HEADING and "heading" in paragraphs[0].reason
    assert paragraphs[1].kind is ParaKind.CONTENT and paragraphs[1].reason == ""


@given(st.text(), st.sampled_from([None, " ### ", "|"]))
def test_offsets_round_trip_on_arbitrary_unicode(text: str, separator: str | None) -> None:
    article = Article("a", "s", "src", text)
    paragraphs = segment_article(article, SegmentConfig(paragraph_separator=separator))
    previous_end = 0
    for index, paragraph in enumerate(paragraphs):
        assert paragraph.index == index
        assert text[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.text == paragraph.text.strip() and paragraph.text
        assert paragraph.start >= previous_end
        previous_end = paragraph.end
        for sentence in paragraph.sentences:
            assert paragraph.start <= sentence.start <= sentence.end <= paragraph.end


@given(st.text())
def test_segmentation_is_deterministic(text: str) -> None:
    article = Article("a", "s", "src", text)
    assert segment_article(article, CONFIG) == segment_article(article, CONFIG)


@given(
    st.text(alphabet=st.sampled_from("ab A.\n\r\t #\u2028"), max_size=80),
    st.sampled_from([None, " ### ", "#"]),
)
def test_lazy_paragraph_spans_are_paragraph_spans(text: str, separator: str | None) -> None:
    assert list(lazy_paragraph_spans(text, separator)) == paragraph_spans(text, separator)
