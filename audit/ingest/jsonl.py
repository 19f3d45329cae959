"""JSON Lines: the JSON object on each line, or an error naming the line (`audit run`, `audit
dedup` and `audit group` read JSONL through here)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from audit.errors import AuditInputError


def json_objects(
    lines: Iterable[tuple[int, str]], origin: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON object on each non-blank numbered line (JSONL), or an AuditInputError naming
    the line; shared by `audit run` and the streaming reader of `audit dedup`."""
    for number, line in lines:
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AuditInputError(origin, f"malformed JSON: {exc.msg}", line=number) from None
        except RecursionError:
            raise AuditInputError(
                origin, "JSON nested too deeply (about 1000 levels or more)", line=number
            ) from None
        if not isinstance(value, dict):
            raise AuditInputError(origin, "each JSONL line must be a JSON object", line=number)
        yield number, value


def text_lines(text: str) -> Iterator[str]:
    """The lines of `text` split on "\\n" only, cut one at a time (a list of them would hold
    a second copy of a big feed)."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]
