"""`audit run --engine spark` against a local run: the same report trees, byte for byte, in
local[2] on small multi-story inputs (one session for the module: starting Spark takes
seconds; the CLI's run finds it active and leaves it running)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.cli.run import main
from tests.dedup.spark_support import local_session

DATA = Path(__file__).parent.parent / "data" / "cli"


@pytest.fixture(scope="module")
def session() -> Iterator[object]:
    yield from local_session()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path (the report folders' markers included)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def both_runs(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[dict, str], tuple[dict, str]]:
    runs = []
    for engine in ("local", "spark"):
        out = tmp_path / engine
        argv = ["run", str(source), "--out", str(out), "--engine", engine]
        assert main([*argv, "--spark-master", "local[2]"]) == 0
        printed = capsys.readouterr().out.replace(str(out), "OUT")
        runs.append((tree(out), printed))
    return runs[0], runs[1]


def test_spark_run_writes_the_local_run_s_reports_byte_for_byte(
    session: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (local, local_out), (spark, spark_out) = both_runs(DATA / "stories.jsonl", tmp_path, capsys)
    stories = {name.split("/")[0] for name in local if "/" in name}
    assert stories == {"harbour-bridge", "river-flood", "school-budget"}
    assert {"profiles.csv", "summary.csv", "harbour-bridge/paragraphs.csv"} <= set(local)
    assert spark == local
    assert spark_out == local_out  # the printed summary too


def test_batches_come_back_in_input_order(
    session: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from audit.report import spark

    monkeypatch.setattr(spark, "STORIES_PER_CORE", 1)  # local[2]: batches of two stories
    lines = (DATA / "stories.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    # five stories, their ids out of alphabetical order, so sorting would show
    feed = [{**r, "story_id": f"{sid}-{r['story_id']}"} for sid in ("z", "a") for r in records]
    feed = [r for r in feed if not r["story_id"].startswith("a-school")]
    source = tmp_path / "feed.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in feed), encoding="utf-8")
    (local, local_out), (spark_tree, spark_out) = both_runs(source, tmp_path, capsys)
    assert spark_tree == local
    assert spark_out == local_out
    order = [row.split(b",")[0] for row in local["summary.csv"].split(b"\r\n")[1:] if row]
    assert order == [b"z-harbour-bridge", b"z-river-flood", b"z-school-budget",
                     b"a-harbour-bridge", b"a-river-flood"]  # fmt: skip


def test_spark_run_without_pyspark_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # importing it now fails as if absent
    monkeypatch.delitem(sys.modules, "audit.dedup.spark", raising=False)
    monkeypatch.delitem(sys.modules, "audit.report.spark", raising=False)
    out = tmp_path / "reports"
    code = main(["run", str(DATA / "stories.jsonl"), "--out", str(out), "--engine", "spark"])
    err = capsys.readouterr().err
    assert code == 2
    assert "pip install 'audit[spark]'" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()  # refused before anything is written
