"""audit: compare how news outlets cover the same story, with evidence for every flag.

The public API (the CLI and the app use the same calls):

    from audit import AuditConfig, load_story, run_audit, write_report
    story = load_story("path/to/story/")          # a folder, .csv/.jsonl, or one article file
    result = run_audit(story, AuditConfig())     # every stage; an immutable AuditResult
    write_report(Path("reports") / story.story_id, report_contents(result, AuditConfig()))

    from audit import find_duplicates, read_records   # duplicates in a pipeline
    from audit import group_articles                  # a mixed feed into stories

Names are imported on first use, so `import audit` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from audit.version import __version__

_WHERE = {
    "AuditConfig": "audit.config",
    "load_config": "audit.ingest.settings",
    "AuditInputError": "audit.errors",
    "Article": "audit.model",
    "Paragraph": "audit.model",
    "Story": "audit.model",
    "InputWarning": "audit.model",
    "load_input": "audit.ingest.load",
    "load_story": "audit.ingest.load",
    "LoadedInput": "audit.ingest.load",
    "AuditResult": "audit.pipeline",
    "run_audit": "audit.pipeline",
    "Alignment": "audit.align.stage",
    "Comparison": "audit.compare.stage",
    "StoryFraming": "audit.framing.stage",
    "report_contents": "audit.report.writer",
    "write_report": "audit.report.writer",
    "find_duplicates": "audit.dedup",
    "read_records": "audit.dedup",
    "Record": "audit.dedup",
    "Finding": "audit.dedup",
    "group_articles": "audit.group",
}
__all__ = [
    "Alignment",
    "Article",
    "AuditConfig",
    "AuditInputError",
    "AuditResult",
    "Comparison",
    "Finding",
    "InputWarning",
    "LoadedInput",
    "Paragraph",
    "Record",
    "Story",
    "StoryFraming",
    "__version__",
    "find_duplicates",
    "group_articles",
    "load_config",
    "load_input",
    "load_story",
    "read_records",
    "report_contents",
    "run_audit",
    "write_report",
]

if TYPE_CHECKING:  # for type checkers and editors; at run time `__getattr__` imports lazily
    from audit.align.stage import Alignment
    from audit.compare.stage import Comparison
    from audit.config import AuditConfig
    from audit.dedup import Finding, Record, find_duplicates, read_records
    from audit.errors import AuditInputError
    from audit.framing.stage import StoryFraming
    from audit.group import group_articles
    from audit.ingest.load import LoadedInput, load_input, load_story
    from audit.ingest.settings import load_config
    from audit.model import Article, InputWarning, Paragraph, Story
    from audit.pipeline import AuditResult, run_audit
    from audit.report.writer import report_contents, write_report


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'audit' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
