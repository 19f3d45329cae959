"""Bytes to text: UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are; anything
else is decoded as Windows-1252 with a warning; binary or undecodable bytes are an error."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from audit.errors import AuditInputError

# Control characters that never occur in text files; a few of them mean the bytes are not text.
_BINARY_CONTROLS = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) - {0x1B}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


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
    if _looks_binary(data):
        raise AuditInputError(origin, "file looks binary (control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fallback = _strict(data, "cp1252", origin)
        return Decoded(
            fallback.text,
            "cp1252",
            f"line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "decoded as Windows-1252, check the accents",
        )


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


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte in _BINARY_CONTROLS)
    return b"\x00" in sample or controls > max(2, len(sample) // 100)
