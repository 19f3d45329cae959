"""One audit of one story: the pure stages in order. The CLI and the app both call `run_audit`.

segment -> flag boilerplate -> flag repeats (dedup engine) -> measure -> framing -> align
-> compare -> wording; `AuditResult` collects what every stage found, for the report stage and
the app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial

from audit.align.stage import Alignment, align_story, content_words
from audit.beside import Pending, Series, can_fork, worth_forking
from audit.clean.boilerplate import flag_boilerplate
from audit.clean.repeats import Repeats, flag_repeats
from audit.compare.omissions import is_bounded
from audit.compare.stage import Comparison, FactFindings, compare_story, story_facts
from audit.config import AuditConfig
from audit.cores import usable_cores
from audit.dedup import Finding
from audit.framing.lexicon import Lexicon, attribution_forms
from audit.framing.measure import measure_paragraphs
from audit.framing.stage import StoryFraming, frame_story, lexicons_for
from audit.ingest.segment import segment_article
from audit.model import InputWarning, Paragraph, ParagraphMeasures, Story
from audit.wording.stage import Wording, word_story

Framed = tuple[tuple[ParagraphMeasures, ...], StoryFraming]  # measures and framing
# The stages of `run_audit` in the order they run; a `Progress` callback hears of each.
STAGES = ("segment", "repeats", "measure", "framing", "align", "compare", "wording")
# (stage, steps of it done, steps in all): "segment" counts articles, every other stage is one
# step. Front ends draw it (the CLI's bar); the stages never print.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Everything one audit of one story found; the report stage turns it into files."""

    story: Story
    paragraphs: tuple[Paragraph, ...]
    measures: tuple[ParagraphMeasures, ...]
    framing: StoryFraming
    alignment: Alignment  # links, units, diffs
    comparison: Comparison  # facts, omissions
    wording: Wording  # word choices that differ across aligned passages; actor-directed tone
    shared: tuple[Finding, ...] = ()  # text repeated across articles (dedup findings)
    warnings: tuple[InputWarning, ...] = ()

    def paragraphs_of(self, article_id: str) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.article_id == article_id)

    def source_of(self) -> dict[str, str]:
        """article_id -> source name, for every article of the story."""
        return {a.article_id: a.source for a in self.story.articles}


def run_audit(
    story: Story,
    config: AuditConfig,
    *,
    warnings: tuple[InputWarning, ...] = (),
    progress: Progress | None = None,
    lexicons: Mapping[str, Lexicon] | None = None,
    fork: bool = False,
) -> AuditResult:
    """Every stage over `story`. Pass `lexicons` (from `audit.framing.stage.lexicons_for`) to load
    them once for many stories; `progress` is told as each stage of `STAGES` advances. With
    `fork`, measuring and framing and the facts run in forked children beside alignment, and
    wording beside comparison (`_Beside`, `audit.beside`; only for a caller that owns its
    process and runs no other threads); the result is the same."""
    tell = progress or _silent
    repeats = clean_story(story, config, progress=tell)
    paragraphs = repeats.paragraphs
    source_of = {a.article_id: a.source for a in story.articles}
    if len(source_of) < 2:
        message = "only one article in this story: nothing to compare"
    elif len(set(source_of.values())) < 2:
        message = "all articles come from one source: no outlets to compare"
    else:
        message = ""
    if message:
        warnings = (*warnings, InputWarning(story.story_id, message))
    words = content_words(paragraphs)  # every later stage reads them: tokenised once
    fork = fork and worth_forking(paragraphs)
    # Loaded here, before any child: a bad lexicon in the user's config is its one-line error
    # now, not after the alignment (when a failed child's call is rerun in this process).
    lexicons = lexicons if lexicons is not None else lexicons_for(config.framing)
    with ExitStack() as children:  # each child is ended however the block is left
        beside = _Beside(
            children,
            partial(measure_paragraphs, paragraphs, config.measure),
            partial(
                frame_story,
                story.articles,
                paragraphs,
                config.framing,
                lexicons,
                words=words,
                align=config.align,
            ),
            partial(story_facts, paragraphs, source_of, config.align, words=words),
            fork=fork,
        )
        if not beside.forked:
            measures, framing = _framed(beside, tell)
        n_sources = len(set(source_of.values()))
        if is_bounded(n_sources, config.align):
            note = (
                f"{n_sources} sources (more than {config.align.omission_table_max_sources}): "
                "omissions.csv lists covered, unique and omitted rows and facts.csv the reporting "
                "sources only, not every unit or fact x source"
            )
            warnings = (*warnings, InputWarning(story.story_id, note))
        titles = {a.article_id: a.title for a in story.articles}
        alignment = align_story(
            paragraphs,
            source_of,
            config.align,
            words=words,
            titles=titles,
            attribution=attribution_forms(),
        )
        tell("align", 1, 1)
        # wording reads the alignment, not the comparison: a child words beside it
        worded = beside.word(
            partial(
                word_story, story.articles, paragraphs, alignment, lexicons, config, words=words
            )
        )
        comparison = compare_story(
            paragraphs,
            alignment,
            config.align,
            words=words,
            facts=beside.facts if beside.forked else None,
        )
        tell("compare", 1, 1)
        wording = worded()
        tell("wording", 1, 1)
        if beside.forked:
            measures, framing = _framed(beside, tell)
    return AuditResult(
        story=story,
        paragraphs=paragraphs,
        measures=measures,
        framing=framing,
        alignment=alignment,
        comparison=comparison,
        wording=wording,
        shared=repeats.shared,
        warnings=warnings,
    )


class _Beside:
    """The stages made in forked children while the parent aligns and compares: measures and
    framing (read by the reports only) and the facts with their coverage (read by the
    comparison) read no alignment; wording reads the alignment but not the comparison.
    - With a core for each child and the parent: one child measures and frames, one makes the
      facts; after the alignment, one words.
    - On two cores (three busy processes there slowed the alignment: BENCHMARKS.md
      `section:speed`, round 6): one child makes the facts and sends them as soon as made (the
      comparison waits for them alone), then frames and measures; after the alignment, one
      words (round 8).
    - Without `fork` (`forked` False), nothing is made beforehand: the caller measures and
      frames first, and the comparison makes the facts sharing its passage vectors."""

    def __init__(
        self,
        children: ExitStack,
        measure: Callable[[], tuple[ParagraphMeasures, ...]],
        frame: Callable[[], StoryFraming],
        facts: Callable[[], FactFindings],
        *,
        fork: bool,
    ) -> None:
        self._children = children
        self.forked = fork and can_fork()
        self.measures, self.framing, self.facts = measure, frame, facts
        if self.forked and usable_cores() >= 3:
            framed = children.enter_context(Series((measure, frame), fork=True))
            found = children.enter_context(Pending(facts, fork=True))
            self.measures, self.framing = partial(framed.result, 0), partial(framed.result, 1)
            self.facts = found.result
        elif self.forked:
            made = children.enter_context(Series((facts, frame, measure), fork=True))
            self.facts = partial(made.result, 0)
            self.framing, self.measures = partial(made.result, 1), partial(made.result, 2)

    def word(self, wording: Callable[[], Wording]) -> Callable[[], Wording]:
        """Start the wording (once the alignment is made); call what it returns for it."""
        return self._children.enter_context(Pending(wording, fork=self.forked)).result


def _framed(beside: _Beside, tell: Progress) -> Framed:
    measures = beside.measures()
    tell("measure", 1, 1)
    framing = beside.framing()
    tell("framing", 1, 1)
    return measures, framing


def clean_story(story: Story, config: AuditConfig, *, progress: Progress | None = None) -> Repeats:
    """The story's paragraphs, segmented, with boilerplate and repeats flagged: the input of
    every later stage (also for benchmarks and tests that look at one stage)."""
    tell = progress or _silent
    segmented: list[Paragraph] = []
    for done, article in enumerate(story.articles, start=1):
        segmented.extend(flag_boilerplate(segment_article(article, config.segment), config.clean))
        tell("segment", done, len(story.articles))
    source_of = {a.article_id: a.source for a in story.articles}
    repeats = flag_repeats(segmented, source_of, config.dedup)
    tell("repeats", 1, 1)
    return repeats


def _silent(stage: str, done: int, total: int) -> None:
    """The `Progress` of a caller that draws none."""
