"""The one exception a user sees: bad input, named by file and line, turned into a clean message."""

from __future__ import annotations

from audit.text.terminal import shown


class AuditInputError(Exception):
    """Input the audit cannot use. The CLI prints `str(error)` and exits non-zero; no traceback."""

    def __init__(self, origin: str, message: str, *, line: int | None = None) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        where = f"{origin}:{line}" if line is not None else origin
        # Printed on a terminal as one line: names and cells from input may hold controls.
        super().__init__(shown(f"{where}: {message}"))
