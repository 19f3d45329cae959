"""Fewer runs of Python's cyclic garbage collector while `audit run` works.

Each collection of the oldest generation walks every live object. A story in memory is millions
of small immutable values (tokens, terms, passages, report rows) that hold no reference cycles,
so the default thresholds (700, 10, 10) made the collector walk them again and again for nothing:
~15-20% of the CPU time of the 50 x 40 bench story (BENCHMARKS.md `section:speed`). The reports
are the same either way; only when garbage is collected changes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from audit.config import GC_THRESHOLDS


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block: objects alive at its start (modules, lexicons, the loaded input) are
    moved out of the collector's sight (`gc.freeze`), and collections are rarer
    (`audit.config.GC_THRESHOLDS`, with the reason for its values); both are undone at its end."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
