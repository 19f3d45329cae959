"""Readers of `audit dedup`: JSONL, CSV, folders, stdin; paragraphs with offsets; errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from audit.dedup import find_duplicates, paragraph_records
from audit.dedup.records import ReadOptions, Record, read_records, split_paragraphs
from audit.errors import AuditInputError
from audit.model import Paragraph


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_fields_and_default_source(tmp_path: Path) -> None:
    src = write(tmp_path / "a.jsonl", '{"id": "x1", "publisher": "ap.org", "text": "One."}\n\n')
    first = list(read_records([str(src)], ReadOptions()))
    assert [(r.record_id, r.source, r.text) for r in first] == [("x1", "ap.org", "One.")]
    other = write(tmp_path / "b.jsonl", '{"body": "Two.", "key": 7}\n')
    second = list(read_records([str(other)], ReadOptions(text_field="body", id_field="key")))
    assert [(r.record_id, r.text) for r in second] == [("7", "Two.")]


def test_missing_id_falls_back_to_file_and_line(tmp_path: Path) -> None:
    src = write(tmp_path / "a.jsonl", '{"text": "One."}\n{"text": "Two."}\n')
    assert [r.record_id for r in read_records([str(src)], ReadOptions())] == [
        f"{src}:1",
        f"{src}:2",
    ]


def test_csv_with_multiline_field(tmp_path: Path) -> None:
    src = write(tmp_path / "a.csv", 'id,publisher,text\n1,cnn.com,"Line one\nline two"\n2,ap,x\n')
    records = list(read_records([str(src)], ReadOptions()))
    assert [(r.record_id, r.source, r.text) for r in records] == [
        ("1", "cnn.com", "Line one\nline two"),
        ("2", "ap", "x"),
    ]
    assert records[1].origin == f"{src}:4"


def test_folder_of_text_files_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "cnn").mkdir()
    write(tmp_path / "cnn" / "b.txt", "Bee.")
    write(tmp_path / "a.txt", "Ay.")
    records = list(read_records([str(tmp_path)], ReadOptions()))
    assert [(r.record_id, r.source, r.text) for r in records] == [
        ("a.txt", "", "Ay."),
        ("cnn/b.txt", "cnn", "Bee."),
    ]


def test_stdin_is_read_as_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s", "text": "From stdin."}\n'))
    assert [r.text for r in read_records(["-"], ReadOptions())] == ["From stdin."]


def test_paragraph_offsets_point_into_the_article() -> None:
    text = "  First para. ### Second para ###  ### Third "
    article = Record("art", text, "src", "art")
    paragraphs = list(split_paragraphs(article, " ### "))
    assert [p.text for p in paragraphs] == ["First para.", "Second para", "Third"]
    assert [p.record_id for p in paragraphs] == ["art:p000", "art:p001", "art:p002"]
    for p in paragraphs:
        assert text[p.offset : p.offset + len(p.text)] == p.text
        assert (p.article_id, p.source) == ("art", "src")


def test_paragraphs_by_line_breaks() -> None:
    text = "Headline\n\nBody one.\r\nBody two."
    paragraphs = list(split_paragraphs(Record("a", text), None))
    assert [p.text for p in paragraphs] == ["Headline", "Body one.", "Body two."]
    assert all(text[p.offset : p.offset + len(p.text)] == p.text for p in paragraphs)


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('{"text": "ok"}\n{"text": oops}\n', ".jsonl", ":2: malformed JSON"),
        ('{"text": "ok"}\n[1, 2]\n', ".jsonl", ":2: each JSONL line must be a JSON object"),
        ('{"text": "ok"}\n{"id": 1}\n', ".jsonl", ":2: no field 'text'"),
        ('{"text": 3}\n', ".jsonl", ":1: field 'text' is not text"),
        ("id,body\n1,x\n", ".csv", ":1: no column 'text'"),
    ],
)
def test_bad_input_names_file_and_line(
    tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    src = write(tmp_path / f"in{suffix}", content)
    with pytest.raises(AuditInputError) as caught:
        list(read_records([str(src)], ReadOptions()))
    assert str(caught.value).startswith(str(src))
    assert message in str(caught.value)


def test_invalid_utf8_and_missing_file(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_bytes(json.dumps({"text": "ok"}).encode() + b"\n" + b'{"text": "\x81"}\n')
    with pytest.raises(AuditInputError, match=r"bad.jsonl:2: cannot decode byte 0x81 at column"):
        list(read_records([str(src)], ReadOptions()))
    with pytest.raises(AuditInputError, match="no such file or folder"):
        list(read_records([str(tmp_path / "nope.jsonl")], ReadOptions()))


def test_reading_is_lazy(tmp_path: Path) -> None:
    """A bad line late in a file fails only when reached: records stream one at a time."""
    src = write(tmp_path / "a.jsonl", '{"text": "ok"}\nnot json\n')
    records = read_records([str(src)], ReadOptions())
    assert next(records).text == "ok"
    with pytest.raises(AuditInputError):
        next(records)


def test_paragraph_records_for_the_audit_pipeline() -> None:
    text = "Officials said the bridge would reopen on Monday after repairs to its deck."
    paragraphs = [
        Paragraph("a:p000", "a", 0, 0, len(text), text),
        Paragraph("b:p003", "b", 3, 120, 120 + len(text), text),
    ]
    records = paragraph_records(paragraphs, {"a": "ap.org", "b": "cnn.com"})
    assert [(r.record_id, r.source, r.offset) for r in records] == [
        ("a:p000", "ap.org", 0),
        ("b:p003", "cnn.com", 120),
    ]
    (finding,) = find_duplicates(records)
    assert (finding.record_id, finding.other_id, finding.scope.value) == (
        "b:p003",
        "a:p000",
        "cross-source",
    )
    assert finding.offset + finding.spans[0].start == 120
