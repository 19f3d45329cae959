"""The two-pass streaming reader of `audit group`: the same articles, rows, warnings and error
messages (file and line) as the loader that reads a whole file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.group import group_articles
from audit.group.feed import feed_articles, feed_rows, row_columns, write_feed
from audit.group.source import read_feed, stream_rows, streamable
from audit.ingest.load import load_input

FEED = Path(__file__).parent.parent / "data" / "group" / "feed.jsonl"
CONFIG = AuditConfig()


def _in_memory(paths: list[Path], fmt: str = "csv") -> tuple[str, list[tuple[str, str]]]:
    inputs = [load_input(p) for p in paths]
    articles = feed_articles(inputs)
    grouping = group_articles(articles, CONFIG)
    out = io.StringIO(newline="")
    write_feed(out, feed_rows(articles, inputs, grouping), fmt)  # type: ignore[arg-type]
    warnings = [(w.origin, w.message) for i in inputs for w in i.warnings]
    return out.getvalue(), warnings


def _streamed(paths: list[Path], fmt: str = "csv") -> tuple[str, list[tuple[str, str]]]:
    names = [str(p) for p in paths]
    feed = read_feed(names, CONFIG)
    grouping = group_articles(list(feed.articles), CONFIG, reads=feed.reads)
    out = io.StringIO(newline="")
    columns = row_columns(feed.shapes)
    write_feed(out, stream_rows(names, grouping), fmt, columns=columns)  # type: ignore[arg-type]
    return out.getvalue(), [(w.origin, w.message) for w in feed.warnings]


def _csv_feed() -> bytes:
    """CRLF lines, a quoted text over two lines, an empty row, a cp1252 byte, and the
    wire-scrape column names."""
    return (
        b"id,publisher,scrape_time,text,extra\r\n"
        b'a1,Herald,2024-03-04,"Rail strike halts trains across Germany.\r\n'
        b'Drivers walk out.",x\r\n'
        b"a2,Post,2024-03-04,Train drivers in Germany strike over pay and hours.,\r\n"
        b"a3,Post,2024-03-05,,\r\n"
        b"a4,Caf\xe9 News,2024-03-05,Quake shakes northern Chile near Antofagasta.,y\r\n"
    )


def test_files_are_grouped_the_same_streamed_or_read_whole(tmp_path: Path) -> None:
    scrape = tmp_path / "scrape.csv"
    scrape.write_bytes(_csv_feed())
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + FEED.read_bytes().replace(b'"id": "', b'"id": "b'))
    for paths in ([FEED], [scrape], [FEED, scrape, bom]):
        for fmt in ("csv", "jsonl"):
            whole, whole_warnings = _in_memory(paths, fmt)
            streamed, streamed_warnings = _streamed(paths, fmt)
            assert streamed == whole
            assert sorted(streamed_warnings) == sorted(whole_warnings)
    _, warnings = _streamed([scrape])
    assert any(m.startswith("line 5: empty text") for _, m in warnings)  # a3 (a1 has 2 lines)
    assert any("1252" in m for _, m in warnings)  # the byte that is not UTF-8


BAD = {
    "malformed.jsonl": b'{"id": "a", "text": "fine"}\n{"id": "b", "text": \n',
    "array.jsonl": b'{"id": "a", "text": "fine"}\n\n[1, 2]\n',
    "notext.jsonl": b'{"id": "a", "text": "fine"}\n{"id": "b", "body": "x"}\n',
    "twice.jsonl": b"".join(b'{"id": "%s", "text": "t"}\n' % i for i in (b"a", b"b", b"a")),
    "deep.jsonl": b'{"id": "a", "text": "x"}\n' + b'{"t": ' * 5000 + b"1" + b"}" * 5000 + b"\n",
    "nocolumn.csv": b"id,body\n1,hello\n",
    "short.csv": b"id,text\n1,hello\n2,world,extra\n",
    "quote.csv": b'id,text\n1,hello\n2,"open quote\n3,more\n',
    "empty.csv": b"",
    "blank.jsonl": b"\n  \n",
    "header.csv": b"id,text\n",
    "notext.csv": b"id,text\n1,  \n",
    "binary.jsonl": b"\x00\x01\x02\x03PK\x03\x04" * 20,
    "utf16.csv": "id,text\n1,hello\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_gets_the_loaders_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD[name])
    with pytest.raises(AuditInputError) as whole:
        load_input(path)
    with pytest.raises(AuditInputError) as streamed:
        read_feed([str(path)], CONFIG)
    assert str(streamed.value) == str(whole.value)
    assert str(path) in str(streamed.value)


def test_an_id_used_in_two_files_names_both_places(tmp_path: Path) -> None:
    again = tmp_path / "again.jsonl"
    again.write_bytes(FEED.read_bytes())
    with pytest.raises(AuditInputError, match=rf"{again}:1: .*'q1' is also used at {FEED}:1"):
        read_feed([str(FEED), str(again)], CONFIG)


def test_only_record_files_are_streamed(tmp_path: Path) -> None:
    assert streamable([str(FEED)])
    assert not streamable(["-"]) and not streamable([str(FEED), str(tmp_path)])
    assert not streamable([str(tmp_path / "article.txt")])
