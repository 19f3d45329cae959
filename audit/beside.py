"""One pure call computed in a forked child process while the caller goes on with other work.

`audit run` spends about a fifth of a large story's time measuring and framing paragraphs, work
that no later stage reads until the reports are built. On a machine with a second core that work
runs beside alignment (BENCHMARKS.md `section:speed`, rounds 5 and 6). The child is a fork, so it
starts in milliseconds with every module and value of the parent, and needs nothing pickled but
its answer.

The answer is the same either way: the child runs the very call the caller would have run. If
there is no child (the fork failed, e.g. a process limit) or it cannot answer (it raised, was
killed, or its answer does not pickle there or unpickle here), the caller runs the call itself,
so an error is raised in the caller as without a child (only later: when the caller asks for
the answer), and nothing is lost but time. On Linux the kernel ends a child whose parent dies.
Only callers that own their process should fork (the CLI): forking a process with other threads
running (the Streamlit server) can copy a lock that one of them holds.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sized
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from audit.config import FORK_MIN_PARAGRAPHS
from audit.cores import usable_cores

T = TypeVar("T")
_HELD = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Pending(Generic[T]):
    """A call's answer, computed in a forked child or, failing that, by `result()` itself."""

    def __init__(self, call: Callable[[], T], *, fork: bool) -> None:
        self._call = call
        self._done = False
        self._value: T
        self._answer: Connection | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        if fork and can_fork():
            try:
                self._start()
            except OSError:  # no fork (a pids limit, no memory): the caller computes the answer
                self.close()
            except BaseException:  # an interrupt delivered as the fork ends: no child left
                self.close()
                raise

    @property
    def forked(self) -> bool:
        """Whether a child computes the answer (else `result()` will)."""
        return self._answer is not None

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def result(self) -> T:
        """The call's answer: the child's, or computed here when there is no child or it failed;
        asked again, the same answer."""
        if self._done:
            return self._value
        try:
            self._value = self._receive()
            self._done = True
            return self._value
        finally:
            self.close()

    def _receive(self) -> T:
        if self._answer is not None:
            try:
                return self._answer.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                pass  # the child ended without an answer: compute it here
            except Exception:
                pass  # an answer that pickled but does not unpickle: compute it here
        return self._call()

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
            target=_answer_in_child, args=(self._call, sending, os.getpid()), daemon=True
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


def _answer_in_child(call: Callable[[], T], sending: Connection, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and ends this child, which
    # must not print a traceback of its own; the parent's SIGTERM handler (`audit.cli.signals`)
    # would turn `close()`'s terminate into an exception here instead of an end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent across the fork
    try:
        _end_with_parent(parent)
        sending.send(call())
    except BaseException:  # the parent reruns the call and raises its error there
        os._exit(1)
    finally:
        sending.close()
