"""The per-paragraph cap of scored pairs (`align.ranking`), one rule for links, headline links
and hints; its two tie rules, each as its caller had it."""

from __future__ import annotations

import numpy as np

from audit.align.ranking import strongest_per_paragraph

# three paragraphs, every pair scored alike: paragraph 1 is side b of 0-1 and side a of 1-2
PARA_A, PARA_B = np.array([0, 0, 1]), np.array([1, 2, 2])
EQUAL = np.array([0.5, 0.5, 0.5])


def test_on_a_tie_a_paragraph_keeps_the_pairs_it_is_side_a_of_first() -> None:
    # the links' rule: 0 keeps 0-1, 1 keeps 1-2 (side a) over 0-1, 2 keeps 0-2
    assert strongest_per_paragraph(PARA_A, PARA_B, EQUAL, np.arange(3), 1).tolist() == [0, 1, 2]


def test_on_a_tie_by_index_a_paragraph_keeps_the_earlier_pair() -> None:
    # the hints' rule: 0 keeps 0-1, 1 keeps 0-1 (index 0), 2 keeps 0-2 (index 1)
    kept = strongest_per_paragraph(PARA_A, PARA_B, EQUAL, np.arange(3), 1, ties_by_index=True)
    assert kept.tolist() == [0, 1]


def test_without_ties_the_rules_agree_and_a_zero_limit_keeps_all() -> None:
    score = np.array([0.9, 0.8, 0.7])
    for by_index in (False, True):
        keep = strongest_per_paragraph(
            PARA_A, PARA_B, score, np.arange(3), 1, ties_by_index=by_index
        )
        assert keep.tolist() == [0, 1]
        every = strongest_per_paragraph(
            PARA_A, PARA_B, score, np.arange(3), 0, ties_by_index=by_index
        )
        assert every.tolist() == [0, 1, 2]
