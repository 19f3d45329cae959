"""The shingles both dedup baselines hash: word k-grams of `match_key` words, as `audit dedup`."""

from __future__ import annotations

from audit.text.normalize import match_key


def shingles(text: str, k: int) -> set[bytes]:
    words = match_key(text).split()
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}
