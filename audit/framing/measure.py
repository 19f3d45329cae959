"""Per-paragraph measures: word count, VADER sentiment, readability."""

from __future__ import annotations

from audit.config import MeasureConfig
from audit.framing.readability import grade_level, reading_ease
from audit.framing.sentiment import sentiment
from audit.model import Paragraph, ParagraphMeasures
from audit.text.normalize import word_count


def measure_paragraph(paragraph: Paragraph, config: MeasureConfig) -> ParagraphMeasures:
    words = word_count(paragraph.text)
    readable = words >= config.min_words_for_readability
    return ParagraphMeasures(
        para_id=paragraph.para_id,
        n_words=words,
        sentiment=sentiment(paragraph.text),
        reading_ease=round(reading_ease(paragraph.text), 2) if readable else None,
        grade_level=round(grade_level(paragraph.text), 2) if readable else None,
    )


def measure_paragraphs(
    paragraphs: tuple[Paragraph, ...], config: MeasureConfig
) -> tuple[ParagraphMeasures, ...]:
    return tuple(measure_paragraph(p, config) for p in paragraphs)
