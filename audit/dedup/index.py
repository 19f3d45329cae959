"""The persistent dedup index: an embedded SQLite file of the records of earlier runs.

`audit dedup --index PATH` reads it to flag content seen in earlier runs and appends this run's
records to it. The file is in WAL mode: each engine batch is one transaction, so a crash loses
at most the batch in flight and never leaves half a batch; readers (also in other processes) see
the last committed batch and never block the writer or each other. Band keys are only
comparable under the same MinHash settings, so the settings are stored and checked on open.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from audit.config import DedupConfig
from audit.dedup.findings import Finding, StoredRecord, finding_from_json, finding_to_json
from audit.dedup.records import Record
from audit.errors import AuditInputError
from audit.text.normalize import match_key

# SQLite allows 32766 parameters per statement; smaller chunks keep each IN list cheap to plan.
_CHUNK = 900
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, started TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    key_hash INTEGER NOT NULL,
    record_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    text TEXT NOT NULL,
    offset INTEGER NOT NULL,
    cluster_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exact (key_hash INTEGER PRIMARY KEY, seq INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen (record_id TEXT PRIMARY KEY, text_hash INTEGER NOT NULL,
    run_id INTEGER NOT NULL, finding TEXT) WITHOUT ROWID;
"""
_COLUMNS = "seq, record_id, article_id, source, text, offset, cluster_id"


class IndexFailure(Exception):
    """The index could not be read or written during a run (a full disk, a lost file): the
    last committed batch stays; the command reports it in one line and exits with code 1."""


def text_hash(text: str) -> int:
    """A stable signed 64-bit hash of a record's exact text (a record seen again is the same
    id with the same text, not merely the same normalised text)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _settings(config: DedupConfig) -> str:
    """The settings band keys depend on; an index built under others cannot be queried."""
    keys = ("shingle_words", "bands", "rows", "seed")
    return json.dumps({k: getattr(config, k) for k in keys}, sort_keys=True)


class SqliteIndex:
    """Records of earlier runs (for lookups) and the sink for this run's records.

    Open it with `open_index`; it implements the engine's `History` protocol."""

    def __init__(self, connection: sqlite3.Connection, run_id: int | None, cap: int) -> None:
        self._db = connection
        self._run = run_id  # None: read-only, every stored run counts as earlier
        self._cap = cap
        self.replayed = 0  # records of this run found already indexed (same id and text)
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        self._has_seen = "seen" in tables  # indexes written before it have no `seen` table

    @property
    def run_id(self) -> int | None:
        return self._run

    def _earlier(self) -> int:
        return self._run if self._run is not None else 2**62

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM records").fetchone()[0])

    def replay(self, records: Sequence[Record]) -> dict[str, Finding | None]:
        """The records already indexed under the same id with the same text, by id, with the
        finding they got then (None: not a duplicate). They are not compared again."""
        if not self._has_seen:
            return {}
        wanted = {r.record_id: text_hash(r.text) for r in records}
        found: dict[str, Finding | None] = {}
        ids = sorted(wanted)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT record_id, text_hash, finding FROM seen WHERE record_id IN ({marks})",
                chunk,
            )
            for record_id, stored_hash, finding in rows:
                if stored_hash == wanted[record_id]:
                    found[record_id] = None if finding is None else finding_from_json(finding)
        self.replayed += len(found)
        return found

    def lookup_exact(self, hashes: Sequence[int]) -> dict[int, StoredRecord]:
        """Records of earlier runs whose match key hashes to one of `hashes`."""
        found: dict[int, StoredRecord] = {}
        unique = sorted(set(hashes))
        for chunk in _chunks(unique):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT e.key_hash, {_prefixed('r')} FROM exact e JOIN records r "
                f"ON r.seq = e.seq WHERE e.key_hash IN ({marks}) AND r.run_id < ?",
                (*chunk, self._earlier()),
            )
            for key_hash, *record in rows:
                found[key_hash] = _stored(record)
        return found

    def query_bands(self, keys: np.ndarray) -> list[list[tuple[int, StoredRecord]]]:
        """For each row of band keys, the earlier runs' records sharing bands, with the count;
        at most `max_bucket_candidates` records per bucket, the oldest first."""
        flat = keys.astype(np.uint64).view(np.int64)
        per_key: dict[int, list[int]] = {}
        for chunk in _chunks(sorted(set(flat.reshape(-1).tolist()))):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT b.key, b.seq FROM bands b JOIN records r ON r.seq = b.seq "
                f"WHERE b.key IN ({marks}) AND r.run_id < ? ORDER BY b.key, b.seq",
                (*chunk, self._earlier()),
            )
            for key, seq in rows:
                bucket = per_key.setdefault(key, [])
                if len(bucket) < self._cap:
                    bucket.append(seq)
        hits_per_row: list[dict[int, int]] = []
        for row in flat.reshape(len(keys), -1).tolist():
            hits: dict[int, int] = {}
            for key in row:
                for seq in per_key.get(key, ()):
                    hits[seq] = hits.get(seq, 0) + 1
            hits_per_row.append(hits)
        records = self._records({seq for hits in hits_per_row for seq in hits})
        return [
            [(count, records[seq]) for seq, count in sorted(hits.items())] for hits in hits_per_row
        ]

    def _records(self, seqs: set[int]) -> dict[int, StoredRecord]:
        found: dict[int, StoredRecord] = {}
        for chunk in _chunks(sorted(seqs)):
            marks = ",".join("?" * len(chunk))
            for record in self._db.execute(
                f"SELECT {_COLUMNS} FROM records WHERE seq IN ({marks})", chunk
            ):
                found[record[0]] = _stored(record)
        return found

    def add(
        self,
        rows: Sequence[tuple[int, StoredRecord]],
        bands: dict[int, np.ndarray],
        processed: Sequence[tuple[Record, Finding | None]] = (),
    ) -> None:
        """Append one batch of this run's new records (by match-key hash), their band keys and
        every processed record's finding, in one transaction: a crash keeps whole batches only.
        A read-only index ignores it."""
        if self._run is None or not (rows or processed):
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
                [
                    (
                        record.record_id,
                        text_hash(record.text),
                        self._run,
                        None if finding is None else finding_to_json(finding),
                    )
                    for record, finding in processed
                ],
            )
            self._add_records(rows, bands)

    def _add_records(
        self, rows: Sequence[tuple[int, StoredRecord]], bands: dict[int, np.ndarray]
    ) -> None:
        if rows:
            first = self._db.execute("SELECT coalesce(max(seq), 0) + 1 FROM records").fetchone()[0]
            seqs = {key_hash: first + i for i, (key_hash, _) in enumerate(rows)}
            self._db.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        seqs[h],
                        self._run,
                        h,
                        r.record_id,
                        r.article_id,
                        r.source,
                        r.text,
                        r.offset,
                        r.cluster_id,
                    )
                    for h, r in rows
                ],
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO exact VALUES (?, ?)", [(h, seqs[h]) for h, _ in rows]
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO bands VALUES (?, ?)",
                [
                    (key, seqs[h])
                    for h, keys in bands.items()
                    for key in keys.astype(np.uint64).view(np.int64).tolist()
                ],
            )


@contextmanager
def open_index(
    path: Path | str, config: DedupConfig, *, readonly: bool = False
) -> Iterator[SqliteIndex]:
    """The index at `path` (created if missing unless read-only), open for one run."""
    path = Path(path)
    if readonly and not path.exists():
        raise AuditInputError(str(path), "index not found")
    try:
        if readonly:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
        else:
            connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except sqlite3.Error as exc:
        raise AuditInputError(str(path), f"cannot open index: {exc}") from None
    with closing(connection):
        try:
            run_id = _prepare(connection, config, readonly=readonly)
        except sqlite3.OperationalError as exc:
            raise IndexFailure(f"{path}: cannot prepare the index: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise AuditInputError(str(path), f"not a usable dedup index: {exc}") from None
        try:
            yield SqliteIndex(connection, run_id, config.max_bucket_candidates)
        except sqlite3.Error as exc:
            raise IndexFailure(f"{path}: index failed: {exc}") from None


def _prepare(db: sqlite3.Connection, config: DedupConfig, *, readonly: bool) -> int | None:
    if not readonly:
        # WAL: readers never block the writer; NORMAL sync is durable at each commit in WAL
        # mode except for the last transactions on power loss, never corrupting the file.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
    stored = db.execute("SELECT value FROM meta WHERE name = 'settings'").fetchone()
    wanted = _settings(config)
    if stored is not None and stored[0] != wanted:
        raise sqlite3.DatabaseError(f"built with MinHash settings {stored[0]}, not {wanted}")
    if readonly:
        return None
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR IGNORE INTO meta VALUES ('settings', ?)", (wanted,))
        started = datetime.now(UTC).isoformat(timespec="seconds")
        cursor = db.execute("INSERT INTO runs (started) VALUES (?)", (started,))
    return int(cursor.lastrowid or 0)


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _COLUMNS.split(","))


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _stored(row: Sequence) -> StoredRecord:
    _, record_id, article_id, source, text, offset, cluster_id = row
    return StoredRecord(
        record_id, article_id, source, text, offset, cluster_id, match_key(text), seen_before=True
    )
