"""Command output that is all or nothing: rows go to standard output, or to a temporary file
beside the asked path that replaces it only once the command has succeeded."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TextIO

from audit.report.folders import current_umask


class AtomicOutput:
    """Where the rows go: standard output, or a temporary file beside `--out` that replaces it
    only once the run has succeeded, so a run stopped by bad input leaves no partial file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.temporary: Path | None = None
        self.done = False

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        if self.path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(self.path))
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        try:  # an interrupt before __enter__ returns would skip __exit__
            self.temporary = Path(name)
            self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return self.stream

    def succeeded(self) -> None:
        self.done = True

    def __exit__(self, *exc_info: object) -> None:
        if self.temporary is None or self.path is None:
            return
        try:
            if self.done:
                self.stream.flush()
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self.done:
                os.chmod(self.temporary, 0o666 & ~current_umask())  # mkstemp made it private
                os.replace(self.temporary, self.path)
        except OSError as exc:  # a full disk on the last flush, a folder put in the way
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        finally:
            with suppress(OSError):
                self.stream.close()  # closing again is a no-op; a failed close is not
            self.temporary.unlink(missing_ok=True)
