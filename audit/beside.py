"""Pure calls computed in a forked child process while the caller goes on with other work.

`audit run` spends about a fifth of a large story's time measuring and framing paragraphs, work
that no later stage reads until the reports are built. On a machine with a second core that work
runs beside alignment (BENCHMARKS.md `section:speed`, rounds 5 and 6). The child is a fork, so it
starts in milliseconds with every module and value of the parent, and needs nothing pickled but
its answer.

The answer is the same either way: the child runs the very call the caller would have run. If
there is no child (the fork failed, e.g. a process limit) or it cannot answer (it raised, was
killed, or its answer does not pickle there or unpickle here), the caller runs the call itself,
so an error is raised in the caller as without a child (only later: when the caller asks for
the answer), and nothing is lost but time. `Series` has one child make several calls in turn
and send each answer as soon as it is made; `Pending` is its one-call case. On Linux the kernel
ends a child whose parent dies. Only callers that own their process should fork (the CLI):
forking a process with other threads running (the Streamlit server) can copy a lock that one of
them holds.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Sequence, Sized
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar

from audit.config import FORK_MIN_PARAGRAPHS
from audit.cores import usable_cores

T = TypeVar("T")
_HELD = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Series:
    """The answers of several calls, computed in order by one forked child that sends each as
    soon as it is made (so the caller can go on with the first while the child makes the next)
    or, failing that, by `result(k)` itself."""

    def __init__(self, calls: Sequence[Callable[[], Any]], *, fork: bool) -> None:
        self._calls = tuple(calls)
        self._values: list[Any] = []
        self._answer: Connection | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        if fork and can_fork():
            try:
                self._start()
            except OSError:  # no fork (a pids limit, no memory): the caller computes the answers
                self.close()
            except BaseException:  # an interrupt delivered as the fork ends: no child left
                self.close()
                raise

    @property
    def forked(self) -> bool:
        """Whether a child computes the answers still to come (else `result()` will)."""
        return self._answer is not None

    def __enter__(self) -> Series:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def result(self, index: int) -> Any:
        """Call `index`'s answer: the child's, or computed here when there is no child or it
        failed before sending it; asked again, the same answer. The answers before it are
        received (or computed) first; the child is ended once the last is in."""
        try:
            while len(self._values) <= index:
                self._values.append(self._next())
        except BaseException:
            self.close()
            raise
        if len(self._values) == len(self._calls):
            self.close()
        return self._values[index]

    def _next(self) -> Any:
        if self._answer is not None:
            try:
                return self._answer.recv()
            except (EOFError, OSError):
                self.close()  # the child ended without this answer: compute it and the rest here
            except Exception:
                self.close()  # an answer that pickled but does not unpickle: the same
        return self._calls[len(self._values)]()

    def close(self) -> None:
        """End the child, answered or not (an interrupted or failed caller does not wait for it)."""
        if self._answer is not None:
            self._answer.close()
            self._answer = None
        if self._child is not None:
            if self._child.is_alive():
                self._child.terminate()
            self._child.join()
            self._child.close()
            self._child = None

    def _start(self) -> None:
        # What the parent has buffered but not written would be written again by the child.
        sys.stdout.flush()
        sys.stderr.flush()
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(
            target=_answer_in_child, args=(self._calls, sending, os.getpid()), daemon=True
        )
        # A Ctrl-C or SIGTERM during the fork would be handled inside os.fork's at-fork
        # callbacks, which swallow the exception ("Exception ignored in ..."), and the run would
        # go on: hold both signals until the child is started and known, then take them here.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            child.start()
            sending.close()  # the child's end: once it exits, recv() sees EOF instead of waiting
            self._answer, self._child = receiving, child
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


class Pending(Generic[T]):
    """A call's answer, computed in a forked child or, failing that, by `result()` itself."""

    def __init__(self, call: Callable[[], T], *, fork: bool) -> None:
        self._series = Series((call,), fork=fork)

    @property
    def forked(self) -> bool:
        """Whether a child computes the answer (else `result()` will)."""
        return self._series.forked

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def result(self) -> T:
        """The call's answer: the child's, or computed here when there is no child or it failed;
        asked again, the same answer."""
        return self._series.result(0)  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the child, answered or not (an interrupted or failed caller does not wait for it)."""
        self._series.close()


def worth_forking(paragraphs: Sized) -> bool:
    """Whether a story of these paragraphs gains from children: small ones cost more to fork
    than they save (`audit.config.FORK_MIN_PARAGRAPHS`, with the measurement)."""
    return len(paragraphs) >= FORK_MIN_PARAGRAPHS


def can_fork() -> bool:
    """Whether a child can be forked here and a second core can run it: Linux and the BSDs (on
    macOS, fork is unsafe once system frameworks are loaded, so Python stopped defaulting to it)."""
    if sys.platform == "darwin" or usable_cores() < 2:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _end_with_parent(parent: int) -> None:
    """On Linux, have the kernel send this child SIGTERM when its parent (`parent`, the pid that
    forked it) dies: a SIGKILL gives the parent no chance to end it, and the child would run its
    call to the end for nothing. Best effort: where prctl is missing or refused, it is not set."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
        prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                          ctypes.c_ulong]  # fmt: skip
        prctl.restype = ctypes.c_int
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except Exception:  # not Linux (no prctl), or no ctypes: the child finishes, then exits
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _answer_in_child(calls: Sequence[Callable[[], Any]], sending: Connection, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and ends this child, which
    # must not print a traceback of its own; the parent's SIGTERM handler (`audit.cli.signals`)
    # would turn `close()`'s terminate into an exception here instead of an end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent across the fork
    outbox = _Outbox(sending)
    try:
        _end_with_parent(parent)
        for number, call in enumerate(calls):
            answer = ForkingPickler.dumps(call())
            if number < len(calls) - 1:
                outbox.put(answer)
            elif outbox.flush():  # nothing left to make: this process writes the last answer
                sending.send_bytes(answer)
        if not outbox.flush():  # an answer was not written: the parent must not read the next
            os._exit(1)  # in its place, so it sees the end here and makes the rest itself
    except BaseException:  # the parent reruns this call (and the rest) and raises its error there
        outbox.flush()  # but takes the answers made before it
        os._exit(1)
    finally:
        sending.close()


class _Outbox:
    """Answers written to the parent by a thread of their own: the parent reads an answer only
    when it needs it, and a write to a full pipe would otherwise hold this child from making
    the next one. (A fork of a single-threaded parent may start threads.) Once a write fails,
    nothing more is written: the parent must never take one answer for another."""

    def __init__(self, sending: Connection) -> None:
        self._sending = sending
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._failed = False

    def put(self, answer: bytes) -> None:
        if self._thread is None and not self._failed:
            thread = threading.Thread(target=self._write, daemon=True)
            try:
                thread.start()
            except RuntimeError:  # no thread to be had (a pids limit): write it here
                self._send(answer)
                return
            self._thread = thread
        self._queue.put(answer)

    def flush(self) -> bool:
        """Wait until every answer put is written; whether all were."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        return not self._failed

    def _write(self) -> None:
        while (answer := self._queue.get()) is not None:
            self._send(answer)

    def _send(self, answer: bytes) -> None:
        if self._failed:
            return
        try:
            self._sending.send_bytes(answer)
        except BaseException:  # the parent closed its end, or the write failed midway
            self._failed = True
