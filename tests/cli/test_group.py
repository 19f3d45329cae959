"""`audit group` and `audit run --group` from the command line: exit codes, formats, the
output feeding `audit run`, the index, --help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from audit.cli.run import main

FEED = Path(__file__).parent.parent / "data" / "group" / "feed.jsonl"


def _rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["group", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for option in ("--out", "--window-days", "--index", "--paragraph-separator", "exit codes"):
        assert option in text


@pytest.mark.parametrize("name", ["stories.csv", "stories.jsonl"])
def test_every_input_field_is_kept_with_the_story(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    assert main(["group", str(FEED), "--out", str(out)]) == 0
    assert "12 articles, 3 stories" in capsys.readouterr().err
    rows = _rows(out)
    given = [json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [g["id"] for g in given]  # feed order kept
    for row, original in zip(rows, given, strict=True):
        assert {k: row[k] for k in original} == original  # every field, text unchanged
        assert row["story_id"].startswith("s-") and row["story_label"]
        assert 0.0 <= float(row["story_similarity"]) <= 1.0
    by_event: dict[str, set[str]] = {}
    for row in rows:
        by_event.setdefault(row["event"], set()).add(row["story_id"])
    assert all(len(ids) == 1 for ids in by_event.values())


def test_the_output_feeds_audit_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "stories.jsonl"
    assert main(["group", str(FEED), "--out", str(out), "--quiet"]) == 0
    story_ids = {r["story_id"] for r in _rows(out)}
    assert main(["run", str(out), "--out", str(tmp_path / "reports"), "--quiet"]) == 0
    assert {p.name for p in (tmp_path / "reports").iterdir() if p.is_dir()} == story_ids


def test_run_group_audits_each_story_and_writes_stories_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    assert main(["run", "--group", str(FEED), "--out", str(reports), "--quiet"]) == 0
    stories = _rows(reports / "stories.csv")
    assert [int(s["n_in_feed"]) for s in stories] == [5, 4, 3]  # largest first
    for story in stories:
        assert (reports / story["story_id"] / "paragraphs.csv").exists()
    assert main(["run", "--group", str(FEED), "--out", str(tmp_path / "again"), "--quiet"]) == 0
    assert (tmp_path / "again" / "stories.csv").read_bytes() == (
        reports / "stories.csv"
    ).read_bytes()


def test_the_index_carries_stories_to_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = FEED.read_text(encoding="utf-8").splitlines()
    monday, tuesday = tmp_path / "monday.jsonl", tmp_path / "tuesday.jsonl"
    monday.write_text("\n".join(lines[:2] + lines[4:7]) + "\n", encoding="utf-8")
    tuesday.write_text("\n".join(lines[2:4] + lines[7:]) + "\n", encoding="utf-8")
    index = str(tmp_path / "stories.db")
    assert main(["group", str(monday), "--index", index, "--out", str(tmp_path / "1.csv")]) == 0
    assert main(["group", str(tuesday), "--index", index, "--out", str(tmp_path / "2.csv")]) == 0
    assert "from earlier runs" in capsys.readouterr().err
    first = {r["id"]: r["story_id"] for r in _rows(tmp_path / "1.csv")}
    second = {r["id"]: r["story_id"] for r in _rows(tmp_path / "2.csv")}
    assert second["q3"] == first["q1"] and second["r4"] == first["r1"]


def test_bad_input_exits_2_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n', encoding="utf-8")
    assert main(["group", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: malformed JSON" in err and "Traceback" not in err
    assert main(["group", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["group", str(FEED), str(FEED)]) == 2  # the same ids twice
    assert "also used at" in capsys.readouterr().err
    assert main(["group", str(FEED), "--out", str(tmp_path / "out.txt")]) == 2
    assert main(["group", str(FEED), "--window-days", "0"]) == 2
    assert not (tmp_path / "out.txt").exists()


def test_an_unwritable_output_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["group", str(FEED), "--out", str(blocker / "out.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_standard_output_is_csv(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    assert main(["group", str(FEED), "--quiet"]) == 0
    header = buffer.getvalue().decode("utf-8").splitlines()[0]
    assert header.startswith("story_id,story_label,story_similarity,story_rule,story_shared,id")


def test_worker_processes_give_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("audit.group.extract._MIN_PARALLEL", 1)  # the shared pool, both passes
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["group", str(FEED), "--out", str(one), "--workers", "1", "--quiet"]) == 0
    assert main(["group", str(FEED), "--out", str(two), "--workers", "2", "--quiet"]) == 0
    assert one.read_bytes() == two.read_bytes() and _rows(one)
