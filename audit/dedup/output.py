"""Findings, clusters and unique records out, as CSV or JSONL rows, plus the stderr summary."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

from audit.dedup.findings import Cluster, Finding
from audit.dedup.records import Record
from audit.ingest.parquet import ParquetRows
from audit.text.cells import neutralise_cell

Format = Literal["csv", "jsonl", "parquet"]

PAIR_COLUMNS = (
    "cluster_id",
    "record_id",
    "other_id",
    "kind",
    "scope",
    "score",
    "rule",
    "article_id",
    "other_article_id",
    "source",
    "other_source",
    "offset",
    "other_offset",
    "seen_before",
    "spans",
    "excerpt",
)
CLUSTER_COLUMNS = ("cluster_id", "size", "kinds", "scopes", "record_ids")
# Enough of the longest matched passage to recognise it in a spreadsheet cell.
_EXCERPT_CHARS = 160


def pair_row(record: Record, finding: Finding) -> dict[str, Any]:
    """One output row for a finding; spans are offsets into both records' texts."""
    longest = max(finding.spans, key=lambda s: s.end - s.start, default=None)
    excerpt = "" if longest is None else record.text[longest.start : longest.end]
    return {
        "cluster_id": finding.cluster_id,
        "record_id": finding.record_id,
        "other_id": finding.other_id,
        "kind": finding.kind.value,
        "scope": finding.scope.value,
        "score": finding.score,
        "rule": finding.rule,
        "article_id": finding.article_id,
        "other_article_id": finding.other_article_id,
        "source": finding.source,
        "other_source": finding.other_source,
        "offset": finding.offset,
        "other_offset": finding.other_offset,
        "seen_before": finding.seen_before,
        "spans": [
            {"start": s.start, "end": s.end, "other_start": s.other_start, "other_end": s.other_end}
            for s in finding.spans
        ],
        "excerpt": " ".join(excerpt[:_EXCERPT_CHARS].split()),
    }


def cluster_row(cluster: Cluster) -> dict[str, Any]:
    return {
        "cluster_id": cluster.cluster_id,
        "size": cluster.size,
        "kinds": dict(cluster.kinds),
        "scopes": dict(cluster.scopes),
        "record_ids": list(cluster.record_ids),
    }


def unique_row(record: Record) -> Mapping[str, Any]:
    """The record as it was read (its input row), or its fields for paragraphs and files."""
    if record.raw is not None:
        return record.raw
    return {
        "id": record.record_id,
        "article_id": record.article_id,
        "source": record.source,
        "offset": record.offset,
        "text": record.text,
    }


@dataclass(slots=True)
class RowWriter:
    """Writes dict rows as JSONL, or as CSV or Parquet with the columns of the first row (or
    `columns`); call `finish()` at the end."""

    stream: TextIO
    fmt: Format
    columns: Sequence[str] | None = None
    origin: str = "<stdout>"  # the output, named in errors
    _sink: Any = field(default=None, init=False)  # the CSV or Parquet writer, once started

    def write(self, row: Mapping[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        if self._sink is None:
            self._start(list(self.columns or row.keys()))
        if self.fmt == "parquet":  # cells as in CSV, but text as it is: no spreadsheet runs it
            self._sink.write({k: _flat(v) for k, v in row.items()})
        else:
            self._sink.writerow({k: cell(v) for k, v in row.items()})

    def finish(self) -> None:
        """A CSV or Parquet file with no rows still gets its columns, so it is valid."""
        if self.fmt != "jsonl" and self._sink is None:
            if self.fmt == "csv" and not self.columns:
                return  # no row and no columns known (`--emit unique`): empty, not a blank line
            self._start(list(self.columns or ()))
        if self.fmt == "parquet":
            self._sink.close()

    def _start(self, columns: list[str]) -> None:
        if self.fmt == "parquet":
            binary = getattr(self.stream, "buffer", self.stream)
            self._sink = ParquetRows(binary, columns, self.origin)
            return
        self._sink = csv.DictWriter(
            self.stream, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
        )
        self._sink.writeheader()


def cell(value: Any) -> Any:
    """A value as one CSV cell: spans as "start-end:other_start-other_end", lists and dicts
    joined, text that a spreadsheet would run as a formula neutralised."""
    return neutralise_cell(_flat(value))


def _flat(value: Any) -> Any:
    if (
        isinstance(value, list)
        and value
        and isinstance(value[0], dict)
        and "other_start" in value[0]
    ):
        return " ".join(
            f"{s['start']}-{s['end']}:{s['other_start']}-{s['other_end']}" for s in value
        )
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}:{v}" for k, v in value.items())
    return value


@dataclass(slots=True)
class Summary:
    """Counts for the stderr summary."""

    records: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    scopes: Counter[str] = field(default_factory=Counter)
    clusters: set[str] = field(default_factory=set)
    replayed: int = 0  # records found in the --index under the same id and text

    def add(self, finding: Finding | None) -> None:
        self.records += 1
        if finding is not None:
            self.kinds[finding.kind.value] += 1
            self.scopes[finding.scope.value] += 1
            self.clusters.add(finding.cluster_id)

    @property
    def duplicates(self) -> int:
        return sum(self.kinds.values())

    def text(self) -> str:
        kinds = ", ".join(f"{k} {self.kinds[k]}" for k in ("exact", "near", "boilerplate"))
        scopes = ", ".join(
            f"{s} {self.scopes[s]}" for s in ("same article", "same source", "cross-source")
        )
        again = (
            f"; {self.replayed} already in the index (same id and text): their findings "
            "of then, not compared again"
            if self.replayed
            else ""
        )
        return (
            f"audit dedup: {self.records} records, {self.duplicates} duplicates in "
            f"{len(self.clusters)} clusters (by kind: {kinds}; by scope: {scopes}){again}"
        )
