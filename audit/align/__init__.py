"""Which claims of different outlets report the same thing: claims cut from sentences and
headlines (`claims`), terms (`terms`), the lexical scorer (`scorer`), the static embedding
(`embedding`), the calibrated same-claim probability (`probability`, `pairs` for free-standing
text), candidate pairs (`passages`), links (`paragraphs`), story units (`units`), word diffs of
linked claims (`diffs`), evidence of absence (`nearest`), and the stage as one call
(`stage.align_story`)."""

from audit.align.nearest import Nearest, claim_at, nearest_in_article
from audit.align.pairs import claim_probability, same_claim
from audit.align.paragraphs import Link
from audit.align.scorer import claim_score
from audit.align.stage import Alignment, align_story
from audit.align.units import Unit, UnitMember

__all__ = [
    "Alignment",
    "Link",
    "Nearest",
    "Unit",
    "UnitMember",
    "align_story",
    "claim_at",
    "claim_probability",
    "claim_score",
    "nearest_in_article",
    "same_claim",
]
