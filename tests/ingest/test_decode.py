from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.errors import AuditInputError
from audit.ingest.decode import decode_bytes, decode_line

TEXT = "Zelenskyy said “Kyiv” — cease-fire\nsecond line"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_with_or_without_bom_decode_exactly(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "f.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warning is None


def test_other_bytes_decode_as_windows_1252_with_a_warning_naming_the_line() -> None:
    data = "first line\ncaf\u00e9 \u201cquoted\u201d".encode("cp1252")
    decoded = decode_bytes(data, "f.txt")
    assert decoded.text == "first line\ncafé “quoted”"
    assert decoded.warning is not None and decoded.warning.startswith("line 2:")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"ok\n\x81\x8d\x8f\x90\x9d", "cannot decode"),
        (codecs.BOM_UTF8 + b"ok\n\xff\xfe broken", "cannot decode"),
    ],
)
def test_unusable_bytes_raise_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(AuditInputError) as caught:
        decode_bytes(data, "bad.txt")
    assert caught.value.origin == "bad.txt"
    assert message in str(caught.value)


def test_undecodable_utf8_after_bom_names_the_line() -> None:
    with pytest.raises(AuditInputError) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"one\ntwo\n\xff", "bad.txt")
    assert caught.value.line == 3
    assert str(caught.value).startswith("bad.txt:3:")


@given(st.text(min_size=1).filter(str.strip))
def test_any_utf8_text_round_trips(text: str) -> None:
    try:
        decoded = decode_bytes(text.encode("utf-8"), "f")
    except AuditInputError as error:  # texts of control characters are rejected as binary
        assert "binary" in str(error)
        return
    assert decoded.text == text


def test_invalid_utf8_is_named_where_it_is_not_where_windows_1252_fails() -> None:
    # A valid UTF-8 closing quote (e2 80 9d) holds 0x9d, undefined in Windows-1252: only the
    # bad byte on line 3 is read as Windows-1252, and the warning names line 3.
    data = "one\n\u201cquoted\u201d\n".encode() + b"caf\xe9\n"
    decoded = decode_bytes(data, "f.txt")
    assert decoded.text == "one\n\u201cquoted\u201d\ncaf\u00e9\n"
    assert decoded.warning is not None
    assert decoded.warning.startswith("line 3: not valid UTF-8 at column 4 (byte 0xe9)")


def test_bytes_neither_utf8_nor_windows_1252_are_an_error_at_their_line() -> None:
    with pytest.raises(AuditInputError) as caught:
        decode_bytes(b"one\ntwo \x81\n", "f.txt")
    assert caught.value.line == 2 and "0x81 at column 5" in str(caught.value)


def test_utf16_without_bom_says_so() -> None:
    with pytest.raises(AuditInputError, match="UTF-16 without a byte-order mark"):
        decode_bytes("plain words here".encode("utf-16-le"), "f.txt")


def test_lines_decode_like_files() -> None:
    assert decode_line(b"caf\xe9\n", "f", 7).warning.startswith("line 7: not valid UTF-8")
    with pytest.raises(AuditInputError, match="NUL bytes"):
        decode_line(b"t\x00e\x00x\x00t\x00\n", "f", 1)
