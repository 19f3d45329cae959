"""summary.csv against the per-story reports it sums up, and what was checked by hand."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from audit.cli.run import main
from audit.report.summary import SUMMARY_COLUMNS, ranked

DATA = Path(__file__).parent.parent / "data" / "cli"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    assert main(["run", str(DATA / "stories.jsonl"), "--out", str(out), "--quiet"]) == 0
    return out


def test_one_row_per_story_in_input_order(run: Path) -> None:
    rows = _rows(run / "summary.csv")
    assert (run / "summary.csv").read_bytes().split(b"\r\n")[0].decode() == ",".join(
        SUMMARY_COLUMNS
    )
    assert [r["story_id"] for r in rows] == ["harbour-bridge", "river-flood", "school-budget"]


def test_counts_checked_by_hand(run: Path) -> None:
    bridge = _rows(run / "summary.csv")[0]
    # three outlets; Morning Post repeats its corrosion paragraph, Daily Ledger ends with a
    # newsletter prompt; 5 + 4 + 4 paragraphs
    assert bridge["n_articles"] == "3" and bridge["n_sources"] == "3"
    assert bridge["sources"] == "City Wire; Daily Ledger; Morning Post"
    assert (bridge["n_paragraphs"], bridge["n_duplicate"], bridge["n_boilerplate"]) == (
        "13", "1", "1",
    )  # fmt: skip
    assert bridge["n_warnings"] == "0"


def test_counts_agree_with_each_storys_reports(run: Path) -> None:
    for row in _rows(run / "summary.csv"):
        folder = run / row["story_id"]
        omissions = _rows(folder / "omissions.csv")
        evidence = _rows(folder / "evidence.csv")
        paragraphs = _rows(folder / "paragraphs.csv")
        units = _rows(folder / "units.csv")
        assert int(row["n_omissions"]) == sum(o["status"] == "omitted" for o in omissions)
        assert int(row["n_evidence"]) == len(evidence)
        neutral = {"named_attribution", "quotation"}
        assert int(row["n_framing_flags"]) == sum(e["kind"] not in neutral for e in evidence)
        assert int(row["n_paragraphs"]) == len(paragraphs)
        assert int(row["n_content"]) == sum(p["kind"] == "content" for p in paragraphs)
        assert int(row["n_units"]) == len({u["unit_id"] for u in units})
        assert int(row["n_shared_units"]) == len(
            {u["unit_id"] for u in units if int(u["n_sources"]) > 1}
        )


def test_summary_is_byte_identical_and_formula_safe(tmp_path: Path) -> None:
    lines = (DATA / "stories.jsonl").read_text(encoding="utf-8")
    hostile = tmp_path / "in.jsonl"
    hostile.write_text(lines.replace('"City Wire"', '"=HYPERLINK(1)"'), encoding="utf-8")
    for out in ("a", "b"):
        assert main(["run", str(hostile), "--out", str(tmp_path / out), "--quiet"]) == 0
    first = (tmp_path / "a" / "summary.csv").read_bytes()
    assert first == (tmp_path / "b" / "summary.csv").read_bytes()
    sources = _rows(tmp_path / "a" / "summary.csv")[0]["sources"]
    assert sources == "'=HYPERLINK(1); Daily Ledger; Morning Post"


def test_one_story_writes_no_summary_csv(tmp_path: Path) -> None:
    assert main(["run", "--out", str(tmp_path), "--quiet"]) == 0
    assert not (tmp_path / "summary.csv").exists()


def test_ranked_is_most_first_ties_by_name_zeros_left_out() -> None:
    assert ranked({"b": 2, "a": 2, "c": 5, "z": 0}) == (("c", 5), ("a", 2), ("b", 2))
