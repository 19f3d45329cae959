"""An audit result as files under `reports/<story>/`: the rows of every CSV (`rows`, and the
framing and dedup modules' own rows), written atomically and byte-identically (`writer`), into
folders only audit wrote (`folders`).

Names are imported on first use: `audit group` and `audit dedup` write through
`report.folders` alone and must not pay for the stages the writer imports."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "report_contents": "audit.report.writer",
    "write_report": "audit.report.writer",
}
__all__ = ["report_contents", "write_report"]

if TYPE_CHECKING:
    from audit.report.writer import report_contents, write_report


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'audit.report' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
