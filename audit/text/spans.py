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


def word_before(text: str, at: int) -> str:
    """`(text[:at].split() or [""])[-1]`, without copying the text before `at` (a name looked up
    at each of its places in a 5 MB paragraph would copy megabytes each time)."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def word_after(text: str, at: int) -> str:
    """`(text[at:].split() or [""])[0]`, without copying the text after `at`."""
    start = at
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def last_char_before(text: str, at: int, skipping: str) -> str:
    """`text[:at].rstrip(skipping)[-1:]` without the copy: the character before `at` once the
    characters of `skipping` are passed over ("" at the start)."""
    while at > 0 and text[at - 1] in skipping:
        at -= 1
    return text[at - 1] if at > 0 else ""
