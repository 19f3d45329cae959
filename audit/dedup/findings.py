"""What dedup reports: a finding per duplicate record, with its evidence, and clusters of them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Why two records are duplicates: equal normalised text, similar text, or shared
    boilerplate (widgets, bylines, footers: repeated, but not a reprint of content)."""

    EXACT = "exact"
    NEAR = "near"
    BOILERPLATE = "boilerplate"


class Scope(StrEnum):
    """Where the copy lives relative to the original; cross-source is reuse across outlets."""

    SAME_ARTICLE = "same article"
    SAME_SOURCE = "same source"
    CROSS_SOURCE = "cross-source"


@dataclass(frozen=True, slots=True)
class SpanPair:
    """A passage equal (after normalisation) in both texts: `text[start:end]` of the duplicate
    record and `other_text[other_start:other_end]` of the earlier record."""

    start: int
    end: int
    other_start: int
    other_end: int


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """An earlier record as the index keeps it: enough to verify a candidate and explain a match.
    `key` is the text's `match_key` (kept so that candidates are not re-normalised at every
    verification); `seen_before` is true for records of an earlier run (a persistent index)."""

    record_id: str
    article_id: str
    source: str
    text: str
    offset: int
    cluster_id: str
    key: str = ""
    seen_before: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """Record `record_id` duplicates the earlier record `other_id`.

    `score` in [0, 1] is the value `rule` tested (1.0 for exact copies); `spans` are the matched
    passages as offsets into both records' texts; `offset`/`other_offset` place each record in
    its article. `cluster_id` is the first record of the cluster both belong to.
    """

    record_id: str
    other_id: str
    kind: Kind
    scope: Scope
    score: float
    rule: str
    spans: tuple[SpanPair, ...]
    article_id: str
    other_article_id: str
    source: str
    other_source: str
    cluster_id: str
    offset: int = 0
    other_offset: int = 0
    seen_before: bool = False


@dataclass(frozen=True, slots=True)
class Cluster:
    """Records that are copies of one another, first seen first; `kinds` counts their findings."""

    cluster_id: str
    record_ids: tuple[str, ...]
    kinds: tuple[tuple[str, int], ...]
    scopes: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return len(self.record_ids)


def scope_of(source: str, article_id: str, other_source: str, other_article_id: str) -> Scope:
    if article_id == other_article_id:
        return Scope.SAME_ARTICLE
    if source == other_source:
        return Scope.SAME_SOURCE
    return Scope.CROSS_SOURCE


def clusters(findings: Iterable[Finding]) -> tuple[Cluster, ...]:
    """Clusters of the findings, largest first, then by first appearance.

    Each finding links a record to an earlier one already in its cluster, so `cluster_id`
    groups them directly; the cluster's first record is `cluster_id` itself."""
    members: dict[str, list[str]] = {}
    kinds: dict[str, dict[str, int]] = {}
    scopes: dict[str, dict[str, int]] = {}
    for finding in findings:
        ids = members.setdefault(finding.cluster_id, [finding.cluster_id])
        ids.append(finding.record_id)
        counts = kinds.setdefault(finding.cluster_id, {})
        counts[finding.kind.value] = counts.get(finding.kind.value, 0) + 1
        where = scopes.setdefault(finding.cluster_id, {})
        where[finding.scope.value] = where.get(finding.scope.value, 0) + 1
    found = [
        Cluster(
            cluster_id=cid,
            record_ids=tuple(dict.fromkeys(ids)),
            kinds=tuple(sorted(kinds[cid].items())),
            scopes=tuple(sorted(scopes[cid].items())),
        )
        for cid, ids in members.items()
    ]
    order = {cid: rank for rank, cid in enumerate(members)}
    return tuple(sorted(found, key=lambda c: (-c.size, order[c.cluster_id])))


def finding_to_json(finding: Finding) -> str:
    """A finding as a JSON object (the persistent index keeps each record's finding)."""
    fields = {name: getattr(finding, name) for name in Finding.__slots__}
    fields["spans"] = [[s.start, s.end, s.other_start, s.other_end] for s in finding.spans]
    fields["kind"], fields["scope"] = finding.kind.value, finding.scope.value
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def finding_from_json(text: str) -> Finding:
    fields = json.loads(text)
    fields["spans"] = tuple(SpanPair(*span) for span in fields["spans"])
    fields["kind"], fields["scope"] = Kind(fields["kind"]), Scope(fields["scope"])
    return Finding(**fields)
