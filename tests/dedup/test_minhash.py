"""MinHash signatures and the LSH band index, checked against simple reference computations."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.dedup import lsh
from audit.dedup.lsh import BandIndex
from audit.dedup.minhash import make_hasher, text_band_keys

HASHER = make_hasher(shingle_words=3, bands=16, rows=4, seed=7)
WORDS = "the port strike closed three terminals while unions met ministers in warsaw".split()


def test_same_settings_same_keys_in_any_batch() -> None:
    texts = [WORDS, WORDS[::-1], ["solo"], WORDS[:2]]
    together = text_band_keys(HASHER, texts)
    alone = np.vstack([text_band_keys(HASHER, [t]) for t in texts])
    again = text_band_keys(make_hasher(shingle_words=3, bands=16, rows=4, seed=7), texts)
    assert together.shape == (4, 16)
    assert np.array_equal(together, alone)
    assert np.array_equal(together, again)


def test_other_seed_other_keys() -> None:
    other = make_hasher(shingle_words=3, bands=16, rows=4, seed=8)
    assert not np.array_equal(text_band_keys(HASHER, [WORDS]), text_band_keys(other, [WORDS]))


def test_band_agreement_follows_jaccard() -> None:
    """Estimated Jaccard (share of equal signature rows) is near the true Jaccard of shingles."""
    hasher = make_hasher(shingle_words=1, bands=256, rows=1, seed=3)
    a = [f"w{i}" for i in range(200)]
    b = [f"w{i}" for i in range(100, 300)]  # true Jaccard 100 / 300
    keys = text_band_keys(hasher, [a, b])
    estimate = float(np.mean(keys[0] == keys[1]))
    assert abs(estimate - 1 / 3) < 0.1


def test_short_texts_get_one_shingle_of_all_words() -> None:
    keys = text_band_keys(HASHER, [["a", "b"], ["a", "b"], ["b", "a"], ["a"]])
    assert np.array_equal(keys[0], keys[1])
    assert not np.any(keys[0] == keys[2])
    assert not np.any(keys[0] == keys[3])


def reference_candidates(keys: np.ndarray, first_seq: int, history: list) -> dict:
    """Brute force: every earlier (seq, key row) sharing a band, counted."""
    found = {}
    for row, own in enumerate(keys):
        own_seq = first_seq + row
        for seq, other in history:
            if seq < own_seq:
                hits = int(np.sum(own == other))
                if hits:
                    found[(row, seq)] = hits
    return found


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=1, max_size=40),
    st.booleans(),
)
def test_band_index_matches_brute_force(rows: list[list[int]], filtered: bool) -> None:
    """Batches added one after another: queries find exactly the earlier equal bands, whether
    the runs have presence filters (big runs) or not (small ones)."""
    saved = lsh._FILTER_MIN_KEYS
    lsh._FILTER_MIN_KEYS = 0 if filtered else saved
    try:
        _check_against_brute_force(rows)
    finally:
        lsh._FILTER_MIN_KEYS = saved


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=300, unique=True),
    st.sampled_from([np.int64, np.uint32]),
)
def test_a_runs_presence_filter_never_turns_a_held_key_away(keys: list[int], dtype) -> None:
    if dtype is np.uint32:
        keys = sorted({k & 0xFFFFFFFF for k in keys})
    held = np.array(sorted(keys), dtype=dtype)
    saved = lsh._FILTER_MIN_KEYS
    lsh._FILTER_MIN_KEYS = 0  # a filter whatever the run's size
    try:
        run = lsh._Run.of(held, np.arange(len(held), dtype=np.uint32))
    finally:
        lsh._FILTER_MIN_KEYS = saved
    assert run.bits is not None and run.bits.size * 8 >= 8 * len(held)
    assert run.may_hold(held).all()


def _check_against_brute_force(rows: list[list[int]]) -> None:
    index = BandIndex(bucket_cap=1000)
    history: list = []
    for start in range(0, len(rows), 7):
        # As band_keys does, the band number is part of the key: bands never collide.
        values = np.array(rows[start : start + 7], dtype=np.uint64)
        keys = values * np.uint64(16) + np.arange(4, dtype=np.uint64)
        seqs = np.arange(start, start + len(keys))
        index.add(keys, seqs)
        history.extend(zip(seqs.tolist(), keys, strict=True))
        got = index.query(keys, seqs)
        found = {
            (q, s): h
            for q, s, h in zip(got.query.tolist(), got.seq.tolist(), got.hits.tolist(), strict=True)
        }
        assert found == reference_candidates(keys, start, history)


def test_bucket_cap_keeps_the_oldest() -> None:
    index = BandIndex(bucket_cap=2)
    keys = np.full((5, 1), 9, dtype=np.uint64)
    index.add(keys, np.arange(5))
    got = index.query(keys[4:], np.array([4]))
    assert got.seq.tolist() == [0, 1]
