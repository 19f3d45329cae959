"""What both dedup baselines share: their command line, and the shingles they hash (word
k-grams of `match_key` words, as `audit dedup`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from audit.text.normalize import match_key


def shingles(text: str, k: int) -> set[bytes]:
    return key_shingles(match_key(text), k)


def key_shingles(key: str, k: int) -> set[bytes]:
    """The shingles of a text given as its match key."""
    words = key.split()
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def baseline_parser(description: str) -> argparse.ArgumentParser:
    """The arguments every baseline takes (bench/bench_dedup.py passes the same ones)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("input", type=Path, help="JSONL with id and text")
    parser.add_argument("pairs", type=Path, help="output: id<TAB>other_id per candidate pair")
    parser.add_argument("--bands", type=int, default=30)
    parser.add_argument("--rows", type=int, default=3)
    parser.add_argument("--shingle", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    return parser
