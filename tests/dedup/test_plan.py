"""The candidate rules the Spark engine shares with the streaming one, checked against it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.dedup import lsh
from audit.dedup.lsh import BandIndex
from audit.dedup.plan import bucket_pairs, ranked, run_ranges


def test_runs_merge_like_the_band_index() -> None:
    # Batches of 4, 1, 1, 2 texts (and one with none): [4] | [4, 1] | [4, 2] merges to [6] |
    # [6, 2]: an older run merges while it is at most twice the newer, as BandIndex.add does.
    runs = run_ranges({0: 4, 1: 1, 2: 1, 3: 0, 4: 2}, 1)
    assert runs[0] == ((0, 0),)
    assert runs[1] == ((0, 0), (1, 1))
    assert runs[2] == ((0, 2),)
    assert 3 not in runs
    assert runs[4] == ((0, 2), (4, 4))


def test_runs_past_the_size_limit_stay_apart_like_the_band_index() -> None:
    # 3 bands: two batches of one text are 3 entries each; with room for 5 they stay apart,
    # which the size rule alone would merge (3 <= 2 * 3).
    assert run_ranges({0: 1, 1: 1}, 3, max_run=5)[1] == ((0, 0), (1, 1))
    assert run_ranges({0: 1, 1: 1}, 3)[1] == ((0, 1),)  # the default limit is far off


def _index_candidates(keys: np.ndarray, batch_size: int, cap: int) -> dict[tuple[int, int], int]:
    """(query, earlier) -> shared bands, from feeding a BandIndex the texts batch by batch."""
    index = BandIndex(cap)
    found_all: dict[tuple[int, int], int] = {}
    for start in range(0, len(keys), batch_size):
        seqs = np.arange(start, min(start + batch_size, len(keys)), dtype=np.int64)
        index.add(keys[seqs], seqs)
        found = index.query(keys[seqs], seqs)
        for q, s, h in zip(
            found.query.tolist(), found.seq.tolist(), found.hits.tolist(), strict=True
        ):
            found_all[(int(seqs[q]), s)] = h
    return found_all


def _rule_candidates(
    keys: np.ndarray, batch_size: int, cap: int, max_run: int
) -> dict[tuple[int, int], int]:
    """The same from the bucket rules, buckets keyed by the folded keys as Spark keys them."""
    counts = {b: 0 for b in range(0, (len(keys) + batch_size - 1) // batch_size)}
    for pos in range(len(keys)):
        counts[pos // batch_size] += 1
    runs = run_ranges(counts, keys.shape[1], max_run=max_run)
    folded = lsh.fold32(keys).tolist()
    got: dict[tuple[int, int], int] = {}
    for key in {k for row in folded for k in row}:
        entries = sorted(
            (pos, band) for pos, row in enumerate(folded) for band, k in enumerate(row) if k == key
        )
        for pair in bucket_pairs(entries, runs, batch_size, cap):
            got[pair] = got.get(pair, 0) + 1
    return got


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    members=st.lists(st.integers(0, 3), min_size=1, max_size=40),
    batch_size=st.integers(1, 6),
    cap=st.integers(1, 5),
    max_run=st.integers(1, 16),
)
def test_bucket_pairs_are_the_band_index_candidates(
    monkeypatch: pytest.MonkeyPatch, members: list[int], batch_size: int, cap: int, max_run: int
) -> None:
    """One text per position; `members[pos]` is its single band key. Feeding the BandIndex batch
    by batch gives the same (query, earlier, hits) as the bucket rules, whatever the size past
    which runs stop merging (1M records reach the real one, `lsh.MAX_RUN`)."""
    monkeypatch.setattr(lsh, "MAX_RUN", max_run)
    keys = np.array([[key] for key in members], dtype=np.uint64)
    assert _rule_candidates(keys, batch_size, cap, max_run) == _index_candidates(
        keys, batch_size, cap
    )


def test_ranked_puts_most_shared_bands_then_older_first() -> None:
    assert ranked([(1, 5), (3, 9), (3, 2), (2, 1)], 3) == [2, 9, 1]


_COLLIDER = (7 << 32) | 7  # k ^ _COLLIDER folds to the same 32 bits as k


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    members=st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=30),
    batch_size=st.integers(1, 6),
    cap=st.integers(1, 5),
    max_run=st.integers(1, 24),
)
def test_two_bands_with_folded_collisions_give_the_band_index_candidates(
    monkeypatch: pytest.MonkeyPatch,
    members: list[tuple[int, bool]],
    batch_size: int,
    cap: int,
    max_run: int,
) -> None:
    """Two bands per text; a text drawn with the collider flag has 64-bit keys that differ from
    the plain ones but fold to the same 32 bits, as Spark keys its buckets (`lsh.fold32`)."""
    monkeypatch.setattr(lsh, "MAX_RUN", max_run)
    keys = np.array(
        [
            [(base * 10 + band) ^ (_COLLIDER if odd else 0) for band in (0, 1)]
            for base, odd in members
        ],
        dtype=np.uint64,
    )
    assert _rule_candidates(keys, batch_size, cap, max_run) == _index_candidates(
        keys, batch_size, cap
    )
