"""MinHash signatures and LSH band keys, vectorised over a batch of texts with numpy.

Our own rather than datasketch's: hashing a whole batch in a few numpy calls is several times
faster than datasketch's per-document `update_batch` (measured in BENCHMARKS.md), and the hash
functions are fixed here, so signatures are identical across runs, machines and Python versions
(Python's `hash()` of a string is salted per process).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)


@dataclass(frozen=True, slots=True)
class MinHasher:
    """The fixed hash family of one configuration: `bands * rows` permutations from `seed`."""

    shingle_words: int
    bands: int
    rows: int
    seed: int
    mul: np.ndarray  # (num_perm,) odd uint64 multipliers
    add: np.ndarray  # (num_perm,) uint64 offsets
    mix: np.ndarray  # (shingle_words,) uint64 multipliers combining word hashes into a shingle
    band_mix: np.ndarray  # (rows,) uint64 multipliers combining a band's rows into a key

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


def make_hasher(*, shingle_words: int, bands: int, rows: int, seed: int) -> MinHasher:
    """The hash family for these settings; the same arguments always give the same family."""
    if shingle_words < 1 or bands < 1 or rows < 1:
        raise ValueError("shingle_words, bands and rows must be at least 1")
    rng = np.random.default_rng(seed)
    num_perm = bands * rows

    def draw(n: int) -> np.ndarray:
        return rng.integers(1, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    return MinHasher(
        shingle_words=shingle_words,
        bands=bands,
        rows=rows,
        seed=seed,
        mul=draw(num_perm),
        add=rng.integers(0, 2**63, size=num_perm, dtype=np.uint64),
        mix=draw(shingle_words),
        band_mix=draw(rows),
    )


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """A stable 32-bit hash (CRC-32) of each word, as uint64."""
    return np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))


def _splitmix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads structured keys (sums of products) over all 64 bits."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> np.uint64(27))
        z = z * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingle_hashes(hasher: MinHasher, words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hashes of the word k-grams of each text, concatenated; a text of fewer than k words (but
    at least one) gives one shingle of all its words. Returns (hashes, shingles per text)."""
    k = hasher.shingle_words
    n_total = len(words)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    text_end = np.repeat(ends, lengths)
    positions = np.arange(n_total)
    combined = np.zeros(n_total, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            shifted = np.zeros(n_total, dtype=np.uint64)
            if j < n_total:
                shifted[: n_total - j] = words[j:]
            inside = positions + j < text_end
            combined += np.where(inside, shifted, np.uint64(0)) * hasher.mix[j]
    per_text = np.maximum(lengths - (k - 1), np.minimum(lengths, 1))
    valid = positions < np.repeat(starts + per_text, lengths)
    return _splitmix(combined[valid]), per_text


def signatures(hasher: MinHasher, shingles: np.ndarray, per_text: np.ndarray) -> np.ndarray:
    """MinHash signatures, (texts, num_perm) uint32; every text must have >= 1 shingle.

    Permutation i maps a shingle hash h to the top 32 bits of mul[i] * h + add[i] (mod 2**64),
    a multiply-shift universal hash; the signature keeps each permutation's minimum. Taking the
    top bits is monotonic, so the minimum is taken first and shifted once per text."""
    out = np.empty((len(per_text), hasher.num_perm), dtype=np.uint32)
    bounds = np.concatenate(([0], np.cumsum(per_text)))
    # Chunks of texts keep the (shingles x num_perm) matrix near 2 MB, inside the CPU cache.
    budget = max(1, (1 << 18) // hasher.num_perm)
    first = 0
    while first < len(per_text):
        last = int(np.searchsorted(bounds, bounds[first] + budget, side="right")) - 1
        last = min(max(last, first + 1), len(per_text))
        chunk = shingles[bounds[first] : bounds[last]]
        permuted = np.multiply(chunk[:, None], hasher.mul[None, :])
        permuted += hasher.add[None, :]
        local = bounds[first:last] - bounds[first]
        lowest = np.minimum.reduceat(permuted, local, axis=0)
        out[first:last] = (lowest >> _SHIFT32).astype(np.uint32)
        first = last
    return out


def band_keys(hasher: MinHasher, sigs: np.ndarray) -> np.ndarray:
    """One uint64 key per (text, band), (texts, bands): equal keys mean an equal band, and the
    band's number is mixed in so that equal rows in different bands do not collide."""
    shaped = sigs.astype(np.uint64).reshape(len(sigs), hasher.bands, hasher.rows)
    with np.errstate(over="ignore"):
        keys = (shaped * hasher.band_mix[None, None, :]).sum(axis=2, dtype=np.uint64)
        keys += np.arange(hasher.bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return _splitmix(keys)


def text_band_keys(hasher: MinHasher, texts_words: Sequence[Sequence[str]]) -> np.ndarray:
    """Band keys (texts, bands) of texts given as word lists (each with at least one word)."""
    lengths = np.fromiter((len(w) for w in texts_words), dtype=np.int64, count=len(texts_words))
    flat = [w for words in texts_words for w in words]
    shingles, per_text = shingle_hashes(hasher, word_hashes(flat), lengths)
    return band_keys(hasher, signatures(hasher, shingles, per_text))
