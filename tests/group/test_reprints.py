"""The dedup engine in its own process gives the in-process engine's findings, in order."""

from __future__ import annotations

import dataclasses

import pytest

from audit.config import DedupConfig
from audit.dedup import Record, classify
from audit.errors import AuditInputError
from audit.group.reprints import classify_apart

WIRE = (
    "Dock workers walked off the job on Tuesday at the port of Gdansk, halting container "
    "traffic at one of the busiest harbours on the Baltic Sea in a dispute over automation"
)


def _records() -> list[Record]:
    texts = [
        WIRE,
        "The central bank raised its main interest rate by a quarter point on Wednesday.",
        WIRE,  # an exact copy
        WIRE.replace("Tuesday", "Monday") + " plans",  # a near copy
        "",  # no words
        "Heavy rain flooded the old town overnight and closed two bridges across the river.",
        WIRE.upper(),
    ]
    return [Record(f"r{i}", text, f"outlet{i % 3}", f"r{i}") for i, text in enumerate(texts)]


@pytest.mark.parametrize("batch_size", [1, 2, 3, 2048])  # several batches in flight, or one
def test_the_dedup_process_finds_what_the_engine_finds(batch_size: int) -> None:
    config = dataclasses.replace(DedupConfig(), batch_size=batch_size)
    records = _records()
    expected = list(classify(records, config))
    assert sum(finding is not None for _, finding in expected) >= 3  # the copies are found
    assert list(classify_apart(records, config)) == expected
    assert list(classify_apart([], config)) == []


def test_a_bad_setting_is_an_input_error_before_any_process_starts() -> None:
    config = dataclasses.replace(DedupConfig(), batch_size=0)
    with pytest.raises(AuditInputError, match="batch_size"):
        list(classify_apart(_records(), config))
