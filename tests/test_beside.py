"""`audit.beside.Pending` gives the call's own answer, from a forked child or, when the child
cannot answer, from the caller; and `run_audit` gives the same result with or without a child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from functools import partial
from multiprocessing.connection import Connection

import pytest

from audit.beside import Pending, Series, can_fork
from audit.config import AuditConfig
from audit.pipeline import STAGES, run_audit
from audit.report.writer import report_contents

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork or only one core here")
PARENT = os.getpid()


def _answer() -> tuple[str, list[int]]:
    return "answer", [1, 2, 3]


def _pid() -> int:
    return os.getpid()


def _dies_in_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "computed by the caller"


def _raises_in_child() -> str:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return "computed by the caller"


def _unpicklable_in_child() -> object:
    if os.getpid() != PARENT:
        return lambda: None  # a lambda does not pickle: the child cannot send it
    return "computed by the caller"


class _FailsToUnpickle:
    """Pickles fine in the child; raises when the parent unpickles it."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_refuse, ())


def _refuse() -> None:
    raise RuntimeError("cannot be rebuilt here")


def _unpickles_badly_in_child() -> object:
    if os.getpid() != PARENT:
        return _FailsToUnpickle()
    return "computed by the caller"


def _fails() -> None:
    raise ValueError("bad input, line 3")


def _sleeps() -> None:
    time.sleep(60)


@needs_fork
def test_a_forked_child_computes_the_answer() -> None:
    with Pending(_pid, fork=True) as pending:
        assert pending.forked
        assert pending.result() != PARENT
    with Pending(_answer, fork=True) as pending:
        assert pending.result() == _answer()


@needs_fork
def test_asked_twice_the_answer_is_the_same_and_computed_once() -> None:
    calls: list[int] = []

    def counted() -> int:
        calls.append(os.getpid())
        return os.getpid()

    pending = Pending(counted, fork=True)
    first = pending.result()
    assert pending.result() == first != PARENT
    assert calls == []  # the parent never ran it: the child did, once
    unforked = Pending(counted, fork=False)
    assert unforked.result() == unforked.result() == PARENT
    assert calls == [PARENT]


def test_without_fork_the_caller_computes_it() -> None:
    pending = Pending(_pid, fork=False)
    assert not pending.forked
    assert pending.result() == PARENT


@needs_fork
@pytest.mark.parametrize("call", [_dies_in_child, _unpicklable_in_child, _unpickles_badly_in_child])
def test_a_child_that_cannot_answer_leaves_the_call_to_the_caller(call) -> None:
    assert Pending(call, fork=True).result() == "computed by the caller"


@needs_fork
def test_an_error_is_raised_in_the_caller_as_without_a_child() -> None:
    with pytest.raises(ValueError, match="bad input, line 3"):
        Pending(_fails, fork=True).result()


@needs_fork
def test_close_ends_a_child_that_was_never_asked() -> None:
    pending = Pending(_sleeps, fork=True)
    child = pending._series._child
    assert child is not None and child.is_alive()
    pending.close()
    assert pending._series._child is None and not pending.forked


@needs_fork
@pytest.mark.parametrize(
    ("cores", "children"),
    [
        (
            2,
            [
                ("story_facts", "frame_story", "measure_paragraphs"),
                ("word_story",),
                ("comparison_files",),
            ],
        ),
        (
            4,
            [
                ("measure_paragraphs", "frame_story"),
                ("story_facts",),
                ("word_story",),
                ("comparison_files",),
            ],
        ),
    ],
)
def test_run_audit_with_a_child_gives_the_same_result_and_reports(
    bundled_result, monkeypatch, cores: int, children: list[tuple[str, ...]]
) -> None:
    # the bundled story is under FORK_MIN_PARAGRAPHS: lower it so that the children run
    monkeypatch.setattr("audit.beside.FORK_MIN_PARAGRAPHS", 0)
    monkeypatch.setattr("audit.pipeline.usable_cores", lambda: cores)
    answered: list[tuple[str, ...]] = []
    config = AuditConfig()
    heard: list[str] = []
    plain = run_audit(bundled_result.story, config)
    started = Series._start
    received = 0
    receive = Connection.recv

    def counted(self: Connection) -> object:
        nonlocal received
        answer = receive(self)
        received += 1
        return answer

    monkeypatch.setattr(Connection, "recv", counted)
    monkeypatch.setattr(
        Series,
        "_start",
        lambda self: (answered.append(tuple(c.func.__name__ for c in self._calls)), started(self)),
    )
    forked = run_audit(
        bundled_result.story, config, fork=True, progress=lambda s, *_: heard.append(s)
    )
    assert forked == plain
    assert report_contents(forked, config, (), fork=True) == report_contents(plain, config, ())
    assert answered == children
    # each call answered by its child (a failed child leaves the call to the parent)
    assert received == sum(len(calls) for calls in children)
    assert sorted(set(heard)) == sorted(STAGES)  # every stage is told, framing once it is back


@pytest.mark.parametrize(
    ("text", "cores"),
    [("max 100000\n", None), ("200000 100000\n", 2.0), ("50000 100000\n", 0.5), ("junk", None)],
)
def test_a_cgroup_v2_cpu_quota_is_read_in_cores(tmp_path, text: str, cores: float | None) -> None:
    from audit.cores import _cgroup_cpu_quota

    (tmp_path / "cpu.max").write_text(text)
    own = tmp_path / "own"
    own.write_text("0::/\n")
    assert _cgroup_cpu_quota(str(tmp_path), str(own)) == cores
    assert _cgroup_cpu_quota(str(tmp_path / "missing"), str(own)) is None


def test_the_tightest_quota_of_a_nested_cgroup_and_its_parents_counts(tmp_path) -> None:
    from audit.cores import _cgroup_cpu_quota

    nested = tmp_path / "system.slice" / "audit.service"
    nested.mkdir(parents=True)
    (nested / "cpu.max").write_text("max 100000\n")
    (nested.parent / "cpu.max").write_text("150000 100000\n")  # systemd CPUQuota=150%
    own = tmp_path / "own"
    own.write_text("0::/system.slice/audit.service\n")
    assert _cgroup_cpu_quota(str(tmp_path), str(own)) == 1.5


def test_a_cgroup_v1_quota_is_read(tmp_path) -> None:
    from audit.cores import _cgroup_cpu_quota

    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert _cgroup_cpu_quota(str(tmp_path), str(tmp_path / "none")) == 1.0
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")  # unlimited
    assert _cgroup_cpu_quota(str(tmp_path), str(tmp_path / "none")) is None


def test_a_quota_under_two_cores_means_no_child(monkeypatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr("audit.cores._cgroup_cpu_quota", lambda: None)
    assert can_fork() == (sys.platform != "darwin")  # four cores, no quota: a child may run
    monkeypatch.setattr("audit.cores._cgroup_cpu_quota", lambda: 1.5)
    assert not can_fork()
    assert not Pending(_pid, fork=True).forked


@needs_fork
def test_a_failed_fork_leaves_the_call_to_the_caller(monkeypatch) -> None:
    def no_fork(self) -> None:
        raise BlockingIOError("fork: Resource temporarily unavailable")

    monkeypatch.setattr("multiprocessing.process.BaseProcess.start", no_fork)
    pending = Pending(_pid, fork=True)
    assert not pending.forked
    assert pending.result() == PARENT


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_child_ends_when_its_parent_is_killed(tmp_path) -> None:
    script = (
        "import os, sys, time\n"
        "from audit.beside import Pending\n"
        "def report():\n"
        "    open(sys.argv[1], 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "p = Pending(report, fork=True)\n"
        "time.sleep(60)\n"
    )
    marker = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", script, str(marker)])
    child = None
    try:
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.05)
        child = int(marker.read_text())
        assert child != parent.pid  # the call ran in a forked child, not in the process itself
        parent.kill()
        parent.wait()
        for _ in range(100):  # the kernel sends SIGTERM to the orphan
            if not _alive(child):
                break
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        parent.kill()
        parent.wait()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def test_a_small_story_is_not_forked(bundled_result, monkeypatch) -> None:
    started: list[bool] = []
    monkeypatch.setattr("audit.beside.Series._start", lambda self: started.append(True))
    run_audit(bundled_result.story, AuditConfig(), fork=True)
    assert started == []  # under FORK_MIN_PARAGRAPHS: cheaper in one process


def _pid_and_bulk() -> tuple[int, bytes]:
    return os.getpid(), b"x" * 1_000_000  # more than a pipe holds: written while the next is made


def _marks(path: str) -> int:
    open(path, "w").close()
    return os.getpid()


def _waits_for(path: str) -> int:
    """Waits (30 s at most) until `path` exists: the parent creates it once it has the first
    answer; -1 when it never does."""
    deadline = time.monotonic() + 30
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return -1
        time.sleep(0.01)
    return os.getpid()


def _dies_once(path: str) -> str:
    if os.getpid() != PARENT:
        _waits_for(path)
        os._exit(3)
    return "computed by the caller"


def _exists_within(path: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.path.exists(path)


@needs_fork
def test_a_series_child_makes_the_next_answer_before_the_first_is_read(tmp_path) -> None:
    # the first answer fills the pipe; written by the child's own thread, the child goes on
    marker = str(tmp_path / "second call started")
    with Series((_pid_and_bulk, partial(_marks, marker)), fork=True) as series:
        assert _exists_within(marker, 30)  # before the parent reads anything
        pid, bulk = series.result(0)
        assert pid != PARENT and len(bulk) == 1_000_000
        assert series.result(1) == pid


@needs_fork
def test_a_series_sends_each_answer_as_soon_as_it_is_made(tmp_path) -> None:
    gate = str(tmp_path / "first answer received")
    with Series((_pid_and_bulk, partial(_waits_for, gate)), fork=True) as series:
        pid, bulk = series.result(0)  # would never come if the child sent both at the end
        assert pid != PARENT and len(bulk) == 1_000_000
        assert series.forked  # the child is still making the second answer
        open(gate, "w").close()
        assert series.result(1) == pid
        assert not series.forked  # ended once the last answer is in
        assert series.result(0)[0] == pid  # asked again, the same answer


@needs_fork
def test_a_series_whose_child_fails_midway_keeps_the_answers_it_sent() -> None:
    with Series((_pid, _raises_in_child, _pid), fork=True) as series:
        assert series.result(2) == PARENT  # the rest made here, after the child's failure
        assert series.result(1) == "computed by the caller"
        assert series.result(0) != PARENT


@needs_fork
def test_a_series_whose_child_dies_keeps_what_it_sent_and_leaves_the_rest(tmp_path) -> None:
    gate = str(tmp_path / "first answer received")
    with Series((_pid, partial(_dies_once, gate), _pid), fork=True) as series:
        assert series.result(0) != PARENT
        open(gate, "w").close()  # now the child dies
        assert series.result(1) == "computed by the caller"
        assert series.result(2) == PARENT
        assert series.result(0) != PARENT


@needs_fork
def test_an_error_in_a_series_is_raised_in_the_caller() -> None:
    with Series((_pid, _fails), fork=True) as series:
        assert series.result(0) != PARENT
        with pytest.raises(ValueError, match="bad input, line 3"):
            series.result(1)
        assert not series.forked


@needs_fork
def test_a_series_whose_child_fails_to_write_an_answer_sends_no_later_one(monkeypatch) -> None:
    # were answer 1 sent after answer 0's write failed, the parent would read it as answer 0
    send = Connection.send_bytes
    failed: list[bool] = []

    def fails_once_in_child(self: Connection, *args: object) -> None:
        if os.getpid() != PARENT and not failed:
            failed.append(True)
            raise OSError(5, "Input/output error")
        send(self, *args)

    monkeypatch.setattr(Connection, "send_bytes", fails_once_in_child)
    with Series((_pid_and_bulk, _answer), fork=True) as series:
        assert series.result(0)[0] == PARENT
        assert series.result(1) == _answer()
