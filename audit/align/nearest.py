"""Evidence of absence: for a claim and a whole other article, the nearest claim there and its
same-claim probability.

A link needs a high probability (`link_probability`); saying that an article does *not* report
a claim needs the opposite evidence: no claim of that article reaches even a low probability
(`absence_probability`). Between the two lies "possibly the same claim in other words": not a
link, and not an omission either. Every claim of the other article is scored here, not only
the candidates the alignment kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audit.align.passages import ClaimSpace, score_claim_pairs
from audit.config import AlignConfig


@dataclass(frozen=True, slots=True)
class Nearest:
    """The claim of `article_id` closest to a claim, with where it is and its probability;
    `para_id` is empty (and probability 0) when the article has no claim."""

    article_id: str
    para_id: str
    start: int
    end: int
    probability: float

    def absent(self, config: AlignConfig) -> bool:
        """True when nothing in the article comes near: evidence that it leaves the claim out."""
        return self.probability < config.absence_probability


def nearest_in_article(
    space: ClaimSpace, claim: int, article_id: str, config: AlignConfig
) -> Nearest:
    """The claim of `article_id` with the highest probability of reporting claim number
    `claim` of `space` (ties: the earlier one)."""
    others = np.array(
        [
            i
            for i, c in enumerate(space.claims)
            if space.paragraphs[c.para].article_id == article_id
        ],
        dtype=np.int64,
    )
    others = others[others != claim]
    if others.size == 0:
        return Nearest(article_id, "", 0, 0, 0.0)
    _, _, probability = score_claim_pairs(
        space, np.full(others.size, claim, dtype=np.int64), others, config
    )
    best = int(np.argmax(probability))
    found = space.claims[int(others[best])]
    return Nearest(
        article_id=article_id,
        para_id=space.paragraphs[found.para].para_id,
        start=found.start,
        end=found.end,
        probability=round(float(probability[best]), 6),
    )


def claim_at(space: ClaimSpace, para_id: str, position: int) -> int:
    """The number of the claim of paragraph `para_id` that holds article offset `position`
    (the paragraph's first claim when none does); KeyError for a paragraph not aligned."""
    found = None
    for i, c in enumerate(space.claims):
        if space.paragraphs[c.para].para_id == para_id:
            if c.start <= position < c.end:
                return i
            found = i if found is None else found
    if found is None:
        raise KeyError(para_id)
    return found
