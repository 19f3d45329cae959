from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from audit.errors import AuditInputError
from audit.ingest.load import load_input, load_named_files
from audit.model import Story

ARTICLE_A = "Macron said 26 nations committed troops.\nZelensky welcomed it."
ARTICLE_B = "Kyiv welcomed the pledge.\n\nRussia rejected it."


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_bundled_story_loads_five_named_articles(bundled_path: Path) -> None:
    loaded = load_input(bundled_path)
    (story,) = loaded.stories
    assert story.story_id == "ukraine-reassurance-force"
    assert [a.source for a in story.articles] == [f"Outlet {c}" for c in "ABCDE"]
    assert story.articles[3].article_id == "003_ea6e86400e16b78a"
    assert loaded.warnings == ()
    assert len(loaded.files) == 6  # five articles and sources.csv, hashed into run.json


def test_folder_without_sources_csv_names_sources_by_file(tmp_path: Path) -> None:
    _write(tmp_path / "story" / "b.txt", ARTICLE_B)
    _write(tmp_path / "story" / "a.md", ARTICLE_A)
    _write(tmp_path / "story" / "notes.json", "{}")
    (story,) = load_input(tmp_path / "story").stories
    assert [a.article_id for a in story.articles] == ["a", "b"]
    assert [a.source for a in story.articles] == ["a", "b"]
    assert story.articles[0].text == ARTICLE_A


def test_sources_csv_naming_a_missing_file_is_a_warning(tmp_path: Path) -> None:
    _write(tmp_path / "s" / "a.txt", ARTICLE_A)
    _write(tmp_path / "s" / "sources.csv", "file,source\na.txt,Daily\nzz.txt,Gone\n")
    loaded = load_input(tmp_path / "s")
    assert loaded.stories[0].articles[0].source == "Daily"
    assert [w.message for w in loaded.warnings] == [
        "line 3: names 'zz.txt', which is not in the folder"
    ]


def test_html_articles_are_reduced_to_their_main_text(tmp_path: Path) -> None:
    page = (
        "<html><head><script>alert(1)</script></head><body><nav>Home | World</nav>"
        "<article><h1>Troops for Ukraine</h1><p>European leaders discussed a reassurance force "
        "for Ukraine on Thursday in Paris, officials said.</p><p>Russia rejected any foreign "
        "troops in Ukraine in any format, its foreign ministry said.</p></article>"
        "<footer>Contact us</footer></body></html>"
    )
    _write(tmp_path / "s" / "page.html", page)
    (article,) = load_input(tmp_path / "s").stories[0].articles
    assert "reassurance force" in article.text
    assert "alert(1)" not in article.text and "Home | World" not in article.text


def test_jsonl_groups_articles_by_story(tmp_path: Path) -> None:
    rows = [
        {"story_id": "e1", "source": "left", "text": ARTICLE_A},
        {"story_id": "e2", "source": "right", "text": ARTICLE_B},
        {"story_id": "e1", "source": "right", "text": ARTICLE_B, "url": "http://x"},
    ]
    path = _write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    stories = load_input(path).stories
    assert [s.story_id for s in stories] == ["e1", "e2"]
    assert [a.article_id for a in stories[0].articles] == ["e1-000", "e1-001"]
    assert stories[0].articles[1].url == "http://x"
    assert stories[0].articles[1].origin.endswith("a.jsonl:3")


def test_wire_scrape_csv_columns_are_understood(tmp_path: Path) -> None:
    csv_text = (
        'id,publisher,scrape_time,text\n6,nytimes.com,2018-07-15,"A ### B"\n7,ap.org,2018,C\n'
    )
    (story,) = load_input(_write(tmp_path / "helsinki.csv", csv_text)).stories
    assert story.story_id == "helsinki"
    assert [(a.article_id, a.source, a.published) for a in story.articles] == [
        ("6", "nytimes.com", "2018-07-15"),
        ("7", "ap.org", "2018"),
    ]


def test_standard_input_accepts_jsonl_csv_and_plain_text() -> None:
    jsonl = json.dumps({"story_id": "s", "source": "x", "text": ARTICLE_A}).encode()
    assert load_input("-", stdin=io.BytesIO(jsonl)).stories[0].articles[0].source == "x"
    csv_data = b"source,text\nx,hello there\ny,bye now\n"
    assert len(load_input("-", stdin=io.BytesIO(csv_data)).stories[0].articles) == 2
    plain = load_input("-", stdin=io.BytesIO(ARTICLE_A.encode()))
    assert plain.stories[0].articles[0].text == ARTICLE_A


def test_utf16_and_cp1252_files(tmp_path: Path) -> None:
    _write(tmp_path / "s" / "a.txt", "“Kyiv” — é".encode("utf-16"))
    _write(tmp_path / "s" / "b.txt", "caf\u00e9 said".encode("cp1252"))
    loaded = load_input(tmp_path / "s")
    assert [a.text for a in loaded.stories[0].articles] == ["“Kyiv” — é", "café said"]
    assert len(loaded.warnings) == 1 and "Windows-1252" in loaded.warnings[0].message


def test_empty_rows_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "source,text\nx,hello\ny,   \n")
    loaded = load_input(path)
    assert len(loaded.stories[0].articles) == 1
    assert "line 3: empty text" in loaded.warnings[0].message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("missing.txt", None, "missing.txt: no such file or folder"),
        ("empty.txt", b"", "empty.txt: file is empty"),
        ("bin.txt", b"\x00\x01\x02binary\x00", "bin.txt: file looks binary"),
        ("bad.csv", b'source,text\nx,"ok"\ny,a,b\n', "bad.csv:3: malformed CSV row"),
        ("nohead.csv", b"source,body\nx,y\n", "nohead.csv:1: CSV header has no 'text'"),
        ("quote.csv", b'source,text\nx,"unterminated\n', "quote.csv:2: malformed CSV"),
        ("bad.jsonl", b'{"text": "a"}\n{"text": \n', "bad.jsonl:2: malformed JSON"),
        ("list.jsonl", b'{"text": "a"}\n[1, 2]\n', "bad.jsonl"[:0] + "list.jsonl:2: each JSONL"),
        ("notext.jsonl", b'{"body": "a"}\n', "notext.jsonl:1: JSONL object has no string 'text'"),
        ("dup.csv", b"id,text\n1,a\n1,b\n", "dup.csv:3: article id '1' already used on line 2"),
        ("x.pdf", b"%PDF-1.4", "x.pdf: unsupported input"),
    ],
)
def test_bad_input_names_the_file_and_line(
    tmp_path: Path, name: str, data: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if data is not None:
        _write(path, data)
    with pytest.raises(AuditInputError) as caught:
        load_input(path)
    assert str(caught.value).startswith(str(tmp_path / expected.split(":")[0]))
    assert expected.split(":", 1)[1] in str(caught.value)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(AuditInputError, match=r"no \.txt, \.md or \.html articles"):
        load_input(tmp_path / "empty")


def test_named_files_keep_their_stories_apart_when_asked() -> None:
    jsonl = (
        b'{"story_id": "troops", "source": "A", "text": "Troops may go."}\n'
        b'{"story_id": "rates", "source": "B", "text": "Rates were cut."}\n'
        b'{"story_id": "troops", "source": "B", "text": "Troops could go."}\n'
    )
    files = [("day.jsonl", jsonl), ("x.txt", b"A loose article.")]
    merged = load_named_files("upload", files)
    assert [s.story_id for s in merged.stories] == ["upload"]
    apart = load_named_files("upload", files, keep_stories=True)
    assert [(s.story_id, len(s.articles)) for s in apart.stories] == [
        ("troops", 2),
        ("rates", 1),
        ("upload", 1),
    ]
    assert all(a.story_id == s.story_id for s in apart.stories for a in s.articles)


def _parquet_of(rows: list[dict[str, object]]) -> bytes:
    from audit.ingest.parquet import ParquetRows

    buffer = io.BytesIO()
    writer = ParquetRows(buffer, list(rows[0]), "stories.parquet")
    for row in rows:
        writer.write(row)
    writer.close()
    return buffer.getvalue()


def test_a_parquet_file_loads_as_its_jsonl(tmp_path: Path) -> None:
    rows = [
        {"story_id": "s1", "source": "A", "published": "2024-03-04", "text": ARTICLE_A},
        {"story_id": "s1", "source": "B", "published": None, "text": ARTICLE_B},
        {"story_id": "s2", "source": "A", "published": "2024-03-05", "text": ARTICLE_B},
    ]
    jsonl = _write(tmp_path / "day.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    table = _write(tmp_path / "day.parquet", _parquet_of(rows))
    from_jsonl, from_parquet = load_input(jsonl), load_input(table)
    assert from_parquet.stories == tuple(
        Story(s.story_id, tuple(replace(a, origin=a.origin.replace(".jsonl", ".parquet"))
                                for a in s.articles))
        for s in from_jsonl.stories
    )  # fmt: skip
    assert from_parquet.rows == from_jsonl.rows
    assert from_parquet.files == ((str(table), table.read_bytes()),)  # hashed into run.json
    # standard input: known by the file's magic bytes
    piped = load_input("-", stdin=io.BytesIO(table.read_bytes()))
    assert [a.text for s in piped.stories for a in s.articles] == [ARTICLE_A, ARTICLE_B, ARTICLE_B]


def test_a_parquet_row_without_text_names_its_row(tmp_path: Path) -> None:
    table = _write(tmp_path / "day.parquet", _parquet_of([{"text": "fine"}, {"text": None}]))
    with pytest.raises(AuditInputError) as caught:
        load_input(table)
    assert str(caught.value) == f"{table}:2: Parquet row has no string 'text' field"
