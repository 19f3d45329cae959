"""How the commands stop: SIGTERM unwinds like Ctrl-C (so every temporary file and staging
folder is removed by the same cleanup), and a failure to write the output is one line."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

from audit.text.terminal import shown

EXIT_FAILURE = 1
EXIT_INTERRUPTED = 128 + signal.SIGINT


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it unwinds like an interrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` (a KeyboardInterrupt) in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def exit_code_of(stop: KeyboardInterrupt) -> int:
    """128 + the signal's number, as shells report a process stopped by it."""
    return 128 + stop.signum if isinstance(stop, Terminated) else EXIT_INTERRUPTED


def output_failed(exc: OSError, prog: str) -> int:
    """One line for a failed write to standard output (closed pipe, full disk); exit code 1."""
    if isinstance(exc, BrokenPipeError):
        message = "output closed before the end (broken pipe)"
        # Python would flush stdout again at exit and print a traceback-like warning.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    else:
        message = f"cannot write output: {exc.strerror or exc}"
        if exc.filename:
            message = f"{exc.filename}: {message}"
    with suppress(OSError):
        print(f"{prog}: error: {shown(message)}", file=sys.stderr)
    return EXIT_FAILURE
