"""Reading a feed in order in a process of its own gives what reading it in process gives: the
same reprint findings and vectors, in order, and the same spellings in the main vocabulary."""

from __future__ import annotations

import dataclasses

import pytest

from audit.config import AuditConfig, DedupConfig
from audit.dedup import Record
from audit.errors import AuditInputError
from audit.group.ordered import Item, read_in_order
from audit.group.represent import Extractor, Vocabulary

WIRE = (
    "Dock workers walked off the job on Tuesday at the port of Gdansk, halting container "
    "traffic at one of the busiest harbours on the Baltic Sea in a dispute over automation"
)


def _items() -> list[Item]:
    texts = [
        WIRE,
        "The central bank raised its main interest rate by a quarter point on Wednesday.",
        WIRE,  # an exact copy
        WIRE.replace("Tuesday", "Monday") + " plans",  # a near copy
        "",  # no words
        "Heavy rain flooded the old town overnight and closed two bridges across the river.",
        WIRE.upper(),
        "Gdansk dock workers returned to the port after the central bank talks.",
    ]
    extractor = Extractor()
    return [
        (Record(f"r{i}", text, f"outlet{i % 3}", f"r{i}"), extractor.terms(text))
        for i, text in enumerate(texts)
    ]


def _config(batch_size: int) -> AuditConfig:
    return AuditConfig(dedup=dataclasses.replace(DedupConfig(), batch_size=batch_size))


@pytest.mark.parametrize("batch_size", [1, 2, 3, 2048])  # several batches in flight, or one
def test_the_process_apart_reads_what_the_main_process_reads(batch_size: int) -> None:
    config = _config(batch_size)
    here, there = Vocabulary(), Vocabulary()
    expected = list(read_in_order(_items(), config, here))
    assert sum(finding is not None for _, finding, _ in expected) >= 3  # the copies are found
    assert list(read_in_order(_items(), config, there, apart=True)) == expected
    assert list(there.forms.items()) == list(here.forms.items())  # the labels' spellings
    assert list(read_in_order([], config, Vocabulary(), apart=True)) == []


def test_a_bad_setting_is_an_input_error_before_any_process_starts() -> None:
    with pytest.raises(AuditInputError, match="batch_size"):
        list(read_in_order(_items(), _config(0), Vocabulary(), apart=True))
