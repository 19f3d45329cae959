"""Reading a feed in worker processes: how many `audit group` takes, and when they are used."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.config import AuditConfig, GroupConfig
from audit.group import extract
from audit.group.extract import command_workers, in_workers
from audit.group.represent import Extractor, lead_text

CONFIG = AuditConfig()


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (8, 2)])
def test_the_command_takes_one_worker_per_usable_core_at_most_two(
    monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _: set(range(cores)), raising=False)
    monkeypatch.setattr("audit.cores._cgroup_cpu_quota", lambda: None)
    assert command_workers(0) == expected
    assert command_workers(1) == 1  # a setting is kept as given
    assert command_workers(3) == 3


def test_a_cpu_quota_of_one_core_means_reading_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _: set(range(8)), raising=False)
    monkeypatch.setattr("audit.cores._cgroup_cpu_quota", lambda: 1.0)
    assert command_workers(0) == 1


def test_workers_are_used_for_big_feeds_only_and_not_by_default_in_a_library_call() -> None:
    assert GroupConfig().workers == 0  # the command's choice; a library call reads in process
    assert not in_workers(AuditConfig(), 100_000)
    two = AuditConfig(group=GroupConfig(workers=2))
    assert in_workers(two, 2000)
    assert not in_workers(two, 1999)


def _reads_in_process(jobs: list[tuple[str, str]], config: AuditConfig) -> list[extract.Read]:
    cfg, extractor = config.group, Extractor()
    leads = (lead_text(text, title, cfg.lead_words, clean=config.clean) for text, title in jobs)
    return [extractor.read(lead, cfg.reprint_words) for lead in leads]


def test_a_short_feed_is_read_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_: object) -> None:
        raise AssertionError("a worker pool was started for a short feed")

    monkeypatch.setattr(extract, "_in_workers", no_pool)
    two = AuditConfig(group=GroupConfig(workers=2))
    jobs = [("A council shut the bridge on Monday for repairs.", "Bridge shut")] * 3
    reads = [extract.unpack_read(r) for r in extract.packed_reads(jobs, two)]
    assert reads == _reads_in_process(jobs, two)


@given(st.lists(st.tuples(st.text(max_size=80), st.text(max_size=20)), max_size=4))
def test_a_packed_read_unpacks_to_the_read_of_the_text(jobs: list[tuple[str, str]]) -> None:
    reads = [extract.unpack_read(r) for r in extract.packed_reads(jobs, CONFIG)]
    assert reads == _reads_in_process(jobs, CONFIG)
