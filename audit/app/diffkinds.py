"""Which word differences of a linked pair the side by side view highlights, and of what kind:
the classes of `audit.align.diffkinds` (the same as diffs.csv's), with the framing lexicons'
attribution words. When diffs.csv carries its own class per run, `given_kind` reads it and the
view uses it instead of `word_changes`.
"""

from __future__ import annotations

from audit.align.diffkinds import LEGEND, DiffKind, WordChange, kinds_present
from audit.align.diffkinds import word_changes as _word_changes
from audit.align.diffs import DiffSpan
from audit.framing.lexicon import attribution_forms
from audit.model import Paragraph

__all__ = ["LEGEND", "DiffKind", "WordChange", "given_kind", "kinds_present", "word_changes"]


def word_changes(mine: Paragraph, other: Paragraph) -> tuple[WordChange, ...]:
    """The words of `mine` that differ from `other` in a way that matters
    (`audit.align.diffkinds.word_changes`), rewording included (the view hides it unless
    asked)."""
    return _word_changes(mine, other, attribution_forms())


def given_kind(span: DiffSpan) -> str | None:
    """The class diffs.csv gives a run, when the alignment stage sets one."""
    value = getattr(span, "diff_class", None) or getattr(span, "kind", None)
    return str(value) if value else None
