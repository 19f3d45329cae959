from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.pipeline import run_audit
from audit.report.writer import (
    ARTICLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    csv_bytes,
    report_contents,
    write_report,
    zip_bytes,
)
from audit.text.cells import neutralise_cell


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_formula_cells_are_neutralised_but_numbers_are_not() -> None:
    data = csv_bytes(
        [{"text": '=HYPERLINK("http://x")', "score": -0.5}, {"text": "+1", "score": 0.25}],
        ("text", "score"),
    )
    rows = _rows(data)
    assert rows[0]["text"] == '\'=HYPERLINK("http://x")' and rows[1]["text"] == "'+1"
    assert rows[0]["score"] == "-0.5"


def test_numbers_in_mixed_columns_are_left_alone() -> None:
    data = csv_bytes([{"v": -0.5}, {"v": "-x"}, {"v": None}, {"v": "+"}], ("v",))
    assert [row["v"] for row in _rows(data)] == ["-0.5", "'-x", "", "'+"]


@given(st.lists(st.one_of(st.text(), st.floats(-1e6, 1e6, allow_nan=False), st.none()), min_size=1))
def test_csv_cells_match_the_cell_by_cell_reference(values: list) -> None:
    data = csv_bytes([{"v": v} for v in values], ("v",))
    expected = csv_bytes([{"v": neutralise_cell(v)} for v in values], ("v",))
    assert data == expected


@given(st.text())
def test_neutralised_cells_never_start_a_formula(text: str) -> None:
    cell = neutralise_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)


def test_reports_have_the_promised_columns(bundled_result) -> None:
    files = report_contents(bundled_result, AuditConfig(), [("x", b"x")])
    paragraphs = _rows(files["paragraphs.csv"])
    assert tuple(paragraphs[0]) == PARAGRAPH_COLUMNS
    assert len(paragraphs) == len(bundled_result.paragraphs)
    articles = _rows(files["articles.csv"])
    assert tuple(articles[0]) == ARTICLE_COLUMNS and len(articles) == 5
    manifest = json.loads(files["run.json"])
    assert manifest["inputs"][0]["sha256"].startswith("2d711642b726b04401627ca9fbac32f5")
    assert manifest["config"]["dedup"]["near_threshold"] == AuditConfig().dedup.near_threshold
    assert manifest["counts"]["duplicate"] == 11


def test_paragraph_text_in_the_report_is_the_original_span(bundled_result) -> None:
    files = report_contents(bundled_result, AuditConfig(), [])
    originals = {a.article_id: a.text for a in bundled_result.story.articles}
    for row in _rows(files["paragraphs.csv"]):
        assert originals[row["article_id"]][int(row["start"]) : int(row["end"])] == row["text"]


def test_a_fresh_audit_of_the_same_input_gives_byte_identical_reports(
    bundled_result, bundled_path: Path
) -> None:
    loaded = load_input(bundled_path)  # loaded and audited again, not the same object
    again = run_audit(loaded.stories[0], AuditConfig(), warnings=loaded.warnings)
    first = report_contents(bundled_result, AuditConfig(), loaded.files)
    second = report_contents(again, AuditConfig(), loaded.files)
    assert again is not bundled_result and first == second


def test_write_report_replaces_the_folder_as_a_whole(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    write_report(folder, {"a.csv": b"old", "stale.csv": b"x"})
    files = write_report(folder, {"a.csv": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == [".audit-report", "a.csv"]
    assert (folder / "a.csv").read_bytes() == b"new" and files.files == (folder / "a.csv",)
    assert [p.name for p in tmp_path.iterdir()] == ["story"]  # no staging leftovers


def test_a_failed_write_leaves_the_previous_report_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    write_report(folder, {"a.csv": b"old"})

    class Exploding(dict):
        def items(self):  # type: ignore[override]
            yield "a.csv", b"new"
            raise OSError("disk full")

    with pytest.raises(OSError):
        write_report(folder, Exploding())
    assert (folder / "a.csv").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["story"]


def test_zip_holds_every_file_and_is_deterministic() -> None:
    import zipfile

    contents = {"b.csv": b"2", "a.csv": b"1"}
    data = zip_bytes("story", contents)
    assert data == zip_bytes("story", dict(reversed(contents.items())))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["story/a.csv", "story/b.csv"]
        assert archive.read("story/b.csv") == b"2"


def test_cells_with_line_breaks_round_trip_through_a_csv_reader() -> None:
    values = ["a\rb", "c\nd", "e\r\nf", 'quote " inside', "plain"]
    data = csv_bytes([{"text": v, "n": i} for i, v in enumerate(values)], ("text", "n"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [row["text"] for row in rows] == values
