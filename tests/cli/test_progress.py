from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from audit.cli import progress as progress_module
from audit.cli.progress import REPORT_STAGE, RunProgress
from audit.cli.run import main
from audit.config import AuditConfig
from audit.model import Article, Story
from audit.pipeline import STAGES, run_audit


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr and stdout are when a user watches."""

    def isatty(self) -> bool:
        return True


def _story(story_id: str, n: int) -> Story:
    articles = tuple(
        Article(f"{story_id}-{i}", story_id, f"Outlet {i}", f"Text number {i} of {story_id}.")
        for i in range(n)
    )
    return Story(story_id, articles)


def _drive(bar: RunProgress, stories: list[Story]) -> list[int]:
    """Every callback a run makes, as run_audit and the CLI make them; the positions seen."""
    seen = []
    for story in stories:
        tell = bar.story(story)
        for done in range(1, len(story.articles) + 1):
            tell("segment", done, len(story.articles))
            seen.append(bar.position)
        for stage in STAGES[1:]:
            tell(stage, 1, 1)
            seen.append(bar.position)
        bar.written()
        seen.append(bar.position)
    return seen


def test_the_bar_advances_through_every_story_and_stage_to_its_end() -> None:
    stories = [_story("a", 3), _story("b", 1), _story("c", 7)]
    with RunProgress(stories, io.StringIO(), enabled=False) as bar:
        seen = _drive(bar, stories)
    assert bar.total == (3 + 1 + 7) * (len(STAGES) + 1)
    assert seen == sorted(seen) and seen[-1] == bar.total
    # each stage of each story moves the bar: no stage is left out of the count
    assert len(set(seen)) == len(seen)


def test_each_story_ends_where_its_share_of_the_bar_ends() -> None:
    stories = [_story("a", 2), _story("b", 4)]
    with RunProgress(stories, io.StringIO(), enabled=False) as bar:
        bar.story(stories[0])
        bar.written()
        assert bar.position == 2 * (len(STAGES) + 1)
        bar.story(stories[1])("segment", 1, 4)
        assert bar.position == 2 * (len(STAGES) + 1) + 1


def test_a_disabled_bar_writes_nothing() -> None:
    stream = _Terminal()
    stories = [_story("a", 2)]
    with RunProgress(stories, stream, enabled=False) as bar:
        _drive(bar, stories)
    assert stream.getvalue() == ""


def test_an_enabled_bar_names_the_story_and_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0)
    stream = _Terminal()
    stories = [_story("first\x1b[2J", 2), _story("second", 2)]
    with RunProgress(stories, stream, enabled=True) as bar:
        _drive(bar, stories)
    drawn = stream.getvalue()
    assert "[1/2] first\\x1b[2J segment" in drawn
    # a stage reports when it is done: the bar names the next one, the CLI's writing last
    assert re.search(r"\[1/2\] first\S* repeats ", drawn)
    assert re.search(rf"\[2/2\] second +{REPORT_STAGE} +100%", drawn)
    assert "\x1b[2J" not in drawn  # the story id cannot clear the screen


def test_run_audit_and_the_bar_agree_on_the_stages(bundled_result) -> None:
    story = bundled_result.story
    with RunProgress([story], io.StringIO(), enabled=False) as bar:
        run_audit(story, AuditConfig(), progress=bar.story(story))
        bar.written()
    assert bar.position == bar.total


def _two_stories(tmp_path: Path) -> Path:
    rows = [{"story_id": s, "source": o, "text": f"{s} told by {o}."} for s in "xy" for o in "ab"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_no_bar_when_output_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0)
    assert main(["run", str(_two_stories(tmp_path)), "--out", str(tmp_path / "r")]) == 0
    captured = capsys.readouterr()
    assert "%|" not in captured.err and "%|" not in captured.out
    assert "2 stories" in captured.out


def test_no_bar_when_only_stderr_is_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0)
    err, out = _Terminal(), io.StringIO()  # `audit run ... > log`: the bar would be unseen noise
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["run", str(_two_stories(tmp_path)), "--out", str(tmp_path / "r")]) == 0
    assert "%|" not in err.getvalue()


def test_quiet_on_a_terminal_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0)
    err, out = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    path = _two_stories(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    assert err.getvalue() == "" and out.getvalue() == ""


def test_a_terminal_gets_the_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0)
    err, out = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["run", str(_two_stories(tmp_path)), "--out", str(tmp_path / "r")]) == 0
    assert "[2/2] y" in err.getvalue() and "100%" in err.getvalue()
    assert "%|" not in out.getvalue()  # the bar never mixes into the summary
