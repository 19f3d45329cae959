"""One audit of one story: the pure stages in order. The CLI and the app both call `run_audit`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from audit.clean import clean_paragraphs
from audit.config import AuditConfig
from audit.framing import frame_story
from audit.lexicon import Lexicon
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
    lexicons: Mapping[str, Lexicon] | None = None,
) -> AuditResult:
    """Segment, clean and measure every article of `story`, then find its framing evidence.
    Pass `lexicons` (from `audit.framing.lexicons_for`) to load them once for many stories."""
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
    cleaned = tuple(paragraphs)
    return AuditResult(
        story=story,
        paragraphs=cleaned,
        measures=measure_paragraphs(cleaned, config.measure),
        framing=frame_story(story.articles, cleaned, config.framing, lexicons),
        warnings=warnings,
    )
