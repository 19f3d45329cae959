"""The persistent story index: an SQLite file that keeps what grouping learnt across runs.

It holds the online document frequencies, the stories (open ones with their centroids), which
story each article joined, and, in the same file, the dedup engine's index of article leads (so
that a reprint of yesterday's article joins yesterday's story). A run reads it at the start and
writes this run's changes at the end in one transaction: a failed run leaves it as it was.
Grouping a feed in two runs with the index gives what one run over both gives, when the second
feed comes after the first in time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from audit.config import AuditConfig
from audit.dedup import open_index
from audit.dedup.index import SqliteIndex
from audit.errors import AuditInputError
from audit.group.cluster import Clusterer, Placement, StoryState
from audit.group.represent import SIGNALS, Vocabulary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS group_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_df (signal TEXT NOT NULL, term TEXT NOT NULL,
    df INTEGER NOT NULL, PRIMARY KEY (signal, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_forms (term TEXT PRIMARY KEY, form TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_stories (
    story_id TEXT PRIMARY KEY,
    first_article TEXT NOT NULL,
    n_articles INTEGER NOT NULL,
    first_time REAL,
    last_time REAL,
    last_seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    centroid TEXT
);
CREATE INDEX IF NOT EXISTS group_open ON group_stories (centroid) WHERE centroid IS NOT NULL;
CREATE TABLE IF NOT EXISTS group_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL)
    WITHOUT ROWID;
"""
_STORY_COLUMNS = "story_id, first_article, n_articles, first_time, last_time, last_seq, label"


def _settings(config: AuditConfig) -> str:
    """Settings the stored vectors depend on; an index built under others cannot be resumed."""
    keys = ("lead_words", "vector_terms", "centroid_terms")
    values = {k: getattr(config.group, k) for k in keys}
    return json.dumps({**values, "signals": list(SIGNALS)}, sort_keys=True)


@dataclass(slots=True)
class GroupIndex:
    """Earlier runs' grouping state; implements `audit.group.stage.GroupHistory`."""

    _db: sqlite3.Connection
    _dedup: SqliteIndex
    _n_docs: int

    @property
    def dedup(self) -> SqliteIndex:
        return self._dedup

    def vocabulary(self) -> Vocabulary:
        vocabulary = Vocabulary(n_docs=self._n_docs)
        for signal, term, df in self._db.execute("SELECT signal, term, df FROM group_df"):
            vocabulary.df.setdefault(signal, {})[term] = df
        vocabulary.forms.update(self._db.execute("SELECT term, form FROM group_forms"))
        return vocabulary

    def open_stories(self) -> list[StoryState]:
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS}, centroid FROM group_stories WHERE centroid IS NOT NULL"
        )
        return [_story(row) for row in rows]

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, StoryState]:
        """The stories (without centroids) that the given articles of earlier runs joined."""
        found: dict[str, StoryState] = {}
        for article_id in article_ids:
            row = self._db.execute(
                f"SELECT {', '.join('s.' + c for c in _STORY_COLUMNS.split(', '))}, NULL "
                "FROM group_articles a JOIN group_stories s ON s.story_id = a.story_id "
                "WHERE a.article_id = ?",
                (article_id,),
            ).fetchone()
            if row is not None:
                found[article_id] = _story(row)
        return found

    def save(self, clusterer: Clusterer, placements: Sequence[Placement]) -> None:
        """Write this run's state in one transaction."""
        vocabulary = clusterer.vocabulary
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR REPLACE INTO group_meta VALUES ('n_docs', ?)", (str(vocabulary.n_docs),)
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO group_df VALUES (?, ?, ?)",
                ((s, t, df) for s, table in vocabulary.df.items() for t, df in table.items()),
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO group_forms VALUES (?, ?)", vocabulary.forms.items()
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO group_stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (_story_row(s) for s in clusterer.stories.values()),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO group_articles VALUES (?, ?)",
                ((p.article_id, p.story_id) for p in placements),
            )


@contextmanager
def open_group_index(path: Path | str, config: AuditConfig) -> Iterator[GroupIndex]:
    """The index at `path` (created if missing), open for one run."""
    path = Path(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except sqlite3.Error as exc:
        raise AuditInputError(str(path), f"cannot open index: {exc}") from None
    with ExitStack() as stack:
        stack.enter_context(closing(connection))
        try:
            n_docs = _prepare(connection, config)
        except sqlite3.DatabaseError as exc:
            raise AuditInputError(str(path), f"not a usable story index: {exc}") from None
        dedup = stack.enter_context(open_index(path, config.dedup))
        yield GroupIndex(connection, dedup, n_docs)


def _prepare(db: sqlite3.Connection, config: AuditConfig) -> int:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)
    wanted = _settings(config)
    stored = db.execute("SELECT value FROM group_meta WHERE name = 'settings'").fetchone()
    if stored is not None and stored[0] != wanted:
        raise sqlite3.DatabaseError(f"built with settings {stored[0]}, not {wanted}")
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR IGNORE INTO group_meta VALUES ('settings', ?)", (wanted,))
    row = db.execute("SELECT value FROM group_meta WHERE name = 'n_docs'").fetchone()
    return int(row[0]) if row else 0


def _story(row: Sequence) -> StoryState:
    story_id, first, n, first_time, last_time, last_seq, label, centroid = row
    bags = json.loads(centroid) if centroid else {}
    return StoryState(
        story_id=story_id,
        first_article=first,
        n_articles=n,
        first_time=first_time,
        last_time=last_time,
        last_seq=last_seq,
        centroid=bags.get("centroid", {}),
        norms=bags.get("norms", {}),
        label=label,
        seen_before=True,
    )


def _story_row(story: StoryState) -> tuple:
    centroid = (
        json.dumps({"centroid": story.centroid, "norms": story.norms}) if story.is_open else None
    )
    return (
        story.story_id,
        story.first_article,
        story.n_articles,
        story.first_time,
        story.last_time,
        story.last_seq,
        story.label,
        centroid,
    )
