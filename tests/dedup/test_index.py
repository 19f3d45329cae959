"""The persistent SQLite index: runs see earlier runs, crashes keep committed batches, readers
run side by side, and an index built under other MinHash settings is refused."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.config import DedupConfig
from audit.dedup.engine import find_duplicates
from audit.dedup.index import open_index
from audit.dedup.records import Record
from audit.errors import AuditInputError

CONFIG = dataclasses.replace(DedupConfig(), batch_size=2)
TEXTS = [
    "Thousands of dock workers walked off the job on Tuesday at the port of Gdansk.",
    "The union said the plan would eliminate about 1,200 jobs over five years.",
    "Shipping companies began diverting vessels to the nearby port of Gdynia.",
    "The government has offered to mediate talks, expected to begin on Thursday.",
]


def day(prefix: str, texts: list[str], source: str = "wire") -> list[Record]:
    return [Record(f"{prefix}{i}", t, source, f"{prefix}") for i, t in enumerate(texts)]


def run(path: Path, records: list[Record], **kwargs: bool) -> list:
    with open_index(path, CONFIG, **kwargs) as index:
        return list(find_duplicates(records, CONFIG, index=index))


def test_second_run_flags_content_of_the_first(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    assert run(path, day("mon", TEXTS)) == []
    edited = [TEXTS[0], TEXTS[1].replace("1,200", "1,300"), "Something new entirely today."]
    findings = run(path, day("tue", edited, source="herald"))
    assert [(f.record_id, f.other_id, f.kind.value, f.seen_before) for f in findings] == [
        ("tue0", "mon0", "exact", True),
        ("tue1", "mon1", "near", True),
    ]
    assert findings[1].cluster_id == "mon1"
    assert findings[1].spans
    # Within one run, a repeat of today's own text is not "seen before".
    again = run(path, day("wed", ["Something brand new here, twice over.", *TEXTS[2:3]] * 2))
    assert [(f.record_id, f.other_id, f.seen_before) for f in again] == [
        ("wed1", "mon2", True),
        ("wed2", "wed0", False),
        ("wed3", "mon2", True),
    ]


def failing(records: list[Record], after: int) -> Iterator[Record]:
    for i, record in enumerate(records):
        if i == after:
            raise RuntimeError("crash in the middle of a run")
        yield record


def test_crash_keeps_committed_batches(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    with pytest.raises(RuntimeError), open_index(path, CONFIG) as index:
        for _ in find_duplicates(failing(day("mon", TEXTS), after=3), CONFIG, index=index):
            pass
    # Batches of 2: the first batch was committed, the second never completed.
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = [r for (r,) in db.execute("SELECT record_id FROM records ORDER BY seq")]
    assert stored == ["mon0", "mon1"]
    findings = run(path, day("tue", TEXTS))
    assert [f.other_id for f in findings] == ["mon0", "mon1"]


def test_two_readers_and_a_writer_at_once(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    run(path, day("mon", TEXTS[:2]))
    with (
        open_index(path, CONFIG, readonly=True) as first,
        open_index(path, CONFIG, readonly=True) as second,
    ):
        # A writer commits while both readers are open: WAL lets all three proceed.
        run(path, day("tue", TEXTS[2:]))
        for reader in (first, second):
            found = list(find_duplicates(day("wed", TEXTS), CONFIG, index=reader))
            assert [f.other_id for f in found] == ["mon0", "mon1", "tue0", "tue1"]
            assert reader.run_id is None
    # Read-only runs add nothing.
    with open_index(path, CONFIG, readonly=True) as reader:
        assert len(reader) == 4


def test_other_minhash_settings_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    run(path, day("mon", TEXTS))
    other = dataclasses.replace(CONFIG, seed=CONFIG.seed + 1)
    with pytest.raises(AuditInputError, match="MinHash settings"), open_index(path, other):
        pass


def test_unusable_files_are_input_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with (
        pytest.raises(AuditInputError, match="index not found"),
        open_index(missing, CONFIG, readonly=True),
    ):
        pass
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with (
        pytest.raises(AuditInputError, match=r"junk\.db: not a usable dedup index"),
        open_index(junk, CONFIG),
    ):
        pass
