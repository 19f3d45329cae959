"""Report folders: the folder each story is written to, and writing it without harming anything.

- `folder_name` maps story ids to folder names injectively: an id that is a plain lowercase name
  is its own folder name; any other id becomes a readable slug plus `~` and a hash of the id
  (`~` never occurs in a plain name, and hashes differ in lowercase hex, so two ids never share
  a folder, even on case-insensitive file systems). Names fit every file system's limits, never
  start with a dot and are never a name reserved in the reports root (`profiles.csv`...).
- `write_report` writes a staging folder beside the story's folder, then swaps it in by two
  renames. It only ever replaces a folder holding the `.audit-report` marker it writes (or a
  report of an older version: only report files and a run.json naming an audit version); any
  other file or folder in the way is refused with `ReportFolderError`.
- `recover_reports` removes what a killed run left (`.<name>.staging-*`, `.<name>.old-*`) and
  puts a retired report back when the kill came between the two renames.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MARKER = ".audit-report"
MARKER_TEXT = b"Written by audit run: audit run replaces only folders that hold this file.\n"
# Files of the reports root itself (stories.csv: `audit run --group`): a story folder may never
# take one of these names.
RESERVED_NAMES = frozenset({"profiles.csv", "summary.csv", "stories.csv", "run.json", MARKER})
# Windows device names: a folder named so cannot be created or deleted there.
_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_SLUG_DROP = re.compile(r"[^\w.-]+")
# File systems allow 255 bytes per name; the staging prefix ('.' + name + '.staging-<pid>-<hex>')
# adds at most ~40, so ids are kept whole up to 100 bytes and slugs cut at 80 bytes.
_PLAIN_MAX_BYTES = 100
_SLUG_MAX_BYTES = 80
# 12 hex digits (48 bits): a collision needs ~16 million story ids in one reports folder.
_HASH_HEX = 12
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<what>staging|old)-(?P<tag>[^.]*)$")


class ReportFolderError(OSError):
    """A report cannot be written where asked without replacing something audit did not write."""


@dataclass(frozen=True, slots=True)
class ReportFiles:
    folder: Path
    files: tuple[Path, ...]


def folder_name(story_id: str) -> str:
    """The folder name of a story's reports: the id itself when it is a plain lowercase name
    (letters, digits, '.', '_', '-', not starting with a dot), else a slug plus a hash."""
    if (
        _PLAIN.fullmatch(story_id)
        and len(story_id) <= _PLAIN_MAX_BYTES
        and not story_id.endswith(".")
        and story_id not in RESERVED_NAMES
        and story_id.split(".")[0] not in _DEVICE_NAMES
    ):
        return story_id
    digest = hashlib.blake2b(story_id.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    slug = _SLUG_DROP.sub("-", unicodedata.normalize("NFC", story_id)).strip("-.")
    slug = slug.encode("utf-8")[:_SLUG_MAX_BYTES].decode("utf-8", "ignore").rstrip("-.")
    return f"{slug or 'story'}~{digest[:_HASH_HEX]}"


def report_folders(out: Path, story_ids: Iterable[str]) -> dict[str, Path]:
    """Each story's report folder under `out`, after cleaning what killed runs left there;
    raises ReportFolderError when one is taken by something audit did not write, so that
    nothing is written at all."""
    recover_reports(out)
    folders = {story_id: out / folder_name(story_id) for story_id in story_ids}
    for folder in folders.values():
        check_replaceable(folder)
    return folders


def check_replaceable(folder: Path) -> None:
    """Raise ReportFolderError unless `folder` is missing or a report folder audit wrote."""
    if folder.name in ("", ".", "..") or folder.name in RESERVED_NAMES:
        raise ReportFolderError(f"{folder}: not a story folder name")
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ReportFolderError(f"{folder}: cannot inspect: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode) or not is_report_folder(folder):
        raise ReportFolderError(
            f"{folder} exists and was not written by audit run (no {MARKER} file in it); "
            "refusing to replace it: move it away or choose another --out"
        )


def is_report_folder(folder: Path) -> bool:
    """True for a real folder (not a link) that audit wrote: it holds the marker, or (reports of
    versions before the marker) only .csv/.json files, among them a run.json naming an audit
    version."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return False
        if (folder / MARKER).is_file():
            return True
        entries = list(folder.iterdir())
        if any(
            not p.is_file() or p.is_symlink() or p.suffix not in (".csv", ".json") for p in entries
        ):
            return False
        manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "audit_version" in manifest and "story_id" in manifest


def write_report(folder: Path, contents: Mapping[str, bytes]) -> ReportFiles:
    """Write all files into a staging folder beside `folder`, then swap it in by renaming.
    Refuses (ReportFolderError) to replace anything but a report folder audit wrote."""
    check_replaceable(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = _fresh_folder(folder, "staging")
    try:
        staging.chmod(0o777 & ~current_umask())  # mkdir with 0o700 made it private; a report is not
        for name, data in (*sorted(contents.items()), (MARKER, MARKER_TEXT)):
            if "/" in name or name in ("", ".", ".."):
                raise ValueError(f"not a report file name: {name!r}")
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        _swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReportFiles(folder, tuple(folder / name for name in sorted(contents)))


def write_file(path: Path, data: bytes) -> Path:
    """Write one file atomically (see `atomic_file`)."""
    with atomic_file(path) as out:
        out.write(data)
    return path


@contextmanager
def atomic_file(path: Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """A file that appears at `path` whole or not at all: written to a temporary file beside
    it, synced, given the permissions a plain `open` would give, then renamed over `path`; on
    any error the temporary file is removed. Text modes write UTF-8 with no newline
    translation (CSV writes its own line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    try:
        with os.fdopen(handle, mode, **text) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp made it private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def recover_reports(out: Path) -> tuple[Path, ...]:
    """Clean what killed runs left in `out`: a retired report whose folder is missing is put
    back; other `.<name>.old-*` and `.<name>.staging-*` folders of runs no longer alive are
    removed (only when they hold nothing but report files). Returns the folders restored."""
    try:
        entries = sorted(out.iterdir())
    except OSError:
        return ()  # a missing out folder holds no leftovers; other errors surface on writing
    restored = []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink() or _alive(match["tag"]):
            continue
        name = match["name"]
        if match["what"] == "old":
            retired = entry / name
            if is_report_folder(retired) and not os.path.lexists(out / name):
                os.replace(retired, out / name)
                restored.append(out / name)
            if all(is_report_folder(p) for p in entry.iterdir()):
                shutil.rmtree(entry, ignore_errors=True)
        elif _only_report_files(entry):
            shutil.rmtree(entry, ignore_errors=True)
    return tuple(restored)


def _only_report_files(folder: Path) -> bool:
    try:
        return all(
            p.is_file()
            and not p.is_symlink()
            and (p.suffix in (".csv", ".json") or p.name == MARKER)
            for p in folder.iterdir()
        )
    except OSError:
        return False


def _is_report_file(path: Path) -> bool:
    return (
        path.is_file()
        and not path.is_symlink()
        and (path.suffix in (".csv", ".json") or path.name == MARKER)
    )


def _alive(tag: str) -> bool:
    """Whether the run that made a leftover folder tagged `<pid>-<hex>` still runs (folders of
    older versions carry no pid: their run is over)."""
    pid_text, _, _ = tag.partition("-")
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's live process, or a pid we cannot probe: leave it alone
    return True


def _fresh_folder(folder: Path, what: str) -> Path:
    while True:
        candidate = folder.parent / f".{folder.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            candidate.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return candidate


def current_umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it, so set it straight back
    os.umask(current)
    return current


def _swap_in(staging: Path, folder: Path) -> None:
    if not os.path.lexists(folder):
        os.replace(staging, folder)
        return
    retired = _fresh_folder(folder, "old")
    os.replace(folder, retired / folder.name)
    try:
        os.replace(staging, folder)
    except BaseException:
        os.replace(retired / folder.name, folder)  # put the old report back
        shutil.rmtree(retired, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
