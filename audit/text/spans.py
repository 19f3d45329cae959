"""Which of many offsets fall inside any of many spans, in log time per offset.

`any(s.start <= at < s.end for s in spans)` for every word of a text is quadratic in the text's
length (a 5 MB paragraph has a million words and thousands of quotation spans); `covered_by`
answers the same question by binary search over the spans sorted by start, with the largest
end seen so far (spans may overlap or nest).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Protocol


class _Ranged(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def covered_by(spans: Sequence[_Ranged]) -> Callable[[int], bool]:
    """A test `inside(at)`: whether `start <= at < end` for some span of `spans`."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    reach = list(accumulate((s.end for s in ordered), max))

    def inside(at: int) -> bool:
        k = bisect_right(starts, at)  # spans starting at or before `at`
        return k > 0 and reach[k - 1] > at

    return inside
