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
from audit.dedup.lsh import BandIndex, Candidates, ExactIndex
from audit.dedup.minhash import MinHasher, make_hasher, text_band_keys
from audit.dedup.records import Record
from audit.dedup.store import RunStore
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

    def replay(self, records: Sequence[Record]) -> dict[str, Finding | None]: ...

    def lookup_exact(self, hashes: Sequence[int]) -> dict[int, StoredRecord]: ...

    def query_bands(self, keys: np.ndarray) -> list[list[tuple[int, StoredRecord]]]: ...

    def add(
        self,
        rows: Sequence[tuple[int, StoredRecord]],
        bands: dict[int, np.ndarray],
        processed: Sequence[tuple[Record, Finding | None]],
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
    """Every record, in input order, with its finding (None when it is not a duplicate).

    With an `index`, a record already in it under the same id and text (a feed run again, or
    rerun after a crash) is not compared again: its finding of the run that indexed it is given
    back, so a rerun reports what an uninterrupted run would have."""
    config = config or DedupConfig()
    check_config(config)
    with RunStore() as store:
        state = _State.start(config, index, store)
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
    """What one `classify` call has seen: local to the call, never shared. In memory: the band
    and exact-hash indexes (numpy, a few bytes per record); texts are in the `store` on disk."""

    config: DedupConfig
    hasher: MinHasher
    bands: BandIndex
    history: History | None
    boilerplate: BoilerplateRules
    store: RunStore
    exact: ExactIndex = field(default_factory=ExactIndex)

    @classmethod
    def start(cls, config: DedupConfig, history: History | None, store: RunStore) -> _State:
        hasher = make_hasher(
            shingle_words=config.shingle_words,
            bands=config.bands,
            rows=config.rows,
            seed=config.seed,
        )
        bands = BandIndex(config.max_bucket_candidates)
        return cls(config, hasher, bands, history, BoilerplateRules.of(config), store)

    def process(self, batch: list[Record]) -> Iterator[tuple[Record, Finding | None]]:
        replayed = self.history.replay(batch) if self.history else {}
        if replayed:
            self.store.mark_replayed(replayed)
        todo = [pos for pos, r in enumerate(batch) if r.record_id not in replayed]
        keys = {pos: match_key(batch[pos].text) for pos in todo}
        words = {pos: key.split() for pos, key in keys.items()}
        hashes = {pos: key_hash(key) for pos, key in keys.items()}
        seen = self.history.lookup_exact(list(hashes.values())) if self.history else {}
        earlier_exact = self.exact.lookup(list(hashes.values()))
        in_batch: dict[int, int] = {}  # hash -> sequence number, for this batch's new texts
        matches: dict[int, _Match] = {}
        new: list[tuple[int, int]] = []  # (position in batch, sequence number) of new texts
        near: list[tuple[int, int]] = []
        for pos in todo:
            record = batch[pos]
            if not words[pos]:
                continue
            digest = hashes[pos]
            earlier_record: int | StoredRecord | None = in_batch.get(digest)
            if earlier_record is None:
                earlier_record = earlier_exact.get(digest)
            # An article indexed earlier under the same id is not a copy of itself.
            if (
                earlier_record is None
                and digest in seen
                and seen[digest].record_id != record.record_id
            ):
                earlier_record = seen[digest]
            if earlier_record is not None:
                matches[pos] = _Match(earlier_record, Verdict(1.0, RULE_EXACT))
                continue
            seq = self.store.append(stored_record(record, keys[pos]))
            in_batch[digest] = seq
            new.append((pos, seq))
            if len(words[pos]) >= self.config.min_near_words:
                near.append((pos, seq))
        if new:
            self.exact.add(
                np.array([hashes[pos] for pos, _ in new], dtype=np.int64),
                np.array([seq for _, seq in new], dtype=np.int64),
            )
        band_rows = self._near_matches(near, words, matches, batch)
        fetched = self.store.fetch(m.other for m in matches.values() if isinstance(m.other, int))
        resumed = self.store.replayed_among(
            m.other.record_id for m in matches.values() if isinstance(m.other, StoredRecord)
        )
        found = {
            pos: self._finding(batch[pos], keys[pos], match, fetched, resumed)
            for pos, match in matches.items()
        }
        if self.history is not None:
            self.history.add(
                [(hashes[pos], self.store.get(seq, {})) for pos, seq in new],
                {hashes[pos]: band_rows[pos] for pos, _ in near},
                [(batch[pos], found.get(pos)) for pos in todo],
            )
        self.store.commit()
        for pos, record in enumerate(batch):
            if record.record_id in replayed:
                yield record, replayed[record.record_id]
            else:
                yield record, found.get(pos)

    def _near_matches(
        self,
        near: list[tuple[int, int]],
        words: dict[int, list[str]],
        matches: dict[int, _Match],
        batch: list[Record],
    ) -> dict[int, np.ndarray]:
        """Verify LSH candidates of the new texts; record matches; return their band keys."""
        if not near:
            return {}
        seqs = np.array([seq for _, seq in near], dtype=np.int64)
        band_keys = text_band_keys(self.hasher, [words[pos] for pos, _ in near])
        self.bands.add(band_keys, seqs)
        cap = self.config.max_verify
        ranked = _ranked_rows(self.bands.query(band_keys, seqs), len(near), cap)
        if self.history is not None:
            earlier = self.history.query_bands(band_keys)
            ranked = [
                _merged(
                    rows, [(h, o) for h, o in history if o.record_id != batch[pos].record_id], cap
                )
                for rows, history, (pos, _) in zip(ranked, earlier, near, strict=True)
            ]
        # Only the match keys (and cluster ids) are read to verify: whole records are read for
        # the matches alone, in `process`.
        keys = self.store.keys_of(o for rows in ranked for _, o in rows if isinstance(o, int))
        for row, (pos, seq) in enumerate(near):
            best = self._best(words[pos], ranked[row], keys)
            if best is not None:
                matches[pos] = best
                cluster = self._cluster_of(best.other, keys)
                self.store.replace(seq, _with_cluster(self.store.get(seq, {}), cluster))
        return {pos: band_keys[row] for row, (pos, _) in enumerate(near)}

    def _best(
        self,
        words: list[str],
        ranked: list[tuple[int, int | StoredRecord]],
        keys: dict[int, tuple[str, str]],
    ) -> _Match | None:
        best: _Match | None = None
        for _, other in ranked:
            key = other.key if isinstance(other, StoredRecord) else keys[other][0]
            verdict = verify(words, key.split(), self.config)
            if verdict is not None and (best is None or verdict.score > best.verdict.score):
                best = _Match(other, verdict)
        return best

    def _cluster_of(self, other: int | StoredRecord, keys: dict[int, tuple[str, str]]) -> str:
        if isinstance(other, StoredRecord):
            return other.cluster_id
        if self.store.in_flight(other):  # its cluster may have been settled in this batch
            return self.store.get(other, {}).cluster_id
        return keys[other][1]

    def _finding(
        self,
        record: Record,
        key: str,
        match: _Match,
        fetched: dict[int, StoredRecord],
        resumed: set[str],
    ) -> Finding:
        if isinstance(match.other, StoredRecord):
            other = match.other
        else:
            other = self.store.get(match.other, fetched)
        # A record given back by `replay` in this run is part of this run's input.
        seen_before = other.seen_before and other.record_id not in resumed
        return make_finding(
            record, key, other, match.verdict, self.boilerplate, seen_before=seen_before
        )


def make_finding(
    record: Record,
    key: str,
    other: StoredRecord,
    verdict: Verdict,
    boilerplate: BoilerplateRules,
    *,
    seen_before: bool | None = None,
) -> Finding:
    """The finding of `record` (its match key `key`) against its best earlier match `other`,
    with the matched spans as evidence; every engine builds its findings here. `seen_before`
    overrides `other.seen_before` (the local engine's records replayed after a crash)."""
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
        seen_before=other.seen_before if seen_before is None else seen_before,
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


def _ranked_rows(found: Candidates, n_rows: int, cap: int) -> list[list[tuple[int, int]]]:
    """Per querying row, its candidates as (shared bands, sequence number): most shared bands
    first, then the older record; at most `cap`. Sorted and cut in numpy: a Python sort per row
    was a tenth of a 1M-paragraph run."""
    rows: list[list[tuple[int, int]]] = [[] for _ in range(n_rows)]
    if not len(found.query):
        return rows
    order = np.lexsort((found.seq, -found.hits, found.query))
    query, seq, hits = found.query[order], found.seq[order], found.hits[order]
    starts = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    rank = np.arange(len(query)) - np.repeat(starts, np.diff(np.r_[starts, len(query)]))
    kept = rank < cap
    columns = (query[kept].tolist(), hits[kept].tolist(), seq[kept].tolist())
    for row, shared, other in zip(*columns, strict=True):
        rows[row].append((shared, other))
    return rows


def _merged(
    local: list[tuple[int, int]], earlier: list[tuple[int, StoredRecord]], cap: int
) -> list[tuple[int, int | StoredRecord]]:
    """A row's candidates of this run (ranked, at most `cap`) and of earlier runs in one ranking
    of at most `cap`: most shared bands first; among equals, earlier runs' records (in the
    index's order), then older records."""
    if not earlier:
        return list(local)
    both: list[tuple[int, int | StoredRecord]] = [*earlier, *local]
    return sorted(both, key=lambda c: (-c[0], _age(c[1])))[:cap]


def _age(other: int | StoredRecord) -> tuple[int, int]:
    return (0, 0) if isinstance(other, StoredRecord) else (1, other)
