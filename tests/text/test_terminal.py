from hypothesis import given
from hypothesis import strategies as st

from audit.errors import AuditInputError
from audit.text.terminal import printable


def test_control_characters_are_shown_not_sent() -> None:
    assert printable("evil\x1b]0;owned\x07name") == "evil\\x1b]0;owned\\x07name"
    assert printable("a\x00b\nc\u202ed") == "a\\x00b\\x0ac\\u202ed"
    assert printable("Café Київ “quoted”") == "Café Київ “quoted”"


@given(st.text())
def test_printable_text_has_no_controls(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)


def test_input_errors_are_escaped() -> None:
    error = AuditInputError("bad\x1b[31m.csv", "no column 't\x00e'", line=1)
    assert "\x1b" not in str(error) and "\x00" not in str(error) and "\\x1b" in str(error)
