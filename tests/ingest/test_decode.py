from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.errors import AuditInputError
from audit.ingest.decode import decode_bytes

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
