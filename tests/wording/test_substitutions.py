"""Contrastive substitutions: what counts as a word choice, offsets, and precision floors on the
blind pair labels (tests/data/wording_pairs.csv, both halves)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import AuditConfig
from audit.framing.bias import bias_lexicons
from audit.framing.stage import lexicons_for
from audit.model import Span
from audit.wording.substitutions import SentencePair, Substitution, find_substitutions

CONFIG = AuditConfig()
BIASED = bias_lexicons(lexicons_for(CONFIG.framing))
LABELS = Path(__file__).parent.parent / "data" / "wording_pairs.csv"


def swaps(a: str, b: str, offset_a: int = 0) -> list[Substitution]:
    texts = {"x": " " * offset_a + a, "y": b}
    pair = SentencePair("L1", "x", Span(offset_a, offset_a + len(a)), "y", Span(0, len(b)))
    return list(find_substitutions((pair,), texts, BIASED, CONFIG.wording, CONFIG.framing.bias))


def test_a_loaded_word_for_a_neutral_one_with_offsets_and_scores() -> None:
    a = "Pompeo met North Korean dictator Kim Jong Un over Easter weekend."
    b = "Pompeo met North Korean leader Kim Jong Un over Easter weekend, reports said."
    (swap,) = swaps(a, b, offset_a=10)
    assert (swap.text_a, swap.text_b, swap.rule) == ("dictator", "leader", "word_choice")
    assert (swap.start_a, swap.end_a) == (10 + a.index("dictator"), 10 + a.index(" Kim"))
    assert swap.bias_a > swap.bias_b and swap.score == pytest.approx(swap.bias_delta)


def test_spelling_variants_and_names_for_descriptions() -> None:
    a = "Troops in Kiev were put on alert on Monday by the army."
    b = "Troops in Kyiv were put on alert on Monday by the army."
    assert [(s.text_a, s.text_b, s.rule) for s in swaps(a, b)] == [("Kiev", "Kyiv", "spelling")]
    a = "Pompeo said the regime must stop funding militias across the region."
    b = "Pompeo said Iran must stop funding militias across the region."
    assert [(s.text_a, s.text_b, s.rule) for s in swaps(a, b)] == [
        ("regime", "Iran", "name_vs_description")
    ]


def test_what_is_not_word_choice() -> None:
    base = "The senator {} the budget deal in the chamber on Monday."
    assert swaps(base.format("criticised"), base.format("criticises")) == []  # inflection
    one = "Officials said 30,000 troops would deploy to the border region soon."
    assert swaps(one, one.replace("30,000", "25,000")) == []  # a number: another fact
    a = "The deal was signed by President Trump at the White House on Friday."
    assert swaps(a, a.replace("Trump", "Obama")) == []  # another actor
    a = "Observers said the vote was fair, and officials praised it."
    b = "Observers called the vote fair, and officials praised it."
    assert all(s.rule != "word_choice" or "said" not in s.text_a for s in swaps(a, b))


def test_a_loaded_modifier_one_side_adds() -> None:
    a = "Trump announced the tariffs on steel and aluminum imports on Thursday."
    b = "Trump announced the punishing tariffs on steel and aluminum imports on Thursday."
    (swap,) = swaps(a, b)
    assert (swap.text_a, swap.text_b, swap.rule) == ("", "punishing", "added_word")
    assert swap.start_a == swap.end_a == a.index("tariffs")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120), st.integers(min_value=0, max_value=9))
def test_spans_round_trip_and_scores_stay_in_range(a: str, b: str, offset: int) -> None:
    texts = {"x": " " * offset + a, "y": b}
    for s in swaps(a, b, offset_a=offset):
        assert texts["x"][s.start_a : s.end_a] == s.text_a
        assert texts["y"][s.start_b : s.end_b] == s.text_b
        assert 0.0 <= s.score <= 1.0


def label_half(row: dict[str, str]) -> int:
    """The split of bench/wording_pairs.py: 0 tune, 1 held out, by a hash of the pair."""
    key = "|".join((row["doc_a"], row["sentence_a"], row["word_a"], row["doc_b"], row["word_b"]))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def _where(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.casefold().find(word.casefold())
    return start, start + len(word)


def outcomes() -> list[tuple[int, int, bool, int]]:
    """(half, label, labelled swap found, substitutions on a near-miss pair) per label."""
    found = []
    for row in csv.DictReader(LABELS.open(encoding="utf-8")):
        subs = swaps(row["sentence_a"], row["sentence_b"])
        wa, wb = _where(row["sentence_a"], row["word_a"]), _where(row["sentence_b"], row["word_b"])
        hit = any(
            s.start_a < wa[1] and wa[0] < s.end_a and s.start_b < wb[1] and wb[0] < s.end_b
            for s in subs
        )
        label = int(row["substitution"])
        found.append((label_half(row), label, hit and label == 1, len(subs) if not label else 0))
    return found


# Measured on 2026-12-01: tune P 1.00 (2/2) R 0.08, held out P 1.00 (3/3) R 0.06: precise and
# narrow (most labelled pairs are paraphrases with no word-for-word slot).
@pytest.mark.parametrize("half", [0, 1])
def test_substitutions_on_the_labelled_pairs_are_precise(half: int) -> None:
    chosen = [o for o in outcomes() if o[0] == half]
    right, wrong = sum(o[2] for o in chosen), sum(o[3] for o in chosen)
    assert right >= 2
    assert right / (right + wrong) >= 0.8
