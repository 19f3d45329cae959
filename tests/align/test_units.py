"""`units._components` groups nodes exactly as scipy's connected components do (the oracle
here; the package no longer imports `scipy.sparse.csgraph`, whose import cost every run)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.sparse import csgraph

from audit.align.units import _components


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[int], list[int]]:
    size = draw(st.integers(min_value=1, max_value=40))
    edges = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    return size, [a for a, _ in edges], [b for _, b in edges]


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_components_match_scipy(graph: tuple[int, list[int], list[int]]) -> None:
    size, a, b = graph
    ours = _components(size, a, b)
    matrix = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(size, size))
    _, theirs = csgraph.connected_components(matrix, directed=False)
    same_ours = ours[:, None] == ours[None, :]
    same_theirs = theirs[:, None] == theirs[None, :]
    assert (same_ours == same_theirs).all()
