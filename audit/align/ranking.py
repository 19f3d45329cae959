"""Which scored pairs of paragraphs a paragraph keeps: the strongest few of each, the one rule
the links, the headline links and the hints are capped by (wire reprints would otherwise bring
one per pair of copies)."""

from __future__ import annotations

import numpy as np


def strongest_per_paragraph(
    para_a: np.ndarray,
    para_b: np.ndarray,
    score: np.ndarray,
    accepted: np.ndarray,
    limit: int,
    *,
    ties_by_index: bool = False,
) -> np.ndarray:
    """The accepted pairs that are among the `limit` strongest of either of their paragraphs,
    in their original order; all of them when `limit` is 0. Vectorised: one sort, no pair loop.
    On equal scores a paragraph keeps first the pairs it is side a of, then those it is side b
    of, each in `accepted` order; `ties_by_index`: the lower pair index first, whichever side
    (the hints' rule). Both kept as they were, so that links and hints stay as reported; they
    differ only on exact ties (wire copies)."""
    if limit <= 0 or len(accepted) == 0:
        return accepted
    ends = np.concatenate([para_a[accepted], para_b[accepted]])
    pairs = np.concatenate([accepted, accepted])
    scores = np.concatenate([score[accepted], score[accepted]])
    # by paragraph, strongest first; then stable (side a first) or by pair index
    order = np.lexsort((pairs, -scores, ends) if ties_by_index else (-scores, ends))
    grouped = ends[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(grouped)])
    rank = np.arange(len(grouped)) - np.repeat(starts, sizes)
    return np.unique(pairs[order][rank < limit])
