"""The texts of one `classify` run on disk: a private temporary SQLite database.

The engine needs earlier records' texts to verify candidates and to explain a match (spans), but
only a few per record; keeping every distinct text in a dict made `audit dedup` grow with its
stream (1.28 GB at 1M paragraphs). Here they are written once per batch and read back by
sequence number, so memory holds one batch.

The database is SQLite's own private temporary one (an empty file name): SQLite creates its
file in the temporary directory (`SQLITE_TMPDIR`, `TMPDIR`, then `/var/tmp`, `/usr/tmp`,
`/tmp`; read once per process) and unlinks it at once, so nothing is left behind even when
the process is killed, and the file does not show in `ls` or `du` while the run goes on. A
folder of our own, removed on close, was left in /tmp by every process that ended by a signal
(the features process of `audit group` is terminated once its answers are read). An SQLite
built to keep temporary databases in memory (`SQLITE_TEMP_STORE` 2 or 3) would hold the whole
store in RAM, so there the store is a file in a folder of our own again, as before.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import closing
from functools import cache
from pathlib import Path

from audit.dedup.findings import StoredRecord

# SQLite allows 32766 parameters per statement; smaller chunks keep each IN list cheap to plan.
_CHUNK = 900
_SCHEMA = """
CREATE TABLE records (
    seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL, article_id TEXT NOT NULL,
    source TEXT NOT NULL, text TEXT NOT NULL, offset INTEGER NOT NULL,
    cluster_id TEXT NOT NULL, key TEXT NOT NULL
);
CREATE TABLE replayed (record_id TEXT PRIMARY KEY) WITHOUT ROWID;
"""


class RunStore:
    """This run's stored records by sequence number (0, 1, 2...): `append` a batch, `fetch`
    some back. Records of the batch in flight are served from memory. Close it (or use it as a
    context manager) to free the file at once; it also goes when the object is collected."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        if temporary_databases_on_disk():
            self._db = sqlite3.connect("", isolation_level=None)
        else:
            self._folder = Path(tempfile.mkdtemp(prefix="audit-dedup-store-"))
            self._db = sqlite3.connect(self._folder / "records.db", isolation_level=None)
        # A scratch file: nothing is kept after a crash, so durability is not wanted.
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("PRAGMA cache_size=-16000")  # 16 MB of page cache, not more
        self._db.executescript(_SCHEMA)
        self._count = 0
        self._pending: list[StoredRecord] = []
        self._any_replayed = False

    def __len__(self) -> int:
        return self._count + len(self._pending)

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            self._folder = None

    def append(self, record: StoredRecord) -> int:
        """Store one record of the batch in flight; returns its sequence number."""
        self._pending.append(record)
        return self._count + len(self._pending) - 1

    def replace(self, seq: int, record: StoredRecord) -> None:
        """Replace a record of the batch in flight (its cluster, once it is known)."""
        self._pending[seq - self._count] = record

    def commit(self) -> None:
        """Write the batch in flight to disk."""
        if not self._pending:
            return
        with self._db:
            # One transaction per batch, for speed: in autocommit mode each row is its own (1.7 s
            # against 0.16 s for 100k rows, BENCHMARKS.md section dedup). Not for atomicity: with
            # journal_mode=OFF a rollback is undefined (a failed batch ends the run anyway).
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        self._count + i,
                        r.record_id,
                        r.article_id,
                        r.source,
                        r.text,
                        r.offset,
                        r.cluster_id,
                        r.key,
                    )
                    for i, r in enumerate(self._pending)
                ],
            )
        self._count += len(self._pending)
        self._pending = []

    def mark_replayed(self, record_ids: Iterable[str]) -> None:
        """Note records an index gave back (`History.replay`): they belong to this run's input."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO replayed VALUES (?)", [(r,) for r in record_ids]
            )
        self._any_replayed = True

    def replayed_among(self, record_ids: Iterable[str]) -> set[str]:
        """Those of `record_ids` that were replayed in this run."""
        if not self._any_replayed:
            return set()
        wanted = sorted(set(record_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT record_id FROM replayed WHERE record_id IN ({marks})", chunk
            )
            found.update(r for (r,) in rows)
        return found

    def in_flight(self, seq: int) -> bool:
        """Whether record `seq` belongs to the batch in flight (not yet committed)."""
        return seq >= self._count

    def get(self, seq: int, fetched: dict[int, StoredRecord]) -> StoredRecord:
        """Record `seq`: from the batch in flight, else from `fetched` (see `fetch`)."""
        if self.in_flight(seq):
            return self._pending[seq - self._count]
        return fetched[seq]

    def keys_of(self, seqs: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(match key, cluster id) of each record among `seqs`, committed or in flight (as they
        are now: `replace` may change a cluster id later): what verifying a candidate needs,
        without building the whole record."""
        wanted = sorted(set(seqs))
        found: dict[int, tuple[str, str]] = {}
        for seq in wanted:
            if self.in_flight(seq):
                record = self._pending[seq - self._count]
                found[seq] = (record.key, record.cluster_id)
        for chunk in _chunks([s for s in wanted if not self.in_flight(s)]):
            marks = ",".join("?" * len(chunk))
            for seq, key, cluster_id in self._db.execute(
                f"SELECT seq, key, cluster_id FROM records WHERE seq IN ({marks})", chunk
            ):
                found[seq] = (key, cluster_id)
        return found

    def fetch(self, seqs: Iterable[int]) -> dict[int, StoredRecord]:
        """The committed records among `seqs`, by sequence number, in one pass."""
        wanted = sorted({s for s in seqs if s < self._count})
        found: dict[int, StoredRecord] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for seq, *fields in self._db.execute(
                "SELECT seq, record_id, article_id, source, text, offset, cluster_id, key "
                f"FROM records WHERE seq IN ({marks})",
                chunk,
            ):
                found[seq] = StoredRecord(*fields)
        return found


@cache
def temporary_databases_on_disk() -> bool:
    """Whether this SQLite keeps a temporary database in a file (TEMP_STORE 0 or 1, the
    default) rather than in memory."""
    with closing(sqlite3.connect(":memory:")) as probe:
        options = {row[0] for row in probe.execute("PRAGMA compile_options")}
    return not options & {"TEMP_STORE=2", "TEMP_STORE=3"}


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
