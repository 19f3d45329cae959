"""The rapidfuzz adapter: every string similarity the audit computes goes through this module.

All scores are returned on one scale, [0, 1]. Matrix functions call rapidfuzz's `cdist` (C++,
multi-threaded) instead of looping over pairs in Python.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

Scorer = Literal["ratio", "partial_ratio", "token_set_ratio", "token_sort_ratio"]

_SCORERS = {
    "ratio": fuzz.ratio,
    "partial_ratio": fuzz.partial_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
}


def ratio(a: str, b: str) -> float:
    """Normalised Indel similarity of two strings, in [0, 1]."""
    return fuzz.ratio(a, b) / 100.0


def score(a: str, b: str, *, scorer: Scorer = "ratio") -> float:
    """Similarity of two strings by the named rapidfuzz scorer, in [0, 1]."""
    return _SCORERS[scorer](a, b) / 100.0


def score_matrix(
    queries: Sequence[str],
    choices: Sequence[str],
    *,
    scorer: Scorer = "ratio",
    workers: int = -1,
    cutoff: float = 0.0,
) -> np.ndarray:
    """All-pairs similarity in [0, 1] as a float32 matrix (queries x choices), in one C++ call.
    Scores below `cutoff` come back as 0, which lets rapidfuzz stop early on hopeless pairs
    (much faster for partial_ratio on long texts)."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    matrix = process.cdist(
        queries,
        choices,
        scorer=_SCORERS[scorer],
        dtype=np.float32,
        workers=workers,
        score_cutoff=cutoff * 100.0 if cutoff > 0 else None,
    )
    return matrix / np.float32(100.0)


@dataclass(frozen=True, slots=True)
class Opcode:
    """One step of an edit script between two sequences: `tag` is equal, delete, insert or
    replace; a[a_start:a_end] becomes b[b_start:b_end]."""

    tag: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def sequence_opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[Opcode, ...]:
    """The edit script turning sequence `a` into `b` (e.g. word keys), by Indel distance."""
    return tuple(
        Opcode(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Indel.opcodes(a, b)
    )


def sequence_similarity(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Normalised Indel similarity of two sequences of hashables (e.g. word lists), in [0, 1]."""
    return Indel.normalized_similarity(a, b)


def pair_scores(
    queries: Sequence[str],
    choices: Sequence[str],
    *,
    scorer: Scorer = "ratio",
    workers: int = -1,
) -> np.ndarray:
    """Element-wise similarity in [0, 1] of queries[k] and choices[k] (equal lengths), as float32,
    in one C++ call (`process.cpdist`): for scoring a list of candidate pairs, not all pairs."""
    if len(queries) != len(choices):
        raise ValueError("pair_scores needs as many queries as choices")
    if not queries:
        return np.zeros(0, dtype=np.float32)
    scores = process.cpdist(
        queries, choices, scorer=_SCORERS[scorer], dtype=np.float32, workers=workers
    )
    return scores / np.float32(100.0)


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable]
) -> tuple[tuple[int, int, int], ...]:
    """The runs that sequences `a` and `b` share in an optimal Indel alignment, as
    (a_start, b_start, size), in order and without the empty closing block: everything between
    them is only in one side. Cheaper than `sequence_opcodes` when only equal runs matter."""
    return tuple(
        (block.a, block.b, block.size)
        for block in Indel.opcodes(a, b).as_matching_blocks()
        if block.size
    )
