"""Reading a feed in worker processes: how many `audit group` takes, and when they are used."""

from __future__ import annotations

import pytest

from audit.config import AuditConfig, GroupConfig
from audit.group import extract
from audit.group.extract import command_workers, in_workers


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (8, 2)])
def test_the_command_takes_one_worker_per_usable_core_at_most_two(
    monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    monkeypatch.setattr(extract.os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
    assert command_workers(0) == expected
    assert command_workers(1) == 1  # a setting is kept as given
    assert command_workers(3) == 3


def test_workers_are_used_for_big_feeds_only_and_not_by_default_in_a_library_call() -> None:
    assert GroupConfig().workers == 0  # the command's choice; a library call reads in process
    assert not in_workers(AuditConfig(), 100_000)
    two = AuditConfig(group=GroupConfig(workers=2))
    assert in_workers(two, 2000)
    assert not in_workers(two, 1999)


def test_a_short_feed_never_starts_the_shared_pool() -> None:
    two = AuditConfig(group=GroupConfig(workers=2))
    jobs = [("A council shut the bridge on Monday for repairs.", "Bridge shut")] * 3
    with extract.worker_pool(two) as pool:
        assert pool is not None
        leads = list(extract.article_leads(jobs, two, pool=pool))
        assert pool._pool is None  # read in process: no interpreter started
    assert leads == list(extract.article_leads(jobs, AuditConfig()))
