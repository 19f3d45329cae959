"""Append-only sorted-run indexes in numpy arrays: LSH band keys (8 bytes per record and band)
and exact-text hashes (12 bytes per record), the only per-record state `audit dedup` keeps in
memory (texts live in a disk store, `audit.dedup.store`).

Keys live in sorted runs (like a log-structured merge tree): a batch is added as a new run, and
runs of similar size are merged, so adding n keys costs O(n log n) in total and a query is a
binary search per run (after a one-byte-per-key presence filter on runs big enough to
miss the CPU cache). Runs stop merging at `MAX_RUN` entries, so a merge needs a few times
that in passing, never twice the whole index. A dict of lists per band would cost ~10x the
memory at 1M records.

Band keys are folded to 32 bits in memory: a collision only proposes one more candidate, which
verification rejects (~0.007 false hits per queried key at 30M stored keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

_SEQ_BITS = np.int64(40)
_SEQ_MASK = np.int64((1 << 40) - 1)
# 2M entries: 16 MB per run of band keys, so a merge needs ~50 MB in passing (argsort's int64
# order included); 30M keys at 1M records make ~15 runs, each one binary search per batch.
MAX_RUN = 1 << 21


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate pairs from an LSH query: `query[i]` shares `hits[i]` bands with `seq[i]`."""

    query: np.ndarray  # int64 positions of the queried texts in the batch
    seq: np.ndarray  # int64 sequence numbers of earlier records
    hits: np.ndarray  # int64 number of shared bands


def fold32(keys: np.ndarray) -> np.ndarray:
    """64-bit keys folded to 32 bits (high half xor low half); small keys stay as they are."""
    wide = keys.astype(np.uint64)
    return ((wide ^ (wide >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


# Bits of a run's presence filter per key: 8 leave ~12% of the bits set, so ~88% of the keys
# a run lacks are turned away before its binary search (the searches were the largest single
# cost of a 1M-paragraph run: 12% of it), for one byte per key (30 MB at 1M records).
_FILTER_BITS_PER_KEY = 8
# A run smaller than this has no filter: its binary search stays in the CPU cache and costs less
# than the filter's test (filters on every run: 100k records in 10.7 s against 7.6-9.6 s).
_FILTER_MIN_KEYS = 1 << 18


@dataclass(frozen=True, slots=True)
class _Run:
    """One sorted run and a bitmap of the low bits of its keys (a one-hash Bloom filter:
    no false negatives, so filtering needles through it never changes a lookup)."""

    keys: np.ndarray
    seqs: np.ndarray
    bits: np.ndarray | None  # packed, little bit order; None for a small run
    mask: int  # number of filter bits - 1 (a power of two minus one)

    @classmethod
    def of(cls, keys: np.ndarray, seqs: np.ndarray) -> _Run:
        if len(keys) < _FILTER_MIN_KEYS:
            return cls(keys, seqs, None, 0)
        size = 64
        while size < _FILTER_BITS_PER_KEY * len(keys):
            size *= 2
        present = np.zeros(size, dtype=bool)
        present[_low_bits(keys, size - 1)] = True
        return cls(keys, seqs, np.packbits(present, bitorder="little"), size - 1)

    def may_hold(self, needles: np.ndarray) -> np.ndarray:
        assert self.bits is not None
        low = _low_bits(needles, self.mask)
        return ((self.bits[low >> 3] >> (low & 7).astype(np.uint8)) & 1).astype(bool)


def _low_bits(keys: np.ndarray, mask: int) -> np.ndarray:
    return keys.astype(np.int64, copy=False) & np.int64(mask)


@dataclass(slots=True)
class _Runs:
    """Sorted runs of (key, seq); within a key, older records first."""

    _runs: list[_Run] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(run.keys) for run in self._runs)

    def add(self, keys: np.ndarray, seqs: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        self._runs.append(_Run.of(keys[order], seqs[order]))
        while (
            len(self._runs) > 1
            and len(self._runs[-2].keys) <= 2 * len(self._runs[-1].keys)
            and len(self._runs[-2].keys) + len(self._runs[-1].keys) <= MAX_RUN
        ):
            newer = self._runs.pop()
            older = self._runs.pop()
            merged_keys = np.concatenate((older.keys, newer.keys))
            merged_seqs = np.concatenate((older.seqs, newer.seqs))
            # Stable: within a key, older records stay first (they carry the cluster id).
            order = np.argsort(merged_keys, kind="stable")
            self._runs.append(_Run.of(merged_keys[order], merged_seqs[order]))

    def lookup(
        self, needles: np.ndarray, owners: np.ndarray, cap: int
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """For sorted `needles`, (owner, seq) of up to `cap` entries per run with an equal key."""
        found_q: list[np.ndarray] = []
        found_s: list[np.ndarray] = []
        for run in self._runs:
            keys_in, owners_in = needles, owners
            if run.bits is not None:
                maybe = run.may_hold(needles)
                keys_in, owners_in = needles[maybe], owners[maybe]
                if not len(keys_in):
                    continue
            lo = np.searchsorted(run.keys, keys_in, side="left")
            present = run.keys[np.minimum(lo, len(run.keys) - 1)] == keys_in
            if not present.any():
                continue
            lo, keys_in, owners_in = lo[present], keys_in[present], owners_in[present]
            hi = np.searchsorted(run.keys, keys_in, side="right")
            counts = np.minimum(hi - lo, cap)
            which = np.repeat(np.arange(len(keys_in)), counts)
            step = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            found_q.append(owners_in[which])
            found_s.append(run.seqs[lo[which] + step].astype(np.int64))
        return found_q, found_s


@dataclass(slots=True)
class BandIndex:
    """Band keys of every indexed record, with the record's sequence number."""

    bucket_cap: int
    _runs: _Runs = field(default_factory=_Runs)

    def __len__(self) -> int:
        return len(self._runs)

    def add(self, keys: np.ndarray, seqs: np.ndarray) -> None:
        """Index `keys` (texts, bands) of records numbered `seqs` (increasing). Keys of
        different bands must differ (`minhash.band_keys` mixes the band number in)."""
        flat_keys = fold32(keys.reshape(-1))
        flat_seqs = np.repeat(seqs.astype(np.uint32), keys.shape[1])
        self._runs.add(flat_keys, flat_seqs)

    def query(self, keys: np.ndarray, seqs: np.ndarray) -> Candidates:
        """Earlier records (sequence number below the querying record's) sharing a band key
        with each row of `keys`, counted by shared bands; at most `bucket_cap` per bucket (per
        sorted run: the oldest of each run)."""
        flat_keys = fold32(keys.reshape(-1))
        flat_query = np.repeat(np.arange(len(keys), dtype=np.int64), keys.shape[1])
        # Sorted needles make the binary searches walk each run in order (cache friendly), and
        # the upper bound is searched only for the few keys that are present at all.
        order = np.argsort(flat_keys)
        found_q, found_s = self._runs.lookup(flat_keys[order], flat_query[order], self.bucket_cap)
        return _count_hits(found_q, found_s, seqs.astype(np.int64))


@dataclass(slots=True)
class ExactIndex:
    """The sequence number of the first record of each exact-text hash (64-bit, unfolded: an
    exact match is not verified further)."""

    _runs: _Runs = field(default_factory=_Runs)

    def __len__(self) -> int:
        return len(self._runs)

    def add(self, hashes: np.ndarray, seqs: np.ndarray) -> None:
        """Index hashes not indexed before (the caller looks them up first)."""
        if len(hashes):
            self._runs.add(hashes.astype(np.int64), seqs.astype(np.uint32))

    def lookup(self, hashes: list[int]) -> dict[int, int]:
        """hash -> first sequence number, for the hashes that are indexed."""
        if not hashes or not len(self._runs):
            return {}
        needles = np.array(sorted(set(hashes)), dtype=np.int64)
        owners = np.arange(len(needles), dtype=np.int64)
        found_q, found_s = self._runs.lookup(needles, owners, 1)
        first: dict[int, int] = {}
        for query, seq in zip(found_q, found_s, strict=True):
            for q, s in zip(query.tolist(), seq.tolist(), strict=True):
                key = int(needles[q])
                first[key] = min(s, first.get(key, s))
        return first


def _count_hits(
    found_q: list[np.ndarray], found_s: list[np.ndarray], seqs: np.ndarray
) -> Candidates:
    if not found_q:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(empty, empty, empty)
    query = np.concatenate(found_q)
    seq = np.concatenate(found_s)
    earlier = seq < seqs[query]
    query, seq = query[earlier], seq[earlier]
    # One int64 per pair (query in the top bits) makes counting a 1-D unique, much faster
    # than a row-wise unique; sequence numbers stay below 2**40.
    packed, hits = np.unique((query << _SEQ_BITS) | seq, return_counts=True)
    return Candidates(packed >> _SEQ_BITS, packed & _SEQ_MASK, hits.astype(np.int64))
