"""`audit dedup` from the command line: exit codes, formats, --emit, --index, stdin, --help."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli.dedup import add_parser, main

DATA = Path(__file__).parent.parent / "data" / "dedup"
ARTICLES = str(DATA / "articles.jsonl")


def dedup(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None, monkeypatch=None
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_and_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = dedup([ARTICLES, "--fail-on-duplicates"], capsys)
    assert code == 1
    assert "10 records, 5 duplicates in 2 clusters" in err
    assert "near 5" in err and "cross-source 5" in err
    assert dedup([ARTICLES], capsys)[0] == 0
    single = tmp_path / "one.jsonl"
    single.write_text('{"id": "a", "text": "Only one article here."}\n', encoding="utf-8")
    code, out, _ = dedup([str(single), "--fail-on-duplicates"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "cluster_id,record_id,other_id,kind,scope,score,rule,article_id,other_article_id,"
        "source,other_source,offset,other_offset,seen_before,spans,excerpt"
    ]


def test_input_errors_exit_2_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": broken\n', encoding="utf-8")
    code, _, err = dedup([str(bad)], capsys)
    assert code == 2
    assert err.strip() == f"audit dedup: error: {bad}:2: malformed JSON: Expecting value"
    code, _, err = dedup([str(tmp_path / "absent.csv")], capsys)
    assert code == 2 and "absent.csv: no such file or folder" in err
    code, _, err = dedup([ARTICLES, "--threshold", "1.5"], capsys)
    assert code == 2 and "--threshold" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--level", "sentence"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_csv_pairs_carry_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "pairs.csv"
    code, out, _ = dedup([ARTICLES, "--level", "paragraph", "--out", str(out_path)], capsys)
    assert code == 0 and out == ""
    rows = list(csv.DictReader(out_path.open(encoding="utf-8")))
    texts = {}
    for line in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        texts[article["id"]] = article["text"]
    footer = next(r for r in rows if r["record_id"] == "bank-wire:p006")
    assert (footer["kind"], footer["scope"], footer["other_id"]) == (
        "boilerplate",
        "same source",
        "flood-wire:p007",
    )
    # Spans are offsets into the paragraphs; offset + span points into the article text.
    span = footer["spans"].split()[0]
    (start, end), (other_start, other_end) = (map(int, p.split("-")) for p in span.split(":"))
    mine = texts["bank-wire"][int(footer["offset"]) + start : int(footer["offset"]) + end]
    other_offset = int(footer["other_offset"])
    theirs = texts["flood-wire"][other_offset + other_start : other_offset + other_end]
    assert mine == theirs
    assert mine.startswith("Copyright 2024 Reuters")
    assert footer["excerpt"].startswith("Copyright 2024 Reuters")


def test_jsonl_output_and_clusters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dedup([ARTICLES, "--format", "jsonl"], capsys)
    pairs = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {p["record_id"] for p in pairs} == {
        "port-byline",
        "port-headline",
        "port-added",
        "port-cut",
        "flood-cut-added",
    }
    assert all(0 <= p["score"] <= 1 and p["spans"] and p["kind"] == "near" for p in pairs)
    code, out, _ = dedup([ARTICLES, "--emit", "clusters", "--format", "jsonl"], capsys)
    clusters = [json.loads(line) for line in out.splitlines()]
    assert [(c["cluster_id"], c["size"]) for c in clusters] == [("port-wire", 5), ("flood-wire", 2)]


def test_emit_unique_keep_first_and_longest(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = dedup([ARTICLES, "--emit", "unique", "--format", "jsonl"], capsys)
    kept = [json.loads(line)["id"] for line in out.splitlines()]
    assert kept == ["port-wire", "port-paraphrase", "flood-wire", "flood-paraphrase", "bank-wire"]
    _, out, _ = dedup([ARTICLES, "--emit", "unique", "--keep", "longest"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [
        "port-added",
        "port-paraphrase",
        "flood-wire",
        "flood-paraphrase",
        "bank-wire",
    ]
    assert set(rows[0]) == {"id", "source", "story", "text"}  # the input rows, as read


def test_stdin_stream_and_keep_longest_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = (DATA / "articles.jsonl").read_text(encoding="utf-8")
    code, out, _ = dedup(["-", "--fail-on-duplicates"], capsys, feed, monkeypatch)
    assert code == 1 and len(out.splitlines()) == 6
    argv = ["--emit", "unique", "--keep", "longest", "--format", "jsonl"]
    code, out, _ = dedup(argv, capsys, feed, monkeypatch)
    assert code == 0
    assert next(json.loads(line)["id"] for line in out.splitlines()) == "port-added"


def test_index_across_two_runs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    monday, tuesday = tmp_path / "mon.jsonl", tmp_path / "tue.jsonl"
    monday.write_text("".join(lines[:1]), encoding="utf-8")
    tuesday.write_text("".join(lines[1:3]), encoding="utf-8")
    index = str(tmp_path / "seen.db")
    assert dedup([str(monday), "--index", index, "--fail-on-duplicates"], capsys)[0] == 0
    code, out, _ = dedup([str(tuesday), "--index", index, "--fail-on-duplicates"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1
    # The headline variant is closest to today's byline variant (0.95 vs 0.94 to the wire
    # copy), and joins the cluster of Monday's wire copy through it.
    assert [(r["record_id"], r["other_id"], r["seen_before"], r["cluster_id"]) for r in rows] == [
        ("port-byline", "port-wire", "True", "port-wire"),
        ("port-headline", "port-byline", "False", "port-wire"),
    ]
    code, _, _ = dedup([str(monday), "--index", index, "--index-readonly", "--quiet"], capsys)
    assert code == 0


def test_folder_and_csv_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    (folder / "ap").mkdir(parents=True)
    (folder / "cnn").mkdir()
    text = "Thousands of dock workers walked off the job on Tuesday at the port of Gdansk."
    (folder / "ap" / "1.txt").write_text(text, encoding="utf-8")
    (folder / "cnn" / "1.txt").write_text(text + " More follows.", encoding="utf-8")
    code, out, _ = dedup([str(folder), "--fail-on-duplicates"], capsys)
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 1 and (row["record_id"], row["scope"]) == ("cnn/1.txt", "cross-source")
    scrape = tmp_path / "scrape.csv"
    scrape.write_text(
        f'id,publisher,text\n1,ap.org,"{text} ### Advertisement"\n2,cnn.com,"Advertisement"\n',
        encoding="utf-8",
    )
    argv = [str(scrape), "--level", "paragraph", "--paragraph-separator", " ### "]
    code, out, _ = dedup(argv, capsys)
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["record_id"], row["other_id"], row["kind"]) == ("2:p000", "1:p001", "boilerplate")


def test_help_and_registration_on_a_parent_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--level", "--threshold", "--emit", "--keep", "--index", "--fail-on-duplicates"):
        assert option in help_text
    parent = argparse.ArgumentParser(prog="audit")
    add_parser(parent.add_subparsers(dest="command"))
    args = parent.parse_args(["dedup", ARTICLES, "--quiet"])
    assert args.func(args) == 0


def test_module_runs_as_a_process_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit.cli.dedup", "--fail-on-duplicates"],
        input='{"text": "same words here"}\n{"text": "Same words here!"}\n{"text": 1}\n',
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "audit dedup: error: <stdin>:3: field 'text' is not text"


def test_progress_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("audit.cli.dedup._PROGRESS_EVERY", 1)
    _, _, err = dedup([ARTICLES], capsys)
    assert "\r" not in err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, out, err = dedup([ARTICLES], capsys)
    assert "\raudit dedup: 10 records, 5 duplicates" in err
    assert "\raudit dedup" not in out  # the bar stays on stderr (CSV rows end in CRLF)


def test_keep_longest_with_an_index_drops_content_seen_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Thousands of dock workers walked off the job on Tuesday at the port of Gdansk."
    monday, tuesday = tmp_path / "mon.jsonl", tmp_path / "tue.jsonl"
    monday.write_text(json.dumps({"id": "m", "text": text}) + "\n", encoding="utf-8")
    rows = [
        {"id": "t1", "text": text + " Talks resume Thursday in Warsaw."},
        {"id": "t2", "text": "A different story about grain prices rising for a third day."},
        {"id": "t3", "text": text},
    ]
    tuesday.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    index = str(tmp_path / "seen.db")
    dedup([str(monday), "--index", index], capsys)
    argv = [str(tuesday), "--index", index, "--emit", "unique", "--keep", "longest"]
    code, out, _ = dedup([*argv, "--format", "jsonl"], capsys)
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["t2"]


def test_bad_input_leaves_no_partial_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "1", "text": "one two three four five six"}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "2", "text": "x"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "pairs.csv"
    assert main([str(good), str(bad), "--out", str(out)]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "good.jsonl"]


def test_ids_used_twice_and_bom_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"id": "x", "text": "a b c"}\n{"id": "x", "text": "d e f"}\n', "utf-8")
    assert main([str(twice)]) == 2
    assert "id 'x' is also used" in capsys.readouterr().err
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffid,text\n1,hello there\n".encode())
    assert main([str(bom)]) == 0


def test_spark_engine_refuses_a_local_index(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = [ARTICLES, "--engine", "spark", "--index", str(tmp_path / "seen.db")]
    code, _, err = dedup(argv, capsys)
    assert code == 2
    assert err.strip() == "audit dedup: error: --index: is not supported with --engine spark"
    assert not (tmp_path / "seen.db").exists()


def test_spark_engine_without_pyspark_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # importing it now fails as if absent
    monkeypatch.delitem(sys.modules, "audit.dedup.spark", raising=False)
    code, _, err = dedup([ARTICLES, "--engine", "spark"], capsys)
    assert code == 2
    assert "pip install 'audit[spark]'" in err and "Traceback" not in err


def _as_parquet(source: str, target: Path) -> Path:
    from audit.ingest.parquet import ParquetRows

    rows = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines()]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with target.open("wb") as stream:
        writer = ParquetRows(stream, columns, str(target))
        for row in rows:
            writer.write(row)
        writer.close()
    return target


def test_parquet_in_and_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from audit.ingest.parquet import parquet_rows

    table = _as_parquet(ARTICLES, tmp_path / "articles.parquet")
    _, from_jsonl, _ = dedup([ARTICLES, "--level", "paragraph"], capsys)
    _, from_parquet, _ = dedup([str(table), "--level", "paragraph"], capsys)
    assert from_parquet == from_jsonl and from_jsonl.count("\n") > 3  # the same pairs
    out = tmp_path / "pairs.parquet"
    assert dedup([str(table), "--level", "paragraph", "--out", str(out)], capsys)[0] == 0
    with out.open("rb") as stream:
        written = [row for _, row in parquet_rows(stream, str(out))]
    expected = list(csv.DictReader(io.StringIO(from_jsonl)))
    assert [{k: str(v) for k, v in row.items()} for row in written] == expected
    assert isinstance(written[0]["score"], float) and isinstance(written[0]["offset"], int)
    # --emit unique writes the input rows back, as read
    unique = tmp_path / "unique.parquet"
    assert dedup([str(table), "--emit", "unique", "--out", str(unique)], capsys)[0] == 0
    with unique.open("rb") as stream:
        kept = [row for _, row in parquet_rows(stream, str(unique))]
    _, jsonl_unique, _ = dedup([ARTICLES, "--emit", "unique", "--format", "jsonl"], capsys)
    assert kept == [json.loads(line) for line in jsonl_unique.splitlines()]


def test_parquet_without_pyarrow_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = _as_parquet(ARTICLES, tmp_path / "articles.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # importing it now fails as if absent
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code, _, err = dedup([str(table)], capsys)
    assert code == 2
    assert err.strip() == (
        f"audit dedup: error: {table}: reading or writing Parquet needs pyarrow: "
        "pip install 'audit[parquet]'"
    )
    code, _, err = dedup([ARTICLES, "--out", str(tmp_path / "pairs.parquet")], capsys)
    assert code == 2 and "pairs.parquet: reading or writing Parquet needs pyarrow" in err
    assert not (tmp_path / "pairs.parquet").exists()
