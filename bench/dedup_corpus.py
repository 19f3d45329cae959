"""Synthetic paragraph streams for the dedup benchmark, with planted duplicates as ground truth.

Originals are drawn from a word-bigram Markov chain trained on the shared wire scrapes (so the
vocabulary, word frequencies, punctuation and paragraph lengths are those of real news copy, but
no two originals share long passages by accident); a share of the records are copies of an
original with the edits seen between reprints in the helsinki scrapes: none (re-scrape), a
dateline or agency tag, a photo credit, a few words changed, inserted or dropped, a sentence cut
or added, house style (U.S./US, Mr.), typographic quotes. Seeded, so every run builds the same
stream.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

DATELINES = ("WASHINGTON (AP) —", "HELSINKI (Reuters) -", "MOSCOW —", "LONDON (AFP) -", "(CNN)")
CREDITS = ("REUTERS/Kevin Lamarque", "(AP Photo/Pablo Martinez Monsivais)", "Getty Images", "AFP")
# The helsinki scrapes' largest cluster of one AP paragraph spans 18 outlets; 40 leaves room.
MAX_COPIES = 40
STYLE = ((" U.S. ", " US "), (" Mr. ", " "), ('"', "“"), (" percent", "%"), (" said", " says"))


@dataclass(frozen=True, slots=True)
class Chain:
    """A word-bigram chain: successors of word i are succ[start[i]:start[i] + count[i]]."""

    vocab: np.ndarray  # object array of words
    start: np.ndarray
    count: np.ndarray
    succ: np.ndarray
    openers: np.ndarray  # word ids that begin real paragraphs
    lengths: np.ndarray  # word counts of real paragraphs


def real_paragraphs(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for paragraph in (row.get("text") or "").split(" ### "):
                    if len(paragraph.split()) >= 5:
                        yield paragraph.strip()


def train(paths: list[Path]) -> Chain:
    ids: dict[str, int] = {}
    firsts, pairs_a, pairs_b, lengths = [], [], [], []
    for paragraph in real_paragraphs(paths):
        words = [ids.setdefault(w, len(ids)) for w in paragraph.split()]
        firsts.append(words[0])
        lengths.append(min(len(words), 150))
        pairs_a.extend(words[:-1])
        pairs_b.extend(words[1:])
    a, b = np.array(pairs_a), np.array(pairs_b)
    order = np.argsort(a, kind="stable")
    count = np.bincount(a, minlength=len(ids))
    vocab = np.empty(len(ids), dtype=object)
    vocab[:] = list(ids)
    return Chain(
        vocab, np.cumsum(count) - count, count, b[order], np.array(firsts), np.array(lengths)
    )


def generate(chain: Chain, n: int, rng: np.random.Generator) -> list[list[str]]:
    """n originals as word lists, generated side by side one position at a time."""
    lengths = rng.choice(chain.lengths, size=n)
    width = int(lengths.max())
    words = np.empty((n, width), dtype=np.int64)
    words[:, 0] = rng.choice(chain.openers, size=n)
    for t in range(1, width):
        state = words[:, t - 1]
        count = chain.count[state]
        pick = (rng.random(n) * np.maximum(count, 1)).astype(np.int64)
        nxt = chain.succ[np.minimum(chain.start[state] + pick, len(chain.succ) - 1)]
        restart = rng.choice(chain.openers, size=n)
        words[:, t] = np.where(count > 0, nxt, restart)
    return [chain.vocab[words[i, : lengths[i]]].tolist() for i in range(n)]


def edit(words: list[str], chain: Chain, rng: np.random.Generator) -> tuple[list[str], str]:
    """A reprint of `words` with one or two realistic edits; returns the words and edit names."""
    kinds = ["copy", "dateline", "credit", "substitute", "delete", "insert", "cut", "add", "style"]
    weights = [0.25, 0.1, 0.1, 0.2, 0.1, 0.05, 0.08, 0.05, 0.07]
    first = str(rng.choice(kinds, p=weights))
    chosen = (
        [first] if first == "copy" or rng.random() < 0.7 else [first, str(rng.choice(kinds[1:]))]
    )
    out = list(words)
    for kind in chosen:
        out = _apply(kind, out, chain, rng)
    return out, "+".join(chosen)


def _apply(kind: str, words: list[str], chain: Chain, rng: np.random.Generator) -> list[str]:
    n = len(words)
    k = int(rng.integers(1, 4))
    if kind == "dateline":
        return [*str(rng.choice(DATELINES)).split(), *words]
    if kind == "credit":
        return [*words, *str(rng.choice(CREDITS)).split()]
    if kind == "substitute":
        out = list(words)
        for i in rng.choice(n, size=min(k, max(1, n // 8)), replace=False):
            out[int(i)] = str(chain.vocab[rng.integers(len(chain.vocab))])
        return out
    if kind == "delete" and n > 8:
        drop = set(rng.choice(n, size=min(k, n // 8), replace=False).tolist())
        return [w for i, w in enumerate(words) if i not in drop]
    if kind == "insert":
        out = list(words)
        for _ in range(min(k, max(1, n // 8))):
            out.insert(int(rng.integers(n)), str(chain.vocab[rng.integers(len(chain.vocab))]))
        return out
    if kind == "cut":
        ends = [i for i, w in enumerate(words[:-1]) if w.endswith((".", '."', "?", "!"))]
        if ends:
            # Drop the last sentence (sub-editors cut from the bottom).
            return words[: ends[-1] + 1]
        return words
    if kind == "add":
        extra = generate(chain, 1, rng)[0][:20]
        return [*words, *extra]
    if kind == "style":
        text = " " + " ".join(words) + " "
        old, new = STYLE[int(rng.integers(len(STYLE)))]
        return text.replace(old, new).split() or words
    return words


def _parents(n_orig: int, n_copies: int, rng: np.random.Generator) -> np.ndarray:
    """The original each copy is made from. Skewed as in the helsinki scrapes: most originals
    are never reprinted, a few by dozens of outlets, none by more than MAX_COPIES."""
    counts = np.minimum(rng.zipf(1.8, size=n_orig) - 1, MAX_COPIES)
    while counts.sum() < n_copies:
        counts += np.minimum(rng.zipf(1.8, size=n_orig) - 1, MAX_COPIES - counts)
    parents = np.repeat(np.arange(n_orig), counts)
    return rng.permutation(parents)[:n_copies]


def build(paths: list[Path], n: int, out: Path, *, dup_share: float = 0.3, seed: int = 7) -> None:
    """Write n records to `out` (JSONL: id, source, text) and their planted cluster to
    `out.truth.tsv` (id, cluster, edit)."""
    rng = np.random.default_rng(seed)
    chain = train(paths)
    n_copies = int(n * dup_share)
    n_orig = n - n_copies
    originals = generate(chain, n_orig, rng)
    parents = _parents(n_orig, n_copies, rng)
    sources = [f"outlet{i:02d}.com" for i in range(75)]
    records = [(i, i, "original", originals[i]) for i in range(n_orig)]
    for j, parent in enumerate(parents.tolist()):
        words, how = edit(originals[parent], chain, rng)
        records.append((n_orig + j, parent, how, words))
    order = rng.permutation(len(records))
    with out.open("w", encoding="utf-8") as data, Path(f"{out}.truth.tsv").open("w") as truth:
        for position in order.tolist():
            rid, cluster, how, words = records[position]
            source = sources[int(rng.integers(len(sources)))]
            row = {"id": f"p{rid}", "source": source, "text": " ".join(words)}
            data.write(json.dumps(row, ensure_ascii=False) + "\n")
            truth.write(f"p{rid}\t{cluster}\t{how}\n")


def build_in_child(paths: list[Path], n: int, out: Path) -> None:
    """`build` in a fresh interpreter: the benchmarks fork the measured command from their own
    process, and Linux carries a parent's max RSS into the child's, so a parent grown by the
    build (~0.5 GB at 1M) would be read as the command's peak."""
    child = multiprocessing.get_context("spawn").Process(target=build, args=(paths, n, out))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building {out} failed")
