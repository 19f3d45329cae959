from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli.run import build_parser, main


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("argv", [["--help"], *([name, "--help"] for name in _subcommands())])
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    assert "usage: audit" in capsys.readouterr().out


def test_python_dash_m_audit_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "run" in done.stdout


def test_run_without_input_audits_the_bundled_story(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--out", str(tmp_path)]) == 0
    folder = tmp_path / "ukraine-reassurance-force"
    assert {p.name for p in folder.iterdir()} >= {
        "paragraphs.csv", "articles.csv", "run.json", "evidence.csv", "naming.csv", "quotes.csv",
        "framing.csv",
    }  # fmt: skip
    out = capsys.readouterr().out
    assert "5 articles" in out and "11 repeats" in out and "make app" in out
    assert json.loads((folder / "run.json").read_text())["counts"]["articles"] == 5


def test_two_runs_write_byte_identical_reports(tmp_path: Path) -> None:
    assert main(["run", "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["run", "--out", str(tmp_path / "b"), "--quiet"]) == 0
    first = sorted((tmp_path / "a").rglob("*.*"))
    second = sorted((tmp_path / "b").rglob("*.*"))
    assert [p.name for p in first] == [p.name for p in second] and first
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_many_stories_in_one_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"story_id": story, "source": source, "text": f"{story} text by {source}. More words."}
        for story in ("e1", "e2")
        for source in ("left", "right")
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "r")]) == 0
    names = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert names == ["e1", "e2", "profiles.csv", "summary.csv"]
    profiles = (tmp_path / "r" / "profiles.csv").read_text(encoding="utf-8").splitlines()
    assert profiles[0].startswith("source,n_stories")
    assert sorted(line.split(",")[:2] for line in profiles[1:]) == [["left", "2"], ["right", "2"]]


def test_single_article_is_audited_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Only one outlet covered this.\nIt said so.", encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "r")]) == 0
    assert "nothing to compare" in capsys.readouterr().err
    assert (tmp_path / "r" / "one" / "paragraphs.csv").exists()


def test_paragraph_separator_option(tmp_path: Path) -> None:
    path = tmp_path / "wire.csv"
    path.write_text('id,publisher,text\n1,a,"One. ### Two."\n2,b,"Three."\n', encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path), "--paragraph-separator", " ### "]) == 0
    manifest = json.loads((tmp_path / "wire" / "run.json").read_text())
    assert manifest["counts"]["paragraphs"] == 3


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing", "missing: no such file or folder"),
        (lambda d: _file(d / "empty.txt", b""), "empty.txt: file is empty"),
        (
            lambda d: _file(d / "bad.jsonl", b'{"text": "a"}\n{oops\n'),
            "bad.jsonl:2: malformed JSON",
        ),
        (lambda d: _file(d / "bad.csv", b"source,text\na,b,c\n"), "bad.csv:2: malformed CSV row"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_input, message: str
) -> None:
    out = tmp_path / "reports"
    assert main(["run", str(make_input(tmp_path)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert not out.exists()


def test_bad_config_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _file(tmp_path / "c.toml", b"[clean]\nnope = 1\n")
    assert main(["run", "--config", str(config), "--out", str(tmp_path)]) == 2
    assert "unknown config key clean.nope" in capsys.readouterr().err


def test_a_not_bias_typo_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _file(tmp_path / "c.toml", b'[framing.bias]\nnot_bias = ["slanted_verbs:denny"]\n')
    out = tmp_path / "reports"
    assert main(["run", "--config", str(config), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "not_bias: entry 'slanted_verbs:denny' matches no entry" in err
    assert "Traceback" not in err and err.count("\n") == 1 and not out.exists()


def test_unwritable_output_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = _file(tmp_path / "file", b"x")
    assert main(["run", "--out", str(blocker / "sub"), "--quiet"]) == 1
    assert "cannot write reports" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--no-such-flag"])
    assert exited.value.code == 2


def test_stdin_input(tmp_path: Path) -> None:
    data = json.dumps({"story_id": "s", "source": "x", "text": "Hello there. More."}) + "\n"
    data += json.dumps({"story_id": "s", "source": "y", "text": "Other text here."})
    done = subprocess.run(
        [sys.executable, "-m", "audit", "run", "-", "--out", str(tmp_path), "--quiet"],
        input=data.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "s" / "paragraphs.csv").exists()


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("story_id", [".", "..", "../escape", "/abs"])
def test_story_ids_never_name_a_folder_outside_out(tmp_path: Path, story_id: str) -> None:
    out = tmp_path / "out"
    keep = out / "earlier-story" / "paragraphs.csv"
    keep.parent.mkdir(parents=True)
    keep.write_text("kept", encoding="utf-8")
    rows = [{"story_id": story_id, "source": s, "text": f"Text by {s}."} for s in "ab"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 0
    assert keep.read_text(encoding="utf-8") == "kept"
    assert all(p.parent == out for p in out.iterdir())
    assert not (tmp_path / "escape").exists()


def test_reports_do_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    outputs = []
    for cwd in (tmp_path / "one", tmp_path / "two" / "deeper"):
        cwd.mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-m", "audit", "run", "--out", "r", "--quiet"],
            cwd=cwd, check=True, env={**os.environ, "PYTHONHASHSEED": str(len(str(cwd)))},
        )  # fmt: skip
        folder = cwd / "r" / "ukraine-reassurance-force"
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1]


_HEAVY = ("pandas", "streamlit", "trafilatura", "textstat", "nltk", "scipy", "pyspark", "tqdm")


def _imported_after(argv: list[str], tmp_path: Path) -> set[str]:
    """The heavy libraries loaded by `audit ARGV` in a fresh interpreter."""
    script = (
        "import sys\n"
        "from audit.cli.run import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('loaded:', *(m for m in {_HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return set(done.stderr.splitlines()[-1].split()[1:])


def test_help_and_dedup_import_no_library_they_do_not_use(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "one text"}\n{"id": "b", "text": "one text"}\n')
    assert _imported_after(["--help"], tmp_path) == set()
    assert _imported_after(["dedup", "--quiet", str(feed), "--out", "o.csv"], tmp_path) == set()


def test_quiet_run_on_plain_text_imports_no_pandas_tqdm_nltk_trafilatura(tmp_path: Path) -> None:
    # textstat is imported with a stand-in for nltk (audit/framing/readability.py), and the
    # bundled story has no HTML page for trafilatura; reports are written with the csv module;
    # under --quiet no progress bar is drawn, so tqdm is not imported. (The bundled story is
    # under FORK_MIN_PARAGRAPHS: it is measured in this process, which imports textstat.)
    loaded = _imported_after(["run", "--quiet", "--out", str(tmp_path / "r")], tmp_path)
    assert "textstat" in loaded
    assert not loaded & {"pandas", "nltk", "trafilatura", "streamlit", "pyspark", "tqdm"}
