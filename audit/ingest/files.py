"""Reading paths safely: only regular files and folders are read.

A FIFO or a device named as input (or lying in a folder as `x.txt`) would block forever or
never end, so it is refused before it is opened for reading (and checked again on the open
file, opened without blocking). Unreadable folders, symlink loops and missing paths are
AuditInputErrors naming the path, never tracebacks or silently empty inputs.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from audit.errors import AuditInputError

PathKind = Literal["file", "folder"]
_MESSAGES = {
    errno.ENOENT: "no such file or folder",
    errno.ELOOP: "symbolic link loop (a link that points back at itself)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a path component is not a folder",
    errno.ENAMETOOLONG: "path too long",
}


def os_message(exc: OSError) -> str:
    """A short, stable description of why a path could not be read."""
    return _MESSAGES.get(exc.errno or 0) or exc.strerror or str(exc)


def path_kind(path: Path, origin: str | None = None) -> PathKind:
    """'file' or 'folder'; an AuditInputError for anything else (FIFO, device, socket) and for
    paths that cannot be looked at (missing, a symlink loop, permission denied)."""
    where = origin or str(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise AuditInputError(where, os_message(exc)) from None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    raise AuditInputError(where, f"not a regular file ({_kind_name(mode)}): refused, not read")


def _kind_name(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO or pipe; send it to standard input with '-' instead"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def open_regular(path: Path, origin: str | None = None) -> BinaryIO:
    """The regular file at `path`, open for binary reading (never blocks on a FIFO)."""
    where = origin or str(path)
    if path_kind(path, where) != "file":
        raise AuditInputError(where, "is a folder, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise AuditInputError(where, f"cannot read: {os_message(exc)}") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped since the check
            raise AuditInputError(where, "not a regular file: refused, not read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path, origin: str | None = None) -> bytes:
    """All bytes of the regular file at `path` (see `open_regular`)."""
    where = origin or str(path)
    with open_regular(path, where) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise AuditInputError(where, f"cannot read: {os_message(exc)}") from None


def list_folder(folder: Path) -> list[Path]:
    """The entries of a folder, sorted by name; an unreadable folder is an input error."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        raise AuditInputError(str(folder), f"cannot list folder: {os_message(exc)}") from None


def walk_files(folder: Path) -> Iterator[Path]:
    """Every file under `folder` (sub-folders included, symlinked folders not followed), in
    sorted path order; an unreadable sub-folder is an input error, not silently skipped."""

    def fail(exc: OSError) -> None:
        where = exc.filename or str(folder)
        raise AuditInputError(str(where), f"cannot list folder: {os_message(exc)}")

    found = []
    for root, folders, files in os.walk(folder, onerror=fail):
        folders.sort()
        found.extend(Path(root) / name for name in files)
    yield from sorted(found, key=lambda p: p.relative_to(folder).parts)
