"""Only regular files and folders are read; the rest is refused with a clear reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.errors import AuditInputError
from audit.ingest.files import path_kind, read_regular, walk_files


def test_special_files_are_refused_before_they_are_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    with pytest.raises(AuditInputError, match="FIFO"):
        read_regular(fifo)
    with pytest.raises(AuditInputError, match="a device"):
        path_kind(Path("/dev/null"))


def test_missing_paths_and_link_loops_say_which(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(AuditInputError, match="symbolic link loop"):
        path_kind(loop)
    with pytest.raises(AuditInputError, match="no such file or folder"):
        path_kind(tmp_path / "absent")


def test_walk_lists_files_in_path_order_without_following_folder_links(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "link").symlink_to(tmp_path, target_is_directory=True)
    assert [p.relative_to(tmp_path).as_posix() for p in walk_files(tmp_path)] == [
        "a.txt",
        "b/x.txt",
    ]
