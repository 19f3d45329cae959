"""Text from the input as the terminal shows it: a source name or file name holding ESC or
another control character could move the cursor, recolour or rewrite what the user reads, so
such characters are shown as visible escapes (`\\x1b`, `\\u202e`) instead. Only what is printed
is changed; reports keep the original text."""

from __future__ import annotations

import re

# C0 controls (tab and newline included: a summary line must stay one line), DEL, C1 controls,
# line/paragraph separators, and the direction marks, embeddings, overrides and isolates that
# can make text read in another order than it is stored ("Trojan Source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """`text` with every control character replaced by its escape, e.g. ESC -> `\\x1b`."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clipped(text: str, width: int) -> str:
    """`text` shown in at most `width` characters, an ellipsis marking a cut."""
    text = shown(text)
    return text if len(text) <= width else text[: width - 1] + "…"
