"""What the app shows, computed by the library: the app only lays it out."""

from __future__ import annotations

import pandas as pd

from audit.cli import bundled_story_path
from audit.config import AuditConfig
from audit.load import load_input
from audit.model import AuditResult, ParaKind
from audit.pipeline import run_audit
from audit.report import PARAGRAPH_COLUMNS, paragraph_rows

KINDS = tuple(kind.value for kind in ParaKind)


def bundled_result(config: AuditConfig | None = None) -> AuditResult:
    """The audit of the bundled example story."""
    loaded = load_input(bundled_story_path())
    return run_audit(loaded.stories[0], config or AuditConfig(), warnings=loaded.warnings)


def paragraph_table(result: AuditResult) -> pd.DataFrame:
    """The paragraphs of a result as a table (raw text, not CSV-neutralised: the app escapes)."""
    return pd.DataFrame(paragraph_rows(result), columns=list(PARAGRAPH_COLUMNS))
