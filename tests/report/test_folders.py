"""Report folders: injective names, only audit's own folders replaced, leftovers recovered."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.report.folders import (
    MARKER,
    RESERVED_NAMES,
    ReportFolderError,
    folder_name,
    recover_reports,
    report_folders,
    write_report,
)

HOSTILE = [
    "a/b", "a?b", "a\0b", "a-b", "a", "A", ".", "..", "-", "\U0001f600", "x", "story",
    "profiles.csv", "summary.csv", "con", ".git", "notes.txt", "a" * 300, "a" * 301,
    "Kyiv / Київ", "../escape", "/abs", "a\\b", " a", "a.", "a~b",
]  # fmt: skip


def test_hostile_ids_get_distinct_safe_names() -> None:
    names = [folder_name(i) for i in HOSTILE]
    assert len({n.casefold() for n in names}) == len(HOSTILE)  # even case-insensitively
    for name in names:
        assert name not in ("", ".", "..") and name not in RESERVED_NAMES
        assert not name.startswith((".", "-")) and "/" not in name and "\0" not in name
        assert len(name.encode("utf-8")) <= 100


def test_plain_ids_are_their_own_folder_and_others_are_readable() -> None:
    assert folder_name("ukraine-reassurance-force") == "ukraine-reassurance-force"
    assert folder_name("event-0") == "event-0"
    assert folder_name("a/b").startswith("a-b~") and folder_name("a?b").startswith("a-b~")
    assert folder_name("\U0001f600").startswith("story~")


@given(st.text(max_size=30), st.text(max_size=30))
def test_folder_names_are_injective(a: str, b: str) -> None:
    if a != b:
        assert folder_name(a).casefold() != folder_name(b).casefold()


def test_a_folder_audit_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    for target in (precious, notes):
        with pytest.raises(ReportFolderError, match="not written by audit run"):
            write_report(target, {"a.csv": b"x"})
    with pytest.raises(ReportFolderError):
        report_folders(tmp_path, ["ok-story", "precious"])
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    assert notes.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "precious"]


def test_reports_of_older_versions_without_the_marker_are_replaced(tmp_path: Path) -> None:
    old = tmp_path / "story"
    old.mkdir()
    (old / "paragraphs.csv").write_bytes(b"old")
    (old / "run.json").write_text(json.dumps({"audit_version": "0.1", "story_id": "story"}))
    write_report(old, {"paragraphs.csv": b"new"})
    assert (old / "paragraphs.csv").read_bytes() == b"new" and (old / MARKER).is_file()


def test_leftovers_of_a_killed_run_are_cleaned_or_restored(tmp_path: Path) -> None:
    write_report(tmp_path / "kept", {"a.csv": b"1"})
    # Killed between the two renames: the report is only inside .old-*.
    retired = tmp_path / ".moved.old-999999999-abcd"
    retired.mkdir()
    os.replace(tmp_path / "kept", retired / "moved")
    staging = tmp_path / ".other.staging-999999999-ef01"
    staging.mkdir()
    (staging / "paragraphs.csv").write_bytes(b"half")
    live = tmp_path / f".busy.staging-{os.getppid()}-0000"  # a running process's staging
    live.mkdir()
    user = tmp_path / ".mine.staging-x"  # looks like a leftover, holds a user's file
    user.mkdir()
    (user / "diary.docx").write_bytes(b"private")
    assert recover_reports(tmp_path) == (tmp_path / "moved",)
    assert (tmp_path / "moved" / "a.csv").read_bytes() == b"1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, user.name, "moved"]


def test_an_interrupted_write_leaves_no_staging_folder(tmp_path: Path) -> None:
    class Interrupted(dict):
        def items(self):  # type: ignore[override]
            yield "a.csv", b"x"
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_report(tmp_path / "story", Interrupted())
    assert list(tmp_path.iterdir()) == []


def test_atomic_files_get_a_plain_files_permissions_and_leave_no_temporary(
    tmp_path: Path,
) -> None:
    from audit.group.feed import save_feed
    from audit.report.folders import atomic_file, current_umask, write_file

    expected = 0o666 & ~current_umask()
    written = write_file(tmp_path / "profiles.csv", b"a,b\r\n")
    save_feed(tmp_path / "stories.jsonl", [{"id": "a1", "text": "t"}], "jsonl")
    for path in (written, tmp_path / "stories.jsonl"):
        assert path.stat().st_mode & 0o777 == expected  # mkstemp alone would give 0o600
    assert (tmp_path / "stories.jsonl").read_text(encoding="utf-8").startswith('{"id": "a1"')
    with pytest.raises(RuntimeError), atomic_file(tmp_path / "half.csv") as out:
        out.write(b"partial")
        raise RuntimeError("stopped half way")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profiles.csv", "stories.jsonl"]
