from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.errors import AuditInputError
from audit.text.terminal import clipped, shown


def test_controls_become_visible_escapes() -> None:
    assert shown("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert shown("a\tb\nc\rd\x00e\x07") == "a\\x09b\\x0ac\\x0dd\\x00e\\x07"
    assert shown("del\x7f csi\x9b nel\x85") == "del\\x7f csi\\x9b nel\\x85"
    assert shown("evil\u202egnp.exe") == "evil\\u202egnp.exe"  # right-to-left override
    assert shown("line\u2028break") == "line\\u2028break"


def test_ordinary_text_of_any_script_is_kept() -> None:
    for text in ("Kyiv – Київ", "Zürich «Le Temps»", "東京新聞", "emoji 🎉", "back\\slash"):
        assert shown(text) == text


def test_clipped_fits_its_width() -> None:
    assert clipped("short", 10) == "short"
    assert clipped("a much longer story id", 10) == "a much lo…"
    assert len(clipped("\x1b" * 40, 12)) == 12


@given(st.text())
def test_nothing_shown_can_drive_a_terminal(text: str) -> None:
    out = shown(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_input_errors_are_escaped() -> None:
    error = AuditInputError("bad\x1b[31m.csv", "no column 't\x00e'", line=1)
    assert "\x1b" not in str(error) and "\x00" not in str(error) and "\\x1b" in str(error)
