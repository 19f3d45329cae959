from __future__ import annotations

import socket
from pathlib import Path

import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import MeasureConfig, SegmentConfig
from audit.framing.measure import measure_paragraph, measure_paragraphs, paragraph_sentiment
from audit.framing.readability import grade_level, reading_ease
from audit.framing.sentiment import combined, sentiment
from audit.ingest.segment import segment_article
from audit.model import Article, Paragraph


def _paragraph(text: str) -> Paragraph:
    return Paragraph("a:p000", "a", 0, 0, len(text), text)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket connection or NLTK download during the test fails it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(nltk, "download", refuse)


def test_readability_works_offline_with_the_packaged_dictionary(no_network: None) -> None:
    easy = "The cat sat on the mat. The dog ran to the park."
    hard = (
        "Notwithstanding considerable institutional reluctance, multinational deterrence "
        "arrangements necessitate unprecedented intergovernmental coordination."
    )
    assert reading_ease(easy) > 90 > 0 > reading_ease(hard)
    assert grade_level(hard) > grade_level(easy)


def test_cmu_dictionary_counts_syllables_that_hyphenation_gets_wrong(no_network: None) -> None:
    # "guarantee" has 3 syllables in the CMU dictionary; readability must use it, offline.
    from textstat.backend.counts._count_syllables import count_syllables

    assert count_syllables("guarantee", "en_US") == 3


def test_sentiment_has_vader_scales() -> None:
    negative = sentiment("A terrible, deadly attack killed civilians.")
    positive = sentiment("A great, hopeful breakthrough that leaders welcomed.")
    assert -1 <= negative.compound < 0 < positive.compound <= 1
    assert negative.pos + negative.neu + negative.neg == pytest.approx(1, abs=0.01)


def test_short_paragraphs_get_no_readability_score() -> None:
    measures = measure_paragraph(_paragraph("Allies gather in Washington"), MeasureConfig())
    assert measures.n_words == 4
    assert measures.reading_ease is None and measures.grade_level is None
    longer = measure_paragraph(
        _paragraph("Leaders met in Paris on Thursday to talk."), MeasureConfig()
    )
    assert longer.reading_ease is not None


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_measures_never_crash_and_stay_in_range(text: str) -> None:
    measures = measure_paragraph(_paragraph(text), MeasureConfig())
    shares = (measures.sentiment.pos, measures.sentiment.neu, measures.sentiment.neg)
    assert -1 <= measures.sentiment.compound <= 1 and all(0 <= x <= 1 for x in shares)
    readable = measures.n_words >= MeasureConfig().min_words_for_readability
    assert (measures.reading_ease is not None) == readable
    assert (measures.grade_level is not None) == readable


def test_cmu_dictionary_is_cached_once_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    from audit.framing import readability

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    readability._cmu_dictionary.cache_clear()
    try:
        built = readability._cmu_dictionary()
        cached = list((tmp_path / "audit").glob("cmudict-*-syllables.json"))
        assert len(cached) == 1
        readability._cmu_dictionary.cache_clear()
        read_back = readability._cmu_dictionary()  # from the JSON file this time
        assert read_back == built and len(built) > 100_000
        # G EH2 R AH0 N T IY1: three stressed vowels, as textstat counts them
        assert dict.__getitem__(read_back, "guarantee") == 3
        assert read_back["guarantee"] == [("0", "0", "0")]
        cached[0].write_text("not json")  # a damaged cache is rebuilt, not trusted
        readability._cmu_dictionary.cache_clear()
        assert readability._cmu_dictionary() == built
    finally:
        readability._cmu_dictionary.cache_clear()


def test_a_single_chunk_combines_to_itself() -> None:
    for text in ("A terrible, deadly attack.", "Leaders welcomed a great deal.", "It rained."):
        alone = sentiment(text)
        assert combined([alone], [3]).compound == pytest.approx(alone.compound, abs=2e-4)


def test_long_paragraphs_are_scored_in_chunks_short_ones_whole() -> None:
    sentence = "Officials welcomed the deal, but critics called it a terrible failure. "
    long_text = sentence * 200  # 14,000 chars: VADER alone would be quadratic in it
    article = Article("a1", "s", "src", long_text)
    (para,) = segment_article(article, SegmentConfig())
    config = MeasureConfig()
    chunked = paragraph_sentiment(para, config)
    assert -1.0 <= chunked.compound <= 1.0
    assert chunked.pos + chunked.neu + chunked.neg == pytest.approx(1.0, abs=0.01)
    (short,) = segment_article(Article("a2", "s", "src", sentence), SegmentConfig())
    assert paragraph_sentiment(short, config) == sentiment(short.text)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([
    "The minister said the talks failed. Nobody was hurt.",
    "Prices rose 3% in May, the agency said.",
    "A terrible, shocking and deeply sad day for the town.",
    "Short.",
]), min_size=1, max_size=8))  # fmt: skip
def test_repeated_paragraphs_are_measured_as_each_on_its_own(texts: list[str]) -> None:
    config = MeasureConfig()
    article = Article("a", "src", "t", "\n\n".join(texts))
    paragraphs = segment_article(article, SegmentConfig())
    assert measure_paragraphs(paragraphs, config) == tuple(
        measure_paragraph(p, config) for p in paragraphs
    )
