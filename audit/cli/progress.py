"""One progress bar over a whole `audit run`: every story, every stage of `run_audit`, and the
writing of its reports. The only module that imports tqdm.

The bar measures work in article-stages: a story of n articles is worth n steps per stage, so a
large story moves the bar further than a small one. It is drawn on stderr, only when a user is
watching (stderr and stdout both a terminal, no `--quiet`), and only once the run has taken
`SHOW_AFTER_SECONDS`, so a run of a second or two never flickers a bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from audit.model import Story
from audit.pipeline import STAGES, Progress
from audit.text.terminal import clipped, shown

if TYPE_CHECKING:
    from tqdm import tqdm

# The bundled story (5 articles) is audited in about a second: sooner, a bar would only flicker.
SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1  # tqdm's default: redraw at most ten times a second
REPORT_STAGE = "report"  # the CLI's own last stage: writing the story's files
_LABEL_WIDTH = 32  # characters of the story id shown beside the bar
_STAGE_WIDTH = max(len(stage) for stage in (*STAGES, REPORT_STAGE))
_BAR_FORMAT = "{desc} {percentage:3.0f}%|{bar}| {elapsed}<{remaining}"


class RunProgress:
    """The bar for one run; use as a context manager, `story()` before each story's audit and
    `written()` after its reports are written."""

    def __init__(self, stories: Sequence[Story], stream: TextIO, *, enabled: bool) -> None:
        self._weights = [max(1, len(story.articles)) for story in stories]
        # fixed widths, so the bar does not jump as the story and stage change
        self._id_width = min(
            _LABEL_WIDTH, max((len(shown(s.story_id)) for s in stories), default=1)
        )
        self._count_width = len(str(len(stories)))
        self._stages = (*STAGES, REPORT_STAGE)
        self.total = sum(self._weights) * len(self._stages)
        self.position = 0
        self._base = 0  # where the current story's steps start
        self._number = 0  # of the current story, from 1
        self._story_id = ""
        self._bar = _bar(self.total, stream) if enabled else _NoBar()

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._bar.close()

    def story(self, story: Story) -> Progress:
        """Start the next story; the returned callback is `run_audit`'s `progress`."""
        if self._number:
            self._base += self._weights[self._number - 1] * len(self._stages)
        self._number += 1
        self._story_id = story.story_id
        self._advance_to(self._base, self._stages[0])
        return self._stage_progress

    def written(self) -> None:
        """The current story's reports are written: its last stage is done."""
        self._stage_progress(REPORT_STAGE, 1, 1)

    def _stage_progress(self, stage: str, done: int, total: int) -> None:
        weight = self._weights[self._number - 1]
        index = self._stages.index(stage)
        position = self._base + index * weight + weight * done // max(1, total)
        # a stage reports when it is done: name the one that runs now
        running = stage if done < total else self._stages[min(index + 1, len(self._stages) - 1)]
        self._advance_to(position, running)

    def _advance_to(self, position: int, stage: str) -> None:
        label = clipped(self._story_id, self._id_width)
        number = f"{self._number:>{self._count_width}}/{len(self._weights)}"
        self._bar.set_description_str(
            f"[{number}] {label:<{self._id_width}} {stage:<{_STAGE_WIDTH}}", refresh=False
        )
        if position > self.position:  # tqdm draws on update, once SHOW_AFTER_SECONDS passed
            self._bar.update(position - self.position)
            self.position = position


def _bar(total: int, stream: TextIO) -> tqdm:
    """The tqdm bar, imported only when someone watches (its import is ~0.1 s of a short run)."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        file=stream,
        delay=SHOW_AFTER_SECONDS,
        mininterval=REDRAW_SECONDS,
        dynamic_ncols=True,
        leave=False,
        bar_format=_BAR_FORMAT,
    )


class _NoBar:
    """What a disabled bar does: nothing."""

    def set_description_str(self, text: str, *, refresh: bool) -> None:
        pass

    def update(self, steps: int) -> None:
        pass

    def close(self) -> None:
        pass
