"""Hostile and unlucky inputs to `audit run` and `audit dedup` (small versions of issue 13's
cases): nothing deleted, nothing hangs, one line per error with the right exit code."""

from __future__ import annotations

import codecs
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.cli.run import main
from audit.cli.signals import Terminated, sigterm_interrupts
from audit.report.folders import folder_name


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _story(story_id: str) -> list[dict]:
    return [{"story_id": story_id, "source": s, "text": f"Text by {s}. More words."} for s in "ab"]


def _err_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_a_story_id_naming_a_user_folder_deletes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "precious").mkdir(parents=True)
    (out / "precious" / "work.txt").write_text("mine", encoding="utf-8")
    rows = _story("fine") + _story("precious")
    assert main(["run", str(_jsonl(tmp_path / "in.jsonl", rows)), "--out", str(out)]) == 1
    assert "not written by audit run" in _err_line(capsys)
    assert (out / "precious" / "work.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["precious"]  # nothing written at all


def test_ids_that_clean_to_one_name_get_their_own_folders(tmp_path: Path) -> None:
    ids = ["a/b", "a?b", "a-b", ".", "..", "-", "profiles.csv", "x" * 300]
    rows = [row for story_id in ids for row in _story(story_id)]
    out = tmp_path / "out"
    assert (
        main(["run", str(_jsonl(tmp_path / "in.jsonl", rows)), "--out", str(out), "--quiet"]) == 0
    )
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == sorted(folder_name(i) for i in ids) and len(set(folders)) == len(ids)
    assert (out / "profiles.csv").is_file()
    for story_id in ids:
        with (out / folder_name(story_id) / "articles.csv").open(encoding="utf-8") as table:
            rows_read = list(csv.DictReader(table))
        # Kept as given ("-" gets the formula guard's leading "'").
        assert {r["story_id"].removeprefix("'") for r in rows_read} == {story_id}


def test_fifos_are_refused_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text("A real article. With words.", encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    for argv in (["run", str(fifo)], ["run", str(folder)], ["dedup", str(fifo)]):
        assert main([*argv, "--quiet"] if argv[0] == "run" else argv) == 2
        assert "not a regular file" in _err_line(capsys)
    assert main(["dedup", str(folder)]) == 2
    assert "b.txt: not a regular file" in _err_line(capsys)


def test_deep_json_and_symlink_loops_are_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"text": "ok"}\n{"text": ' + "[" * 5000 + "]" * 5000 + "}\n")
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    for command in ("run", "dedup"):
        assert main([command, str(deep)]) == 2
        assert "deep.jsonl:2: JSON nested too deeply" in _err_line(capsys)
        assert main([command, str(loop)]) == 2
        assert "symbolic link loop" in _err_line(capsys)


def test_unreadable_folders_are_errors_in_both_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "story"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Words here.", encoding="utf-8")

    def denying(real):
        def denied(path="."):  # as chmod 000 would (the tests may run as root)
            if isinstance(path, (str, os.PathLike)) and Path(path) in (folder, folder / "sub"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path)

        return denied

    monkeypatch.setattr(os, "scandir", denying(os.scandir))
    monkeypatch.setattr(os, "listdir", denying(os.listdir))
    assert main(["run", str(folder), "--quiet"]) == 2
    assert "cannot list folder: permission denied" in _err_line(capsys)
    assert main(["dedup", str(folder)]) == 2
    assert "cannot list folder: permission denied" in _err_line(capsys)


def test_latin1_is_read_with_a_warning_naming_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "story_id,source,text\ns,a,Quoted \u201cfine\u201d.\ns,b,caf\u00e9 and more.\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(data.encode("utf-8").replace("caf\u00e9".encode(), b"caf\xe9"))
    message = "line 3: not valid UTF-8 at column 8 (byte 0xe9)"
    assert main(["run", str(latin), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert message in capsys.readouterr().err
    assert main(["dedup", str(latin)]) == 0
    assert message in capsys.readouterr().err


def test_a_bom_on_stdin_does_not_hide_jsonl(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + _jsonl(tmp_path / "x.jsonl", _story("s")).read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "audit", "run", "-", "--out", str(tmp_path / "out"), "--quiet"],
        input=data, capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "s" / "articles.csv").is_file()


def test_utf16_without_bom_is_named_without_raw_nuls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_bytes("text,source\nhello,a\n".encode("utf-16-le"))
    for command in ("run", "dedup"):
        assert main([command, str(wide)]) == 2
        err = _err_line(capsys)
        assert "UTF-16 without a byte-order mark" in err and "\x00" not in err


def test_a_bad_line_in_utf16_jsonl_is_one_clear_error(tmp_path: Path) -> None:
    # the reader's generator was closed after its file, and printed "Exception ignored in" and
    # a traceback on the way out
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes('{"text": "fine words here"}\nnot json\n'.encode("utf-16"))
    for command in ("run", "dedup"):
        done = subprocess.run(
            [sys.executable, "-m", "audit", command, str(wide), "--out", str(tmp_path / "o")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert f"{wide}:2: malformed JSON" in done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_empty_input_to_dedup_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert main(["dedup", str(empty), "--quiet"]) == 0
    assert "warning: no records in the input" in capsys.readouterr().err


def test_csv_errors_name_the_line_the_bad_row_starts_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b'id,text\n1,"two\nlines"\n2,"bad"x\n')
    assert main(["dedup", str(bad)]) == 2
    assert "bad.csv:4: not valid CSV" in _err_line(capsys)


def test_dedup_write_failures_are_one_line_exit_1_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = _jsonl(
        tmp_path / "feed.jsonl", [{"id": str(i), "text": "same words here"} for i in "12"]
    )
    (tmp_path / "folder.csv").mkdir()
    assert main(["dedup", str(feed), "--out", str(tmp_path / "folder.csv")]) == 1
    assert "folder.csv" in _err_line(capsys)
    from audit.dedup.output import RowWriter

    def full(self, row):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RowWriter, "write", full)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["dedup", str(feed), "--out", str(out / "pairs.csv")]) == 1
    assert "No space left on device" in _err_line(capsys)
    assert list(out.iterdir()) == []  # no temporary file left
    assert main(["dedup", str(feed)]) == 1  # stdout full
    assert "No space left on device" in _err_line(capsys)


def test_a_closed_pipe_is_one_line_exit_1(tmp_path: Path) -> None:
    rows = [{"id": str(i), "text": f"record {i} has its own words"} for i in range(20000)]
    feed = _jsonl(tmp_path / "feed.jsonl", rows)
    reader = subprocess.Popen(
        ["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    done = subprocess.run(
        [sys.executable, "-m", "audit", "dedup", str(feed), "--emit", "unique", "--quiet"],
        stdout=reader.stdin, stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    reader.stdin.close()
    reader.wait()
    assert done.returncode == 1
    assert (
        done.stderr.decode().strip()
        == "audit dedup: error: output closed before the end (broken pipe)"
    )


def test_sigterm_unwinds_like_ctrl_c() -> None:
    with pytest.raises(Terminated), sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_sigterm_during_dedup_leaves_no_temp_file(tmp_path: Path) -> None:
    rows = [
        {"id": str(i), "text": f"record {i} with words {i % 97} and {i % 89}"} for i in range(60000)
    ]
    feed = _jsonl(tmp_path / "feed.jsonl", rows)
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-m", "audit", "dedup", str(feed), "--out", str(out / "pairs.csv")],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(out.iterdir()) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # well into the run
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the run ended before the signal came")
    assert child.returncode == 143, err
    assert list(out.iterdir()) == []
