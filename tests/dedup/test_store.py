"""The run store gives back what it was given and leaves nothing on disk, even when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from audit.dedup import store as store_module
from audit.dedup.findings import StoredRecord
from audit.dedup.store import RunStore


def _record(i: int) -> StoredRecord:
    return StoredRecord(f"r{i}", f"a{i}", "src", f"text {i}", 0, f"c{i}", f"text {i}", False)


def test_records_come_back_by_sequence_number_from_disk_and_from_the_batch_in_flight() -> None:
    with RunStore() as store:
        seqs = [store.append(_record(i)) for i in range(3)]
        store.commit()
        seqs.append(store.append(_record(3)))  # in flight, not committed
        fetched = store.fetch(seqs)
        assert [store.get(s, fetched) for s in seqs] == [_record(i) for i in range(4)]
        assert len(store) == 4
        assert store.keys_of([3, 0, 0]) == {0: ("text 0", "c0"), 3: ("text 3", "c3")}
        assert [store.in_flight(s) for s in seqs] == [False, False, False, True]


def test_where_temporary_databases_live_in_memory_the_store_is_a_folder_removed_on_close(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(store_module, "temporary_databases_on_disk", lambda: False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with RunStore() as store:
        store.append(_record(0))
        store.commit()
        assert [p.name[:18] for p in tmp_path.iterdir()] == ["audit-dedup-store-"]
        assert store.get(0, store.fetch([0])) == _record(0)
    assert list(tmp_path.iterdir()) == []


_FILL_AND_WAIT = """
import sys
from audit.dedup.findings import StoredRecord
from audit.dedup import store as store_module
from audit.dedup.store import RunStore

store = RunStore()
for batch in range(40):  # ~40 MB of text: more than the store's page cache, so it spills
    for i in range(1000):
        store.append(StoredRecord("r", "a", "src", "x" * 1000, 0, "c", "k", False))
    store.commit()
print("filled", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.skipif(
    not store_module.temporary_databases_on_disk(),
    reason="this SQLite keeps temporary databases in memory: the store is a folder of its own",
)
def test_a_killed_run_leaves_no_file_in_the_temporary_directory(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "SQLITE_TMPDIR": str(scratch)}
    with subprocess.Popen(
        [sys.executable, "-c", _FILL_AND_WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "filled"
        open_files = [os.readlink(fd) for fd in Path(f"/proc/{child.pid}/fd").iterdir()]
        assert any(f.startswith(str(scratch)) and f.endswith("(deleted)") for f in open_files)
        assert list(scratch.iterdir()) == []  # the file is unlinked while still in use
        child.send_signal(signal.SIGKILL)
    assert list(scratch.iterdir()) == []
