from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from audit.cli.run import main
from audit.cli.summary import TOP, WARNINGS_SHOWN, story_lines, summary_lines, warning_lines
from audit.model import InputWarning
from audit.report.summary import StorySummary

SCREEN = 24  # lines of a standard terminal


def _summary(story_id: str, *, omitted=(), flags=(), sources=("A", "B")) -> StorySummary:
    return StorySummary(
        story_id=story_id,
        folder=Path("reports") / story_id,
        n_articles=len(sources),
        sources={f"{story_id}-{i}": s for i, s in enumerate(sources)},
        kinds=(("content", 4), ("boilerplate", 1)),
        flags=(),
        evidence=(("hedge", 1),),
        naming=(),
        n_units=3,
        n_shared_units=2,
        omitted=tuple(omitted),
        framing_flags=tuple(flags),
        n_shared_text=0,
        warnings=(),
    )


def _many() -> list[StorySummary]:
    stories = [_summary(f"s{i:03d}", sources=(f"Outlet {i % 40:02d}", "Wire")) for i in range(300)]
    picked = {"s010": 9, "s020": 8, "s030": 7, "s040": 6, "s050": 5, "s060": 5, "s070": 1}
    for i, s in enumerate(stories):
        omitted = ((f"Outlet {i % 40:02d}", picked[s.story_id]),) if s.story_id in picked else ()
        flags = (("Wire", 100 + i),) if i >= 295 else (("Wire", 1),)
        stories[i] = _summary(s.story_id, omitted=omitted, flags=flags, sources=("Wire",))
    return stories


def test_many_stories_fit_one_screen() -> None:
    lines = summary_lines(_many(), Path("reports"))
    assert len(lines) <= SCREEN
    assert max(len(line) for line in lines) <= 100
    text = "\n".join(lines)
    assert text.startswith("300 stories, 300 articles from 1 outlet\n")
    assert "omissions: 41 " in text and "framing flags: 2280 " in text
    # 41 = 9+8+7+6+5+5+1; 2280 = 295 stories with 1 flag + 395+396+397+398+399
    assert "reports/summary.csv" in text and "make app" in text and "streamlit run app.py" in text


def test_the_top_five_are_the_most_ties_by_name() -> None:
    lines = summary_lines(_many(), Path("reports"))
    start = next(i for i, line in enumerate(lines) if line.startswith("  stories"))
    listed = lines[start + 1 : start + 1 + TOP]
    left = [line[:40].split() for line in listed]
    assert left == [["9", "s010"], ["8", "s020"], ["7", "s030"], ["6", "s040"], ["5", "s050"]]
    right = [line[40:].split() for line in listed]
    assert right == [["399", "s299"], ["398", "s298"], ["397", "s297"], ["396", "s296"],
                     ["395", "s295"]]  # fmt: skip


def test_long_and_hostile_names_stay_on_their_line() -> None:
    stories = [
        _summary("x" * 90, omitted=(("Evil\x1b[2J\nOutlet", 3),), sources=("Evil\x1b[2J\nOutlet",)),
        _summary("y", omitted=(("B", 1),)),
    ]
    lines = summary_lines(stories, Path("reports"))
    text = "\n".join(lines)
    assert "\x1b" not in text and "Evil\\x1b[2J\\x0aOutlet" in text
    assert max(len(line) for line in lines) <= 100
    assert "x" * 27 + "…" in text


def test_one_story_keeps_its_short_account() -> None:
    lines = summary_lines([_summary("only", omitted=(("A", 2),))], Path("reports"))
    assert lines[0].startswith("only: 2 articles, 5 paragraphs")
    assert "  omissions (units most others report): A 2" in lines
    assert "  reports: reports/only/" in lines and "Most omissions" not in "\n".join(lines)
    assert len(lines) <= SCREEN


def test_one_story_of_many_articles_still_fits_one_screen() -> None:
    # the Helsinki day as one story: 612 articles from 75 outlets, most of them flagged
    sources = tuple(f"Outlet {i % 75}" for i in range(612))
    big = replace(
        _summary("day", omitted=[(f"Outlet {i}", 75 - i) for i in range(75)], sources=sources),
        flags=tuple(
            (f"day-{i}", reason, 1 + i % 3)
            for i in range(612)
            for reason in (("byline", "exact repeat") if i % 2 else ("photo credit",))
        ),
        naming=tuple(f"form{i} / form{i}s" for i in range(40)),
    )
    lines = story_lines(big)
    assert len(lines) <= 16
    text = "\n".join(lines)
    assert "Outlet 0 75, Outlet 1 74, Outlet 2 73, Outlet 3 72, Outlet 4 71, and 70 more" in text
    # 306 odd articles with a byline and a repeat, 306 even ones with a photo credit
    assert "  flagged: 612 x byline in 306 articles" in lines  # (1+2+3)/3 * 306 paragraphs
    assert "and 30 more variants (naming.csv)" in text


def test_a_few_flagged_articles_are_each_named() -> None:
    few = replace(_summary("s"), flags=(("s-0", "exact repeat", 11), ("s-1", "hashtag line", 1)))
    assert "  flagged in A (s-0): 11 x exact repeat" in story_lines(few)


def test_many_warnings_are_grouped_by_message() -> None:
    warnings = [InputWarning(f"s{i}", "only one article in this story: nothing to compare")
                for i in range(500)]  # fmt: skip
    warnings += [InputWarning(f"f{i}.txt", f"odd thing {i}") for i in range(30)]
    lines = warning_lines(warnings)
    assert len(lines) == WARNINGS_SHOWN
    assert lines[0].startswith("audit: warning: only one article in this story: nothing to "
                               "compare (500 x, e.g. s0)")  # fmt: skip
    assert lines[-1] == "audit: warning: 22 more warnings: see each story's run.json"


def test_few_warnings_are_each_shown_escaped() -> None:
    lines = warning_lines([InputWarning("bad\x1bname.txt", "line 2: x"), InputWarning("a", "b")])
    assert lines == ["audit: warning: a: b", "audit: warning: bad\\x1bname.txt: line 2: x"]


def test_a_run_over_many_stories_prints_one_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"story_id": f"story-{i:02d}", "source": source, "text": f"Story {i} as {source} saw it."}
        for i in range(40)
        for source in (("left", "right") if i % 4 else ("left",))
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "r")]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) <= SCREEN
    assert captured.out.startswith("40 stories, 70 articles from 2 outlets")
    assert len(captured.err.splitlines()) <= WARNINGS_SHOWN  # 10 single-article stories
    summary = (tmp_path / "r" / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert len(summary) == 41 and summary[1].startswith("story-00,1,1,left,")
