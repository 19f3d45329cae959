"""Which word differences of a linked pair the side by side view highlights, and of what kind:
the classes of `audit.align.diffkinds` (the same as diffs.csv's), with the framing lexicons'
attribution words.
"""

from __future__ import annotations

from audit.align.diffkinds import LEGEND, DiffKind, WordChange, kinds_present
from audit.align.diffkinds import word_changes as _word_changes
from audit.config import AlignConfig
from audit.framing.lexicon import attribution_forms
from audit.model import Paragraph

__all__ = ["LEGEND", "DiffKind", "WordChange", "kinds_present", "word_changes"]


_DEFAULTS = AlignConfig()


def word_changes(
    mine: Paragraph, other: Paragraph, config: AlignConfig = _DEFAULTS
) -> tuple[WordChange, ...]:
    """The words of `mine` that differ from `other` in a way that matters
    (`audit.align.diffkinds.word_changes`), rewording included (the view hides it unless
    asked); `config`: the run's, so the highlights class words as its diffs.csv does."""
    return _word_changes(mine, other, attribution_forms(), config=config)
