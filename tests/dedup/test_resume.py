"""`--index` is idempotent: a record seen again (same id, same text) gets back the finding it
had, so a feed rerun after a crash reports exactly what an uninterrupted run reports."""

from __future__ import annotations

import dataclasses
from itertools import islice
from pathlib import Path

from audit.config import DedupConfig
from audit.dedup.engine import classify
from audit.dedup.index import open_index
from audit.dedup.records import Record

CONFIG = dataclasses.replace(DedupConfig(), batch_size=3)
BASE = [
    "Thousands of dock workers walked off the job on Tuesday at the port of Gdansk today.",
    "The union said the plan would eliminate about 1,200 jobs over the next five years.",
    "Shipping companies began diverting vessels to the nearby port of Gdynia on Monday.",
    "The government has offered to mediate talks, which are expected to begin on Thursday.",
]


def feed() -> list[Record]:
    """Originals, exact copies and edited copies from two outlets, spread over batches."""
    texts = [
        *BASE,
        BASE[0],
        BASE[1].replace("1,200", "1,300"),
        "Something else entirely, with no copy anywhere in this little feed at all.",
        BASE[2],
        BASE[3].replace("Thursday", "Friday"),
        BASE[0].replace("Tuesday", "Wednesday"),
    ]
    return [Record(f"r{i}", t, "AP" if i % 2 else "Reuters", f"a{i}") for i, t in enumerate(texts)]


def results(path: Path, records: list[Record], stop: int | None = None) -> list:
    with open_index(path, CONFIG) as index:
        found = classify(records, CONFIG, index=index)
        taken = list(found if stop is None else islice(found, stop))
        found.close()  # a crash: batches after the one in flight are never committed
        return [(record.record_id, finding) for record, finding in taken]


def test_a_rerun_after_a_crash_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    uninterrupted = results(tmp_path / "once.db", feed())
    assert sum(f is not None for _, f in uninterrupted) >= 5  # the feed has copies to find
    crashed = tmp_path / "crashed.db"
    partial = results(crashed, feed(), stop=4)  # two batches committed
    assert partial == uninterrupted[:4]
    assert results(crashed, feed()) == uninterrupted


def test_a_feed_seen_again_is_not_its_own_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    first = results(path, feed())
    with open_index(path, CONFIG) as index:
        again = [(r.record_id, f) for r, f in classify(feed(), CONFIG, index=index)]
        assert index.replayed == len(feed())
    assert again == first
    assert all(f is None or f.other_id != rid for rid, f in again)


def test_an_updated_article_under_its_old_id_is_not_its_own_copy(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    results(path, [Record("story-1", BASE[0], "AP", "story-1")])
    updated = [Record("story-1", BASE[0].replace("Tuesday", "Tuesday night"), "AP", "story-1")]
    assert results(path, updated) == [("story-1", None)]
