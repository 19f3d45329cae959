"""One audit of one story: the pure stages in order. The CLI and the app both call `run_audit`."""

from __future__ import annotations

from collections.abc import Callable

from audit.clean import clean_paragraphs
from audit.config import AuditConfig
from audit.measure import measure_paragraphs
from audit.model import AuditResult, InputWarning, Paragraph, Story
from audit.segment import segment_article

Progress = Callable[[int, int], None]  # (articles done, articles in all)


def run_audit(
    story: Story,
    config: AuditConfig,
    *,
    warnings: tuple[InputWarning, ...] = (),
    progress: Progress | None = None,
) -> AuditResult:
    """Segment, clean and measure every article of `story`."""
    paragraphs: list[Paragraph] = []
    for done, article in enumerate(story.articles, start=1):
        segmented = segment_article(article, config.segment)
        paragraphs.extend(clean_paragraphs(segmented, config.clean))
        if progress:
            progress(done, len(story.articles))
    if len(story.articles) < 2:
        warnings = (
            *warnings,
            InputWarning(story.story_id, "only one article in this story: nothing to compare"),
        )
    return AuditResult(
        story=story,
        paragraphs=tuple(paragraphs),
        measures=measure_paragraphs(tuple(paragraphs), config.measure),
        warnings=warnings,
    )
