"""Bytes to text: UTF-8 (with or without BOM) and UTF-16/32 with BOM are read as they are; bytes
that are not valid UTF-8 are read as Windows-1252 (where they occur) with a warning naming the
first one's line and column; binary or undecodable bytes are an error naming the line.

`decode_bytes` decodes a whole file; `decode_line` one line of a stream (`audit dedup`), with the
same rules, so both commands name the same line and byte for the same input.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from audit.errors import AuditInputError

# Control characters that never occur in text files; a few of them mean the bytes are not text.
_BINARY_CONTROLS = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) - {0x1B}
_FALLBACK = "cp1252"
_ERRORS = "audit-cp1252"


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


class _Undefined(Exception):
    """A byte neither valid UTF-8 nor defined in Windows-1252 (0x81, 0x8d, 0x8f, 0x90, 0x9d)."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def _windows_1252_there(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the invalid UTF-8 bytes read as Windows-1252, the rest as UTF-8."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    try:
        return chunk.decode(_FALLBACK), error.end
    except UnicodeDecodeError as inner:
        raise _Undefined(error.start + inner.start) from None


codecs.register_error(_ERRORS, _windows_1252_there)


def decode_bytes(data: bytes, origin: str) -> Decoded:
    """Decode a file's bytes, or raise AuditInputError naming the file (and line) when it is
    empty, binary or undecodable."""
    if not data.strip():
        raise AuditInputError(origin, "file is empty")
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom) and len(data) % 4 == 0:
            return _strict(data, encoding, origin)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", origin)
    if data.startswith(codecs.BOM_UTF8):
        decoded = _strict(data[len(codecs.BOM_UTF8) :], "utf-8", origin)
        return Decoded(decoded.text, "utf-8-sig")
    if _looks_utf16(data):
        raise AuditInputError(
            origin, "looks like UTF-16 without a byte-order mark: save it as UTF-8"
        )
    if _looks_binary(data):
        raise AuditInputError(origin, "file looks binary (control bytes), not text")
    return _utf8_or_fallback(data, origin)


def decode_line(data: bytes, origin: str, line: int) -> Decoded:
    """One line (`line`, counted from 1) of a UTF-8 stream; bytes that are not UTF-8 are read
    as Windows-1252 with a warning naming this line, as `decode_bytes` does for a file."""
    if b"\x00" in data:  # valid UTF-8, but never in text: UTF-16 read byte by byte
        raise AuditInputError(
            origin, "NUL bytes: UTF-16 without a byte-order mark? Save it as UTF-8", line=line
        )
    return _utf8_or_fallback(data, origin, first_line=line)


def _utf8_or_fallback(data: bytes, origin: str, *, first_line: int = 1) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(data, exc.start, first_line)
        first = exc.start
    try:
        text = data.decode("utf-8", _ERRORS)
    except _Undefined as bad:
        where, column_bad = _place(data, bad.position, first_line)
        raise AuditInputError(
            origin,
            f"cannot decode byte 0x{data[bad.position]:02x} at column {column_bad} "
            "as UTF-8 or Windows-1252",
            line=where,
        ) from None
    return Decoded(
        text,
        "cp1252",  # where not UTF-8
        f"line {line}: not valid UTF-8 at column {column} (byte 0x{data[first]:02x}); "
        "such bytes were decoded as Windows-1252, check the accents",
    )


def _place(data: bytes, position: int, first_line: int = 1) -> tuple[int, int]:
    """(line, column) of a byte position; the column counts bytes from 1."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return first_line + data.count(b"\n", 0, position), position - line_start + 1


def _strict(data: bytes, encoding: str, origin: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AuditInputError(
            origin, f"cannot decode as {encoding} (byte 0x{data[exc.start]:02x})", line=line
        ) from None
    if encoding.startswith(("utf-16", "utf-32")) and text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, encoding)


def _looks_utf16(data: bytes) -> bool:
    """Mostly ASCII text in UTF-16: every other byte of the sample is NUL."""
    sample = data[:8192]
    if len(sample) < 4:
        return False
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) > 0.9 * len(half) for half in halves) and not all(
        half.count(0) > 0.9 * len(half) for half in halves
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte in _BINARY_CONTROLS)
    return b"\x00" in sample or controls > max(2, len(sample) // 100)
