"""Exact and near-duplicate detection: `audit dedup` and the duplicate flags of `audit run`.

Library API (records in, findings out, in input order, one pass, deterministic):

    from audit.dedup import Record, find_duplicates, clusters
    findings = list(find_duplicates(records, config.dedup))
    for cluster in clusters(findings): ...

For an audit's paragraphs: `find_duplicates(paragraph_records(paragraphs, source_of), cfg)`.
`classify` yields every record with its finding or None; `open_index` adds a persistent SQLite
index of earlier runs (`find_duplicates(records, cfg, index=index)`).
"""

from audit.dedup.engine import classify, find_duplicates
from audit.dedup.findings import Cluster, Finding, Kind, Scope, SpanPair, clusters
from audit.dedup.index import open_index
from audit.dedup.records import (
    ReadOptions,
    Record,
    paragraph_records,
    read_records,
    split_paragraphs,
)

__all__ = [
    "Cluster",
    "Finding",
    "Kind",
    "ReadOptions",
    "Record",
    "Scope",
    "SpanPair",
    "classify",
    "clusters",
    "find_duplicates",
    "open_index",
    "paragraph_records",
    "read_records",
    "split_paragraphs",
]
