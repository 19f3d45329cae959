"""Which passages of different outlets report the same claim: terms (`terms`), the same-claim
scorer (`scorer`), passage candidates (`passages`), links between paragraphs (`paragraphs`),
story units (`units`), word diffs of linked pairs (`diffs`), the shipped static embedding
(`embedding`), the calibrated same-claim probability (`probability`, `pairs`), and the stage as
one call (`stage.align_story`).

Names are imported on first use: other stages read `align.terms` alone (grouping, facts) and
must not pay for scipy, which the scorer needs."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Alignment": "audit.align.stage",
    "align_story": "audit.align.stage",
    "Link": "audit.align.paragraphs",
    "claim_probability": "audit.align.pairs",
    "claim_score": "audit.align.scorer",
    "same_claim": "audit.align.scorer",
    "Unit": "audit.align.units",
    "UnitMember": "audit.align.units",
}
__all__ = [
    "Alignment",
    "Link",
    "Unit",
    "UnitMember",
    "align_story",
    "claim_probability",
    "claim_score",
    "same_claim",
]

if TYPE_CHECKING:
    from audit.align.pairs import claim_probability
    from audit.align.paragraphs import Link
    from audit.align.scorer import claim_score, same_claim
    from audit.align.stage import Alignment, align_story
    from audit.align.units import Unit, UnitMember


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'audit.align' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
