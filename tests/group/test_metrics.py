"""B-cubed and adjusted Rand index on hand-worked cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.group.metrics import adjusted_rand, bcubed

GOLD = {"a": "x", "b": "x", "c": "y", "d": "y"}


def test_perfect_clustering() -> None:
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert bcubed(predicted, GOLD).f1 == 1.0
    assert adjusted_rand(predicted, GOLD) == 1.0


def test_all_in_one_cluster() -> None:
    # each item's predicted cluster holds 4, of which 2 share its gold cluster: precision 1/2
    result = bcubed(dict.fromkeys(GOLD, "1"), GOLD)
    assert (result.precision, result.recall) == (0.5, 1.0)
    assert result.f1 == pytest.approx(2 / 3)
    assert adjusted_rand(dict.fromkeys(GOLD, "1"), GOLD) == 0.0


def test_all_singletons() -> None:
    result = bcubed({k: k for k in GOLD}, GOLD)
    assert (result.precision, result.recall) == (1.0, 0.5)


def test_one_item_misplaced() -> None:
    # a, b | c, d with b moved to c's cluster: {a} {b, c, d}
    predicted = {"a": "1", "b": "2", "c": "2", "d": "2"}
    result = bcubed(predicted, GOLD)
    # precision: a 1, b 1/3, c 2/3, d 2/3 -> 2/3; recall: a 1/2, b 1/2, c 1, d 1 -> 3/4
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(3 / 4)
    # pairs: together in both 1 (c-d); predicted 3; gold 2; of 6 -> expected 1, max 2.5
    assert adjusted_rand(predicted, GOLD) == pytest.approx((1 - 1) / (2.5 - 1))


def test_different_items_are_an_error() -> None:
    with pytest.raises(ValueError):
        bcubed({"a": "1"}, {"b": "1"})


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_scores_in_range_and_symmetric_in_labels(pairs: list[tuple[int, int]]) -> None:
    predicted = {str(i): f"p{p}" for i, (p, _) in enumerate(pairs)}
    gold = {str(i): f"g{g}" for i, (_, g) in enumerate(pairs)}
    result = bcubed(predicted, gold)
    assert 0.0 <= result.precision <= 1.0 and 0.0 <= result.recall <= 1.0
    swapped = bcubed(gold, predicted)
    assert swapped.precision == pytest.approx(result.recall)
    assert adjusted_rand(predicted, gold) == pytest.approx(adjusted_rand(gold, predicted))
    assert adjusted_rand(predicted, gold) <= 1.0 + 1e-9
