"""Word n-gram overlaps (`align.ngrams`): the sparse computation against a plain per-pair
reference, and the cases that the probability leans on."""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.ngrams import ORDER, OVERLAPS, ngram_set, overlaps
from audit.align.terms import stem


def reference(a: str, b: str) -> list[float]:
    """OVERLAPS of one pair, written out plainly from the definitions."""
    words_a = [stem(w) for w in re.findall(r"[\w'-]+|[$%]", a.lower())]
    words_b = [stem(w) for w in re.findall(r"[\w'-]+|[$%]", b.lower())]
    out = []
    for n in range(1, ORDER + 1):
        grams_a = {tuple(words_a[i : i + n]) for i in range(len(words_a) - n + 1)}
        grams_b = {tuple(words_b[i : i + n]) for i in range(len(words_b) - n + 1)}
        shared = len(grams_a & grams_b)
        of_a, of_b = shared / max(len(grams_a), 1), shared / max(len(grams_b), 1)
        out += [min(of_a, of_b), max(of_a, of_b)]
    out.append(math.log1p(abs(len(words_a) - len(words_b))))
    numbers_a = {w for w in re.findall(r"[\w'-]+|[$%]", a.lower()) if re.search(r"\d", w)}
    numbers_b = {w for w in re.findall(r"[\w'-]+|[$%]", b.lower()) if re.search(r"\d", w)}
    union = numbers_a | numbers_b
    out.append(len(numbers_a & numbers_b) / len(union) if union else 1.0)
    out.append(float(bool(numbers_a ^ numbers_b)))
    return out


words = st.sampled_from(["the", "talks", "talk", "Paris", "in", "30,000", "5", "May", "met"])
texts = st.lists(words, max_size=9).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=2, max_size=6), st.randoms())
def test_overlaps_equal_the_plain_definitions(passages: list[str], rnd) -> None:
    # pairs of two passages (a passage is never paired with itself; its reprint is another one)
    rows = np.array([rnd.randrange(len(passages)) for _ in range(8)], dtype=np.int64)
    cols = (rows + np.array([rnd.randrange(1, len(passages)) for _ in range(8)])) % len(passages)
    found = overlaps(ngram_set(passages), rows, cols)
    expected = [reference(passages[i], passages[j]) for i, j in zip(rows, cols, strict=True)]
    assert found.shape == (8, len(OVERLAPS))
    assert np.allclose(found, np.array(expected))
    swapped = overlaps(ngram_set(passages), cols, rows)
    assert np.allclose(found, swapped)  # symmetric: each direction is read as the smaller/larger


def test_word_order_and_numbers_are_read() -> None:
    texts = [
        "Macron met Starmer in Paris on 5 May.",
        "Starmer met Macron in Paris on 6 May.",
        "Macron met Starmer in Paris on 5 May.",
        "",
    ]
    found = dict(zip(OVERLAPS, overlaps(ngram_set(texts), np.array([0, 0, 0]),
                                        np.array([1, 2, 3])).T, strict=True))  # fmt: skip
    assert found["ngram1_low"][0] > found["ngram2_low"][0] > found["ngram4_low"][0]
    assert found["number_jaccard"].tolist() == [0.0, 1.0, 0.0]
    assert found["number_lacks"].tolist() == [1.0, 0.0, 1.0]
    assert found["ngram4_high"][1] == 1.0  # a reprint shares every n-gram
    assert found["ngram1_high"][2] == 0.0  # an empty passage (not scored) shares nothing


def test_no_ngram_set_gives_zeros() -> None:
    assert overlaps(None, np.array([0]), np.array([1])).tolist() == [[0.0] * len(OVERLAPS)]
    assert overlaps(ngram_set([]), np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (
        0,
        len(OVERLAPS),
    )
