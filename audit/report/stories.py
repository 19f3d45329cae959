"""One story from audit to report files, the same on every engine: `audit_story` runs the stages
and returns what the driver writes (the report files as bytes), prints (the summary) and gathers
across stories (the profile rows). `audit run` calls it story by story; `audit.report.spark`
calls it inside Spark tasks, so both engines write the same bytes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.config import AuditConfig
from audit.framing.lexicon import Lexicon
from audit.model import InputWarning, Story
from audit.pipeline import Progress, run_audit
from audit.report.summary import StorySummary, summarise
from audit.report.writer import profile_input_rows, report_contents, story_framing_rows


@dataclass(frozen=True, slots=True)
class StoryJob:
    """What the audit of every story of a run shares."""

    config: AuditConfig
    lexicons: Mapping[str, Lexicon]  # loaded once (`audit.framing.stage.lexicons_for`)
    warnings: tuple[InputWarning, ...]  # the input's, reported with every story
    files: tuple[tuple[str, bytes], ...]  # (path, bytes) of the input, hashed into run.json
    # Frame each story in a forked child beside its alignment (`run_audit`'s `fork`): only for
    # a driver that owns its process (`audit run`), not inside Spark's workers or the app.
    fork: bool = False


@dataclass(frozen=True, slots=True)
class AuditedStory:
    """One story's reports, ready to write to `summary.folder`."""

    story_id: str
    contents: Mapping[str, bytes]  # file name -> bytes
    summary: StorySummary
    profile_rows: tuple[Mapping[str, Any], ...]  # for the run's profiles.csv


def audit_story(
    story: Story, job: StoryJob, folder: Path, progress: Progress | None = None
) -> AuditedStory:
    """Audit `story` and build its report files; `folder` is where the caller will write them."""
    config = job.config
    result = run_audit(
        story,
        config,
        warnings=job.warnings,
        progress=progress,
        lexicons=job.lexicons,
        fork=job.fork,
    )
    framing_rows = story_framing_rows(result, config)  # framing.csv's and profiles.csv's
    return AuditedStory(
        story_id=story.story_id,
        contents=report_contents(
            result, config, job.files, fork=job.fork, framing_rows=framing_rows
        ),
        summary=summarise(result, folder),
        profile_rows=tuple(profile_input_rows(story.story_id, framing_rows)),
    )
