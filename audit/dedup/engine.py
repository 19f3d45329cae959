"""The dedup engine: records in, (record, finding) out, in input order, in one pass.

Per batch: exact copies are found by a hash of the normalised text (`match_key`); the other
texts get MinHash signatures whose LSH band keys propose earlier candidates; every candidate is
verified by rapidfuzz before it is reported. Each duplicate is reported once, against its best
verified earlier match, so findings form a forest and a cluster is named by its first record.
An optional persistent index (`audit.dedup.index`) adds the records of earlier runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

import numpy as np

from audit.config import DedupConfig
from audit.dedup.findings import Finding, StoredRecord, scope_of
from audit.dedup.lsh import BandIndex
from audit.dedup.minhash import MinHasher, make_hasher, text_band_keys
from audit.dedup.records import Record
from audit.dedup.verify import (
    RULE_EXACT,
    BoilerplateRules,
    Verdict,
    exact_spans,
    kind_of,
    matched_spans,
    verify,
)
from audit.errors import AuditInputError
from audit.text.normalize import match_key


class History(Protocol):
    """Records of earlier runs (implemented by `audit.dedup.index.SqliteIndex`)."""

    def lookup_exact(self, hashes: Sequence[int]) -> dict[int, StoredRecord]: ...

    def query_bands(self, keys: np.ndarray) -> list[list[tuple[int, StoredRecord]]]: ...

    def add(
        self, rows: Sequence[tuple[int, StoredRecord]], bands: dict[int, np.ndarray]
    ) -> None: ...


def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a match key (fits an SQLite INTEGER)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def check_config(config: DedupConfig, origin: str = "config") -> None:
    """Refuse settings the engine cannot run with, as an input error naming the key."""
    counts = ("shingle_words", "bands", "rows", "batch_size", "max_verify")
    for name in (*counts, "max_bucket_candidates", "min_near_words"):
        if getattr(config, name) < 1:
            raise AuditInputError(origin, f"dedup.{name} must be at least 1")
    for name in ("near_threshold", "containment_threshold"):
        if not 0.0 <= getattr(config, name) <= 1.0:
            raise AuditInputError(origin, f"dedup.{name} must be between 0 and 1")


def find_duplicates(
    records: Iterable[Record], config: DedupConfig | None = None, *, index: History | None = None
) -> Iterator[Finding]:
    """The findings of a stream of records, in input order: one per duplicate record."""
    for _, finding in classify(records, config, index=index):
        if finding is not None:
            yield finding


def classify(
    records: Iterable[Record], config: DedupConfig | None = None, *, index: History | None = None
) -> Iterator[tuple[Record, Finding | None]]:
    """Every record, in input order, with its finding (None when it is not a duplicate)."""
    config = config or DedupConfig()
    check_config(config)
    state = _State.start(config, index)
    iterator = iter(records)
    while batch := list(islice(iterator, state.config.batch_size)):
        yield from state.process(batch)


@dataclass(slots=True)
class _Match:
    """A duplicate found in a batch, turned into a Finding once cluster ids are settled."""

    other: int | StoredRecord  # a sequence number of this run, or a record of an earlier run
    verdict: Verdict


@dataclass(slots=True)
class _State:
    """What one `classify` call has seen: local to the call, never shared."""

    config: DedupConfig
    hasher: MinHasher
    bands: BandIndex
    history: History | None
    boilerplate: BoilerplateRules
    exact: dict[int, int] = field(default_factory=dict)
    stored: list[StoredRecord] = field(default_factory=list)

    @classmethod
    def start(cls, config: DedupConfig, history: History | None) -> _State:
        hasher = make_hasher(
            shingle_words=config.shingle_words,
            bands=config.bands,
            rows=config.rows,
            seed=config.seed,
        )
        bands = BandIndex(config.max_bucket_candidates)
        return cls(config, hasher, bands, history, BoilerplateRules.of(config))

    def process(self, batch: list[Record]) -> Iterator[tuple[Record, Finding | None]]:
        keys = [match_key(r.text) for r in batch]
        words = [k.split() for k in keys]
        hashes = [key_hash(k) for k in keys]
        seen = self.history.lookup_exact(hashes) if self.history else {}
        matches: dict[int, _Match] = {}
        new: list[int] = []  # positions of texts not seen before, stored in this batch
        near: list[tuple[int, int]] = []  # (position in batch, sequence number)
        for pos, record in enumerate(batch):
            if not words[pos]:
                continue
            digest = hashes[pos]
            earlier = self.exact.get(digest)
            if earlier is None and digest in seen:
                earlier_record: int | StoredRecord | None = seen[digest]
            else:
                earlier_record = earlier
            if earlier_record is not None:
                matches[pos] = _Match(earlier_record, Verdict(1.0, RULE_EXACT))
                continue
            seq = len(self.stored)
            self.exact[digest] = seq
            self.stored.append(stored_record(record, keys[pos]))
            new.append(pos)
            if len(words[pos]) >= self.config.min_near_words:
                near.append((pos, seq))
        band_rows = self._near_matches(near, words, matches)
        if self.history is not None:
            self.history.add(
                [(hashes[pos], self.stored[self.exact[hashes[pos]]]) for pos in new],
                {hashes[pos]: band_rows[pos] for pos, _ in near},
            )
        for pos, record in enumerate(batch):
            match = matches.get(pos)
            yield record, None if match is None else self._finding(record, keys[pos], match)

    def _near_matches(
        self, near: list[tuple[int, int]], words: list[list[str]], matches: dict[int, _Match]
    ) -> dict[int, np.ndarray]:
        """Verify LSH candidates of the new texts; record matches; return their band keys."""
        if not near:
            return {}
        seqs = np.array([seq for _, seq in near], dtype=np.int64)
        band_keys = text_band_keys(self.hasher, [words[pos] for pos, _ in near])
        self.bands.add(band_keys, seqs)
        found = self.bands.query(band_keys, seqs)
        earlier = self.history.query_bands(band_keys) if self.history else [[] for _ in near]
        per_row: list[list[tuple[int, int | StoredRecord]]] = [list(rows) for rows in earlier]
        for row, seq, hits in zip(
            found.query.tolist(), found.seq.tolist(), found.hits.tolist(), strict=True
        ):
            per_row[row].append((hits, seq))
        for row, (pos, seq) in enumerate(near):
            best = self._best(words[pos], per_row[row])
            if best is not None:
                matches[pos] = best
                self.stored[seq] = _with_cluster(self.stored[seq], self._cluster_of(best.other))
        return {pos: band_keys[row] for row, (pos, _) in enumerate(near)}

    def _best(
        self, words: list[str], candidates: list[tuple[int, int | StoredRecord]]
    ) -> _Match | None:
        # Most shared bands first; among equals, earlier runs' records, then older records.
        ranked = sorted(candidates, key=lambda c: (-c[0], _age(c[1])))
        best: _Match | None = None
        for _, other in ranked[: self.config.max_verify]:
            key = other.key if isinstance(other, StoredRecord) else self.stored[other].key
            verdict = verify(words, key.split(), self.config)
            if verdict is not None and (best is None or verdict.score > best.verdict.score):
                best = _Match(other, verdict)
        return best

    def _cluster_of(self, other: int | StoredRecord) -> str:
        if isinstance(other, StoredRecord):
            return other.cluster_id
        return self.stored[other].cluster_id

    def _finding(self, record: Record, key: str, match: _Match) -> Finding:
        other = match.other if isinstance(match.other, StoredRecord) else self.stored[match.other]
        return make_finding(record, key, other, match.verdict, self.boilerplate)


def make_finding(
    record: Record, key: str, other: StoredRecord, verdict: Verdict, boilerplate: BoilerplateRules
) -> Finding:
    """The finding of `record` (its match key `key`) against its best earlier match `other`,
    with the matched spans as evidence; every engine builds its findings here."""
    rule = verdict.rule
    if rule == RULE_EXACT:
        spans = exact_spans(record.text, other.text)
    else:
        spans = matched_spans(record.text, other.text)
    extra = boilerplate.rule(key, len(key.split()))
    if extra is not None:
        rule = f"{rule}; {extra}"
    return Finding(
        record_id=record.record_id,
        other_id=other.record_id,
        kind=kind_of(rule),
        scope=scope_of(record.source, record.article_id, other.source, other.article_id),
        score=round(min(1.0, max(0.0, verdict.score)), 4),
        rule=rule,
        spans=spans,
        article_id=record.article_id,
        other_article_id=other.article_id,
        source=record.source,
        other_source=other.source,
        cluster_id=other.cluster_id,
        offset=record.offset,
        other_offset=other.offset,
        seen_before=other.seen_before,
    )


def stored_record(record: Record, key: str) -> StoredRecord:
    return StoredRecord(
        record_id=record.record_id,
        article_id=record.article_id,
        source=record.source,
        text=record.text,
        offset=record.offset,
        cluster_id=record.record_id,
        key=key,
    )


def _with_cluster(stored: StoredRecord, cluster_id: str) -> StoredRecord:
    return StoredRecord(
        stored.record_id,
        stored.article_id,
        stored.source,
        stored.text,
        stored.offset,
        cluster_id,
        stored.key,
        stored.seen_before,
    )


def _age(other: int | StoredRecord) -> tuple[int, int]:
    return (0, 0) if isinstance(other, StoredRecord) else (1, other)
