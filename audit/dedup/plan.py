"""The local engine's candidate rules as pure functions over one LSH bucket, for engines that
see a whole input at once (`audit.dedup.spark`): with them, the candidates are exactly those the
streaming engine finds, so both engines report identical findings.

The streaming engine (`audit.dedup.engine`) reads records in batches and keeps band keys in
sorted runs (`audit.dedup.lsh.BandIndex`); a query takes at most `max_bucket_candidates` entries
of a bucket from each run. Which runs exist when a batch is queried depends only on how many
near-duplicate candidates each batch indexed, so it is recomputed here from those counts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

from audit.dedup.lsh import MAX_RUN

# Runs at the time a batch is queried: inclusive ranges of batch numbers, oldest first.
RunRanges = tuple[tuple[int, int], ...]


def run_ranges(
    indexed_per_batch: Mapping[int, int], bands: int, *, max_run: int = MAX_RUN
) -> dict[int, RunRanges]:
    """For each batch that indexed texts, the runs of `BandIndex` right after it added them.

    Mirrors `BandIndex.add`: every batch appends a run (its texts times the `bands`), then the
    last two merge while the older is at most twice the newer and the two together hold at most
    `max_run` entries (past that size runs stay apart: 100k texts of 30 bands reach it)."""
    runs: list[tuple[int, int, int]] = []  # (first batch, last batch, entries)
    out: dict[int, RunRanges] = {}
    for batch in sorted(indexed_per_batch):
        count = indexed_per_batch[batch] * bands
        if count <= 0:
            continue  # a batch without texts to index adds no run
        runs.append((batch, batch, count))
        while (
            len(runs) > 1
            and runs[-2][2] <= 2 * runs[-1][2]
            and runs[-2][2] + runs[-1][2] <= max_run
        ):
            newer = runs.pop()
            older = runs.pop()
            runs.append((older[0], newer[1], older[2] + newer[2]))
        out[batch] = tuple((first, last) for first, last, _ in runs)
    return out


def bucket_pairs(
    entries: Sequence[tuple[int, int]],
    runs: Mapping[int, RunRanges],
    batch_size: int,
    cap: int,
) -> Iterator[tuple[int, int]]:
    """(query, earlier) position pairs one bucket proposes, once per shared band entry.

    `entries` are the bucket's (position, band) pairs sorted, as a run orders them (older first);
    each entry queries every run of its batch's time and takes the run's first `cap` entries,
    of which the earlier positions are candidates."""
    if len(entries) < 2:
        return
    positions = [pos for pos, _ in entries]
    for pos, _ in entries:
        for first, last in runs[pos // batch_size]:
            start = bisect_left(positions, first * batch_size)
            end = (last + 1) * batch_size
            for other in positions[start : start + cap]:
                if other >= end or other >= pos:
                    break
                yield pos, other


def ranked(candidates: Sequence[tuple[int, int]], max_verify: int) -> list[int]:
    """The candidates (shared bands, position) verified, in the order the engine verifies them:
    most shared bands first, older records first among equals."""
    return [pos for _, pos in sorted(candidates, key=lambda c: (-c[0], c[1]))[:max_verify]]
