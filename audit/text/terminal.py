"""Text from input made safe for a terminal: control characters shown as escapes, not sent.

Source names, ids, paths and header cells come from input; printed raw, an ESC or OSC sequence
in them would recolour, retitle or rewrite the user's terminal, a NUL or a line break would
split a one-line message, and bidi controls would reorder what is shown.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and the Unicode line separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character replaced by a visible escape (ESC -> `\\x1b`);
    printable text, accents and other scripts included, is left as it is."""
    return _UNSAFE.sub(_escape, text)
