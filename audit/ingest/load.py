"""Read stories from disk or standard input: the only stage (with `report`) that touches files.

Accepted inputs:
- a folder of `.txt`/`.md`/`.html` files, one article each, with an optional `sources.csv`
  (`file,source,title,published,url`) naming each file's outlet;
- a `.csv` or `.jsonl` file of articles (`story_id,source,title,published,url,text`; `id` or
  `article_id` optional; the wire-scrape names `publisher` and `scrape_time` are understood), one
  story per `story_id`;
- `-` for standard input holding JSONL, CSV or one plain-text article.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path, PurePath
from typing import BinaryIO

from audit.errors import AuditInputError
from audit.ingest.decode import decode_bytes
from audit.ingest.files import list_folder, path_kind, read_regular
from audit.ingest.html import main_text
from audit.ingest.parquet import MAGIC as PARQUET_MAGIC
from audit.ingest.parquet import PARQUET_SUFFIX
from audit.ingest.rows import TextRecord, csv_records, csv_rows, jsonl_records, parquet_records
from audit.model import Article, InputWarning, Story

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
RECORD_SUFFIXES = (".csv", ".jsonl", ".ndjson", PARQUET_SUFFIX)
_FIELD_ALIASES = {
    "source": ("source", "publisher", "outlet"),
    "published": ("published", "scrape_time", "date"),
    "article_id": ("article_id", "id"),
}
_SAFE_ID = re.compile(r"[^\w.-]+")
BUNDLED_STORY = "ukraine-reassurance-force"


@dataclass(frozen=True, slots=True)
class LoadedInput:
    """What was read: the stories, the warnings, and each file read with its bytes' hash key."""

    stories: tuple[Story, ...]
    warnings: tuple[InputWarning, ...]
    files: tuple[tuple[str, bytes], ...]  # (path, raw bytes) for run.json hashes
    # Each CSV/JSONL article's input row (lower-cased field names, file order), keyed by
    # article id: `audit group` writes rows back with their story, every input field kept.
    rows: tuple[tuple[str, dict[str, str]], ...] = ()


def bundled_story_path() -> Path:
    """The example story shipped inside the package, audited when no input is given."""
    return Path(str(resources.files("audit") / "data" / "stories" / BUNDLED_STORY))


def load_input(path: str | Path, *, stdin: BinaryIO | None = None) -> LoadedInput:
    """Read `path` (a folder, a .csv/.jsonl/.txt/.md/.html file, or "-" for standard input)."""
    if str(path) == "-":
        data = (stdin or sys.stdin.buffer).read()
        return _load_stream(data, "<stdin>")
    target = Path(path)
    if path_kind(target) == "folder":  # a missing path, a link loop or a FIFO is an error here
        return _load_folder(target)
    suffix = target.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        return _record_file(str(target), read_regular(target), target.stem)
    if suffix in ARTICLE_SUFFIXES:
        return load_named_files(target.stem, [(str(target), read_regular(target))])
    message = "unsupported input: give a folder, .csv, .jsonl, .parquet, .txt, .md or .html"
    raise AuditInputError(str(target), message)


def load_story(path: str | Path) -> Story:
    """The one story at `path` (see `load_input`); an input holding several stories is an error
    naming how many, since the caller asked for one."""
    loaded = load_input(path)
    if len(loaded.stories) != 1:
        raise AuditInputError(
            str(path), f"holds {len(loaded.stories)} stories; use load_input to read them all"
        )
    return loaded.stories[0]


def _record_file(origin: str, data: bytes, default_story: str) -> LoadedInput:
    """A .csv, .jsonl or .parquet file of articles (by `origin`'s suffix), decoding warning
    included."""
    if PurePath(origin).suffix.lower() == PARQUET_SUFFIX or data[:4] == PARQUET_MAGIC:
        warned: list[InputWarning] = []
        pairs = record_articles(parquet_records(data, origin), origin, default_story, warned)
        return _from_records(pairs, origin, data, warned)
    decoded = decode_bytes(data, origin)
    warned = _warned(origin, decoded.warning)
    csv_file = PurePath(origin).suffix.lower() == ".csv"
    pairs = record_lines(decoded.text, origin, default_story, warned, as_csv=csv_file)
    return _from_records(pairs, origin, data, warned)


def _load_stream(data: bytes, origin: str) -> LoadedInput:
    if data[:4] == PARQUET_MAGIC:
        return _record_file(origin, data, "stdin")
    decoded = decode_bytes(data, origin)  # first, so a BOM does not hide what follows it
    text = decoded.text
    warned = _warned(origin, decoded.warning)
    if text.lstrip()[:1] == "{":
        pairs = record_lines(text, origin, "stdin", warned, as_csv=False)
        return _from_records(pairs, origin, data, warned)
    first_line = text.split("\n", 1)[0].lower()
    if "," in first_line and "text" in [c.strip() for c in first_line.split(",")]:
        pairs = record_lines(text, origin, "stdin", warned, as_csv=True)
        return _from_records(pairs, origin, data, warned)
    article = Article("stdin-001", "stdin", "stdin", decoded.text, origin=origin)
    return LoadedInput((Story("stdin", (article,)),), tuple(warned), ((origin, data),))


# -- folders -------------------------------------------------------------------------------


def _load_folder(folder: Path) -> LoadedInput:
    entries = list_folder(folder)
    paths = [p for p in entries if p.suffix.lower() in ARTICLE_SUFFIXES]
    paths = [p for p in paths if p.name.lower() != "readme.md"]
    if not paths:
        raise AuditInputError(str(folder), "no .txt, .md or .html articles in this folder")
    sources_path = folder / "sources.csv"
    if sources_path in entries:
        paths.insert(0, sources_path)
    # Files are named relative to the folder's parent, so reports do not depend on where the
    # folder lives (or the project was cloned): "story/000.txt".
    named = [(f"{folder.name}/{p.name}", p) for p in paths]
    return load_named_files(folder.name, [(name, read_regular(p, name)) for name, p in named])


def load_named_files(
    story_id: str, files: Sequence[tuple[str, bytes]], *, keep_stories: bool = False
) -> LoadedInput:
    """One story from named file contents (as from a folder or an upload): article files
    (.txt/.md/.html), an optional `sources.csv`, and .csv/.jsonl files of articles. With
    `keep_stories`, the records of .csv/.jsonl files keep their own `story_id`, so an upload
    of many stories stays many stories (article files form the story `story_id`)."""
    names = [name for name, _ in files]
    table, warnings = _sources_from(files, {PurePath(n).name for n in names})
    articles: list[Article] = []
    rows: list[tuple[str, dict[str, str]]] = []
    for name, data in files:
        suffix = PurePath(name).suffix.lower()
        if PurePath(name).name.lower() == "sources.csv":
            continue
        if suffix in RECORD_SUFFIXES:
            loaded = _record_file(name, data, story_id)
            articles.extend(a for story in loaded.stories for a in story.articles)
            warnings.extend(loaded.warnings)
            rows.extend(loaded.rows)
        elif suffix in ARTICLE_SUFFIXES:
            meta = table.get(PurePath(name).name, {})
            article, warning = _article_file(name, data, story_id, meta)
            articles.append(article)
            warnings.extend(_warned(name, warning))
        else:
            raise AuditInputError(
                name, "unsupported file: give .txt, .md, .html, .csv, .jsonl or .parquet"
            )
    if not articles:
        raise AuditInputError(story_id, "no articles among the files given")
    _check_unique_ids(articles)
    if not keep_stories:
        articles = [replace(a, story_id=story_id) for a in articles]
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(article.story_id, []).append(article)
    stories = tuple(
        Story(sid, tuple(replace(a, story_id=sid) for a in members))
        for sid, members in by_story.items()
    )
    return LoadedInput(stories, tuple(warnings), tuple(files), tuple(rows))


def _sources_from(
    files: Sequence[tuple[str, bytes]], present: set[str]
) -> tuple[dict[str, dict[str, str]], list[InputWarning]]:
    for name, data in files:
        if PurePath(name).name.lower() == "sources.csv":
            return _sources_table(data, name, present)
    return {}, []


def _check_unique_ids(articles: Sequence[Article]) -> None:
    seen: dict[str, str] = {}
    for article in articles:
        if article.article_id in seen:
            raise AuditInputError(
                article.origin,
                f"article id {article.article_id!r} is also used by {seen[article.article_id]}",
            )
        seen[article.article_id] = article.origin


def _article_file(
    name: str, data: bytes, story_id: str, meta: dict[str, str]
) -> tuple[Article, str | None]:
    decoded = decode_bytes(data, name)
    text = _html_reduced(name, decoded.text)
    article = Article(
        article_id=_safe_id(PurePath(name).stem),
        story_id=story_id,
        source=meta.get("source") or PurePath(name).stem,
        text=text,
        title=meta.get("title", ""),
        published=meta.get("published", ""),
        url=meta.get("url", ""),
        origin=name,
    )
    return article, decoded.warning


def article_text(name: str, data: bytes) -> str:
    """The text of one article file as `audit run` reads it: decoded, HTML reduced to its main
    text. Raises AuditInputError naming the file when it is empty, binary or has no text."""
    return _html_reduced(name, decode_bytes(data, name).text)


def _html_reduced(name: str, text: str) -> str:
    if PurePath(name).suffix.lower() not in (".html", ".htm"):
        return text
    extracted = main_text(text)
    if not extracted.strip():
        raise AuditInputError(name, "no article text found in this HTML page")
    return extracted


def _sources_table(
    data: bytes, origin: str, present: set[str]
) -> tuple[dict[str, dict[str, str]], list[InputWarning]]:
    decoded = decode_bytes(data, origin)
    rows = list(csv_rows(decoded.text, origin, required=("file",)))
    table = {row["file"].strip(): {k: (v or "").strip() for k, v in row.items()} for _, row in rows}
    warnings = _warned(origin, decoded.warning) + [
        InputWarning(origin, f"line {line}: names {row['file']!r}, which is not in the folder")
        for line, row in rows
        if row["file"].strip() not in present
    ]
    return table, warnings


# -- record files (CSV, JSONL, Parquet) -----------------------------------------------------


_Lines = str | Iterable[tuple[int, str]]  # a whole text, or its numbered lines
_Pair = tuple[Article, dict[str, str]]  # an article and its input row


def _from_records(
    pairs: Iterable[_Pair], origin: str, data: bytes, warnings: list[InputWarning]
) -> LoadedInput:
    stories: dict[str, list[Article]] = {}
    rows: list[tuple[str, dict[str, str]]] = []
    for article, fields in pairs:  # `pairs` adds its warnings to `warnings`
        rows.append((article.article_id, fields))
        stories.setdefault(article.story_id, []).append(article)
    if not stories:
        raise AuditInputError(origin, "no articles with text in this file")
    built = tuple(Story(sid, tuple(arts)) for sid, arts in stories.items())
    return LoadedInput(built, tuple(warnings), ((origin, data),), tuple(rows))


def record_lines(
    lines: _Lines, origin: str, default_story: str, warnings: list[InputWarning], *, as_csv: bool
) -> Iterator[_Pair]:
    """The articles of CSV or JSONL text or numbered, decoded lines (read one at a time), with
    their input fields; rows without text skipped with a warning put in `warnings`."""
    if as_csv:
        records = csv_records(lines if isinstance(lines, str) else (t for _, t in lines), origin)
    else:
        records = jsonl_records(lines, origin)
    return record_articles(records, origin, default_story, warnings)


def record_articles(
    records: Iterable[TextRecord], origin: str, default_story: str, warnings: list[InputWarning]
) -> Iterator[_Pair]:
    """The articles of a file's records, with their input fields (see `record_lines`)."""
    positions: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for record in records:
        if not record.fields["text"].strip():
            warnings.append(InputWarning(origin, f"line {record.line}: empty text, row skipped"))
            continue
        # Kept as given: ids that differ are different stories (`audit.report.folders` names
        # their folders injectively), never merged by a lossy cleaning.
        story_id = record.fields.get("story_id", "").strip() or default_story
        position = positions[story_id] = positions.get(story_id, -1) + 1
        article = _record_article(record, story_id, position)
        if (first := seen_ids.setdefault(article.article_id, record.line)) != record.line:
            used = f"article id {article.article_id!r} already used on line {first}"
            raise AuditInputError(origin, used, line=record.line)
        yield article, record.fields


def _record_article(record: TextRecord, story_id: str, position: int) -> Article:
    """The article of one CSV/JSONL record, the `position`-th of its story."""
    fields = record.fields
    given_id = _field(fields, "article_id")
    article_id = _safe_id(given_id) if given_id else f"{story_id}-{position:03d}"
    return Article(
        article_id=article_id,
        story_id=story_id,
        source=_field(fields, "source") or f"source-{position:03d}",
        text=fields["text"],
        title=fields.get("title", "").strip(),
        published=_field(fields, "published"),
        url=fields.get("url", "").strip(),
        origin=f"{record.origin}:{record.line}",
    )


def _field(fields: dict[str, str], name: str) -> str:
    for alias in _FIELD_ALIASES[name]:
        if fields.get(alias, "").strip():
            return fields[alias].strip()
    return ""


def _safe_id(raw: str) -> str:
    """An id that is safe as a file name: letters of any script, digits, "." "_" "-"; never
    "." or ".." (a story id names its report folder)."""
    safe = _SAFE_ID.sub("-", raw).strip("-")
    return safe if safe.strip(".") else "x"


def _warned(origin: str, warning: str | None) -> list[InputWarning]:
    return [InputWarning(origin, warning)] if warning else []
