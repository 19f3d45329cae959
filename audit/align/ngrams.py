"""Machine-translation-metric overlaps of passage pairs: the same-claim probability's word-order
and wording evidence beside the scorer's weighted term bags.

Paraphrase identification reads two sentences as a translation and its reference (Madnani,
Tetreault & Chodorow 2012): how many of each side's word n-grams (n = 1..4, BLEU-like precision)
the other side has, over every word (function words included: "talks with" against "talks on"
is word order the term bags drop), lightly stemmed. A pair gets the smaller and the larger of
its two directions (the probability stays symmetric), the difference in length (log words), and
its numbers written in digits as sets: their Jaccard overlap (1 when neither has one) and
whether one side has a number the other lacks. Computed for many pairs at once from sparse 0/1
matrices (an n-gram repeated in one passage counts once); `bench/claim_mt.py` measures what each
group adds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.terms import stem
from audit.config import AlignConfig

ORDER = 4  # n-grams up to 4 words, as BLEU (not tuned)
OVERLAPS = (
    *(f"ngram{n}_{side}" for n in range(1, ORDER + 1) for side in ("low", "high")),
    "length_difference", "number_jaccard", "number_lacks",
)  # fmt: skip
_WORD = re.compile(r"[\w'-]+|[$%]")
_DIGIT = re.compile(r"\d")
_BLOCK = 16384


def weighed(config: AlignConfig) -> bool:
    """Whether the content model weighs the overlaps (the last len(OVERLAPS) weights of
    `claim_coefficients`: probability.FEATURES ends with OVERLAPS); if not, a story's passages
    are not read for them (0.1 + 0.2 s on the 50 x 40 bench story: bench/bench_ngrams.py)."""
    return any(config.claim_coefficients[-len(OVERLAPS) :])


@dataclass(frozen=True, slots=True)
class NgramSet:
    """Passages as sets of stemmed word n-grams: `grams` is passages x (n-grams of every n and
    the numbers written in digits), 0/1, only the columns two or more passages have (the others
    add to no overlap); `group` says which of OVERLAPS' counts each column adds to (n - 1 for an
    n-gram, ORDER for a number); `counts` each passage's distinct entries per group (before that
    cut), `words` its word count."""

    grams: sparse.csr_matrix
    group: sparse.csr_matrix  # columns x (ORDER + 1), 0/1
    counts: np.ndarray  # passages x (ORDER + 1)
    words: np.ndarray


def ngram_set(texts: Sequence[str]) -> NgramSet:
    """The n-grams of `texts`; an empty text (a passage the caller does not score) has none."""
    known: dict[str, int] = {}  # word -> id of its stem; a number also gets "#" + word
    stems: dict[str, int] = {}
    read: dict[str, tuple[list[int], list[int]]] = {}  # a reprinted passage is read once
    passages = []
    for text in texts:
        if text not in read:
            words = _WORD.findall(text.lower())
            for w in words:
                if w not in known:
                    known[w] = stems.setdefault(stem(w), len(stems))
                    if _DIGIT.search(w):
                        known["#" + w] = stems.setdefault("#" + w, len(stems))
            read[text] = (
                [known[w] for w in words],
                [known["#" + w] for w in words if "#" + w in known],
            )
        passages.append(read[text])
    n_texts = len(texts)
    ids = np.array([i for ws, _ in passages for i in ws], dtype=np.int64)
    owner = np.repeat(np.arange(n_texts), [len(ws) for ws, _ in passages])
    size = max(len(stems), 1)
    rows, columns, groups = [], [], []
    gram = ids  # the id of the n-gram starting at each word (n = 1: the word's stem)
    for n in range(1, ORDER + 1):
        if n > 1:  # an n-gram is its (n - 1)-gram and the next word, as one integer key
            within = owner[: owner.size - n + 1] == owner[n - 1 :]
            gram = np.where(within, gram[:-1] * size + ids[n - 1 :], -1)
            owner_n = owner[: owner.size - n + 1]
        else:
            owner_n = owner
        keep = gram >= 0
        unique, inverse = np.unique(gram[keep], return_inverse=True)
        gram = np.full(gram.size, -1, dtype=np.int64)
        gram[np.flatnonzero(keep)] = inverse
        base = sum(len(g) for g in groups)
        rows.append(owner_n[keep])
        columns.append(base + inverse)
        groups.append(np.full(unique.size, n - 1))
    number_rows = np.repeat(np.arange(n_texts), [len(ns) for _, ns in passages])
    number_ids = np.array([i for _, ns in passages for i in ns], dtype=np.int64)
    unique, inverse = np.unique(number_ids, return_inverse=True)
    rows.append(number_rows)
    columns.append(sum(len(g) for g in groups) + inverse)
    groups.append(np.full(unique.size, ORDER))
    group_of = np.concatenate(groups).astype(np.int64)
    presence = sparse.csr_matrix(
        (np.ones(sum(r.size for r in rows)), (np.concatenate(rows), np.concatenate(columns))),
        shape=(n_texts, group_of.size),
    )
    presence.data[:] = 1.0  # duplicates were summed: an n-gram repeated in a passage counts once
    group = sparse.csr_matrix(
        (np.ones(group_of.size), (np.arange(group_of.size), group_of)),
        shape=(group_of.size, ORDER + 1),
    )
    shared = np.flatnonzero(np.asarray(presence.sum(axis=0)).ravel() >= 2)
    return NgramSet(
        grams=sparse.csr_matrix(presence[:, shared]),
        group=sparse.csr_matrix(group[shared]),
        counts=(presence @ group).toarray().reshape(n_texts, ORDER + 1),
        words=np.array([len(ws) for ws, _ in passages], dtype=np.float64),
    )


def overlaps(ngrams: NgramSet | None, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Pairs x OVERLAPS of the pairs (rows[k], cols[k]); without an `NgramSet` (a caller that
    wants only the lexical score, or a model that does not weigh them) a read-only view of one
    zero, which takes no memory for the 100k+ candidate pairs of a big story."""
    if ngrams is None or rows.size == 0:
        return np.broadcast_to(np.zeros(1), (rows.size, len(OVERLAPS)))
    out = np.zeros((rows.size, len(OVERLAPS)), dtype=np.float64)
    shared = np.zeros((rows.size, ORDER + 1))
    for start in range(0, rows.size, _BLOCK):  # blocks of pairs: bounded memory on a big story
        a, b = rows[start : start + _BLOCK], cols[start : start + _BLOCK]
        both = ngrams.grams[a].multiply(ngrams.grams[b])
        shared[start : start + a.size] = (both @ ngrams.group).toarray()
    held_a, held_b = ngrams.counts[rows], ngrams.counts[cols]
    of_a = shared[:, :ORDER] / np.maximum(held_a[:, :ORDER], 1)
    of_b = shared[:, :ORDER] / np.maximum(held_b[:, :ORDER], 1)
    out[:, 0 : 2 * ORDER : 2] = np.minimum(of_a, of_b)
    out[:, 1 : 2 * ORDER : 2] = np.maximum(of_a, of_b)
    out[:, 2 * ORDER] = np.log1p(np.abs(ngrams.words[rows] - ngrams.words[cols]))
    numbers, union = shared[:, ORDER], held_a[:, ORDER] + held_b[:, ORDER] - shared[:, ORDER]
    out[:, 2 * ORDER + 1] = np.where(union > 0, numbers / np.maximum(union, 1), 1.0)
    out[:, 2 * ORDER + 2] = np.maximum(held_a[:, ORDER], held_b[:, ORDER]) > numbers
    return out
