from __future__ import annotations

import pytest

from audit.config import FramingConfig
from audit.framing.stage import StoryFraming, frame_story
from audit.framing.summary import (
    FRAMING_COLUMNS,
    PROFILE_COLUMNS,
    QUOTE_COLUMNS,
    framing_rows,
    profile_rows,
    quote_rows,
    speaker_key,
)
from audit.model import Article, Paragraph, ParagraphMeasures, Sentiment

Fixture = tuple[
    tuple[Article, ...], tuple[Paragraph, ...], tuple[ParagraphMeasures, ...], StoryFraming
]

A_TEXT = (
    "Officials reportedly said the deal could fail.\n\n"
    "“We will sign it,” Macron said. The regime claimed victory."
)
B_TEXT = "Officials said the deal will pass.\n\nMacron said he would sign it."


def build(text: str, article_id: str, source: str) -> tuple[Article, list[Paragraph]]:
    article = Article(article_id=article_id, story_id="s", source=source, text=text)
    first_end = text.index("\n\n")
    spans = [(0, first_end), (first_end + 2, len(text))]
    paragraphs = [
        Paragraph(
            para_id=f"{article_id}:p{i}",
            article_id=article_id,
            index=i,
            start=s,
            end=e,
            text=text[s:e],
        )
        for i, (s, e) in enumerate(spans)
    ]
    return article, paragraphs


def measures(paragraph: Paragraph, compound: float, n_words: int, ease: float) -> ParagraphMeasures:
    return ParagraphMeasures(paragraph.para_id, n_words, Sentiment(compound, 0, 1, 0), ease, 10.0)


@pytest.fixture
def story() -> Fixture:
    a, a_paras = build(A_TEXT, "a", "Left")
    b, b_paras = build(B_TEXT, "b", "Right")
    paragraphs = (*a_paras, *b_paras)
    # n_words set by hand to round numbers so the expected rates can be checked on paper
    ms = (
        measures(a_paras[0], -0.5, 10, 40.0),
        measures(a_paras[1], 0.1, 10, 60.0),
        measures(b_paras[0], 0.5, 5, 70.0),
        measures(b_paras[1], 0.3, 5, 80.0),
    )
    framing = frame_story((a, b), paragraphs, FramingConfig())
    return (a, b), paragraphs, ms, framing


def test_source_rows(story: Fixture) -> None:
    articles, paragraphs, ms, framing = story
    rows = framing_rows(articles, paragraphs, ms, framing, {})
    assert [tuple(r) for r in rows] == [FRAMING_COLUMNS] * 2
    left, right = rows
    assert (left["source"], left["n_words"], left["n_paragraphs"]) == ("Left", 20, 2)
    assert left["sentiment"] == pytest.approx(-0.2)  # (-0.5*10 + 0.1*10) / 20
    assert left["reading_ease"] == pytest.approx(50.0)
    # Left: hedges "reportedly", "could"; loaded "regime"; slanted "claimed"; per 100 words of 20
    assert left["rate_hedge"] == pytest.approx(10.0)
    assert left["rate_loaded"] == pytest.approx(5.0)
    assert left["rate_slanted_verb"] == pytest.approx(5.0)
    # "Macron said" is named, "Officials ... said" anonymous; "The regime claimed" names no one
    assert (left["named_attributions"], left["anonymous_attributions"]) == (1, 1)
    assert left["named_anonymous_ratio"] == 1.0 and left["anonymous_share"] == 0.5
    assert left["quoted_share"] == pytest.approx(4 / 20)  # "We will sign it"
    assert right["rate_hedge"] == 0.0 and right["quoted_share"] == 0.0
    assert left["only_here"] is None and left["unit_id"] == ""


def test_unit_rows_compare_sources_on_the_same_claim(story: Fixture) -> None:
    articles, paragraphs, ms, framing = story
    unit_of = {"a:p0": "u1", "b:p0": "u1"}
    rows = [
        r for r in framing_rows(articles, paragraphs, ms, framing, unit_of) if r["scope"] == "unit"
    ]
    left, right = rows
    assert (left["unit_id"], left["source"], right["source"]) == ("u1", "Left", "Right")
    assert left["sentiment_delta"] == pytest.approx(-1.0)  # -0.5 against 0.5
    assert right["sentiment_delta"] == pytest.approx(1.0)
    assert left["reading_ease_delta"] == pytest.approx(-30.0)
    assert left["only_here"] == "hedge:could; hedge:reportedly"
    assert right["only_here"] == ""


def test_small_sentiment_gaps_are_reported_as_zero(story: Fixture) -> None:
    articles, paragraphs, ms, framing = story
    rows = framing_rows(
        articles, paragraphs, ms, framing, {"a:p1": "u", "b:p1": "u"}, sentiment_delta_min=0.5
    )
    assert [r["sentiment_delta"] for r in rows if r["scope"] == "unit"] == [0.0, 0.0]


def test_quote_rows(story: Fixture) -> None:
    _, _, _, framing = story
    rows = quote_rows(framing, {"a": "Left", "b": "Right"})
    assert all(tuple(r) == QUOTE_COLUMNS for r in rows)
    macron = next(r for r in rows if r["source"] == "Left" and r["speaker"] == "Macron")
    assert (macron["quotes"], macron["quoted_words"], macron["speaker_kind"]) == (1, 4, "named")
    officials = next(r for r in rows if r["source"] == "Right" and r["speaker"] == "Officials")
    assert (officials["quotes"], officials["attributions"]) == (0, 1)


@pytest.mark.parametrize(
    ("speaker", "kind", "key"),
    [
        ("Prime Minister Keir Starmer", "named", "starmer"),
        ("Starmer", "named", "starmer"),
        ("the officials", "anonymous", "officials"),
    ],
)
def test_speaker_key(speaker: str, kind: str, key: str) -> None:
    assert speaker_key(speaker, kind) == key


def test_profiles_average_over_stories_and_compare_within_each_story() -> None:
    rows = [
        {"story_id": "s1", "scope": "source", "source": "L", "rate_hedge": 2.0, "sentiment": 0.1},
        {"story_id": "s1", "scope": "source", "source": "R", "rate_hedge": 1.0, "sentiment": 0.3},
        {"story_id": "s2", "scope": "source", "source": "L", "rate_hedge": 4.0, "sentiment": None},
        {"story_id": "s2", "scope": "source", "source": "R", "rate_hedge": 1.0, "sentiment": 0.0},
        {"story_id": "s2", "scope": "unit", "source": "R", "rate_hedge": 99.0},
    ]
    left, right = profile_rows(rows)
    assert tuple(left) == PROFILE_COLUMNS
    assert (left["source"], left["n_stories"]) == ("L", 2)
    assert left["rate_hedge"] == pytest.approx(3.0)
    assert left["rate_hedge_vs_others"] == pytest.approx(2.0)  # (1 + 3) / 2
    assert right["rate_hedge_vs_others"] == pytest.approx(-2.0)
    assert left["sentiment"] == pytest.approx(0.1)  # a missing value is skipped, not zero
    assert right["sentiment_vs_others"] == pytest.approx(0.2)  # only s1 compares
