"""Actor-directed tone: who the main actors are, and the valenced words around them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import AuditConfig
from audit.framing.bias import bias_lexicons
from audit.framing.stage import lexicons_for
from audit.ingest.segment import sentence_spans
from audit.model import Article, Paragraph
from audit.wording.actors import ACTOR_COLUMNS, actor_rows, actor_tones

CONFIG = AuditConfig()
BIASED = bias_lexicons(lexicons_for(CONFIG.framing))


def story(texts: dict[str, str]) -> tuple[list[Article], list[Paragraph]]:
    articles = [
        Article(f"a{i}", "s", source, text) for i, (source, text) in enumerate(texts.items())
    ]
    paragraphs = [
        Paragraph(f"{a.article_id}:p000", a.article_id, 0, 0, len(a.text), a.text,
                  sentences=sentence_spans(a.text))
        for a in articles
    ]  # fmt: skip
    return articles, paragraphs


def test_tone_around_an_actor_differs_by_source_with_spans() -> None:
    articles, paragraphs = story(
        {
            "Left": "Critics say the brutal and corrupt Mr. Trump failed again. Snow fell.",
            "Right": "Supporters praised the brave President Trump, a great success.",
        }
    )
    tones = {t.source: t for t in actor_tones(articles, paragraphs, BIASED, CONFIG.wording)}
    assert tones["Left"].actor == tones["Right"].actor == "trump"
    assert tones["Left"].tone < 0 < tones["Right"].tone
    text = articles[0].text
    for article_id, word, _ in tones["Left"].words:
        assert article_id == "a0" and text[word.start : word.end] == word.text
    assert "snow" not in {w.norm for _, w, _ in tones["Left"].words}  # another sentence


def test_an_actor_needs_two_sources_and_rows_have_the_columns() -> None:
    articles, paragraphs = story(
        {"A": "Yesterday the angry Smith met Jones.", "B": "Jones spoke well of the plan."}
    )
    tones = actor_tones(articles, paragraphs, BIASED, CONFIG.wording)
    assert {t.actor for t in tones} == {"jones"}
    rows = actor_rows(tones)
    assert all(tuple(row) == ACTOR_COLUMNS for row in rows)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=150), st.text(max_size=150))
def test_arbitrary_text_gives_spans_that_round_trip(a: str, b: str) -> None:
    articles, paragraphs = story({"A": a or "x", "B": b or "y"})
    text_of = {x.article_id: x.text for x in articles}
    for tone in actor_tones(articles, paragraphs, BIASED, CONFIG.wording):
        assert -1.0 <= tone.tone <= 1.0
        for m in tone.mentions:
            assert text_of[m.article_id][m.span.start : m.span.end].strip()
        for article_id, word, _ in tone.words:
            assert text_of[article_id][word.start : word.end] == word.text
