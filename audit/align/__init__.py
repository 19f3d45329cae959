"""Which passages of different outlets report the same claim: terms (`terms`), the same-claim
scorer (`scorer`), passage candidates (`passages`), links between paragraphs (`paragraphs`),
story units (`units`), word diffs of linked pairs (`diffs`), and the stage as one call
(`stage.align_story`)."""

from audit.align.paragraphs import Link
from audit.align.scorer import claim_score, same_claim
from audit.align.stage import Alignment, align_story
from audit.align.units import Unit, UnitMember

__all__ = ["Alignment", "Link", "Unit", "UnitMember", "align_story", "claim_score", "same_claim"]
