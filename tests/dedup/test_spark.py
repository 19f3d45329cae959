"""The Spark engine against the local engine: identical findings on the same input, in local[2]
on small inputs (one session for the module: starting Spark takes seconds)."""

from __future__ import annotations

import dataclasses
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audit.config import DEFAULT_SPARK_DRIVER_MEMORY, DedupConfig
from audit.dedup.engine import classify
from audit.dedup.records import ReadOptions, Record, read_records
from tests.dedup.spark_support import local_session

DATA = Path(__file__).parent.parent / "data" / "dedup"


@pytest.fixture(scope="module")
def session() -> Iterator[object]:
    yield from local_session()


def paragraphs() -> list[Record]:
    return list(read_records([str(DATA / "articles.jsonl")], ReadOptions(level="paragraph")))


def synthetic(n: int, seed: int = 7) -> list[Record]:
    """Short texts from a small vocabulary, many copies with an edited word: crowded buckets."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    bases = [[rng.choice(words) for _ in range(rng.randint(4, 14))] for _ in range(n // 4)]
    out = []
    for i in range(n):
        text = list(rng.choice(bases))
        if rng.random() < 0.5:
            text[rng.randrange(len(text))] = rng.choice(words)
        out.append(Record(f"r{i}", " ".join(text), source=f"s{i % 3}", article_id=f"a{i % 9}"))
    return out


def both(session: object, records: list[Record], config: DedupConfig) -> tuple[list, list]:
    from audit.dedup.spark import classify_spark

    local = list(classify(records, config))
    spark = list(classify_spark(records, config, session=session))
    return local, spark


def test_spark_finds_exactly_what_the_local_engine_finds(session: object) -> None:
    local, spark = both(session, paragraphs(), DedupConfig())
    assert [r for r, _ in spark] == [r for r, _ in local]
    assert [f for _, f in spark] == [f for _, f in local]
    assert sum(f is not None for _, f in local) > 10  # exact, near and boilerplate all found


def test_crowded_buckets_and_small_batches_give_the_same_candidates(session: object) -> None:
    # A bucket cap of 2, batches of 16 and 2 verifications make the local engine's run
    # structure and candidate limits decide which pairs are reported: Spark must follow them.
    config = dataclasses.replace(
        DedupConfig(), batch_size=16, max_bucket_candidates=2, max_verify=2, min_near_words=3
    )
    local, spark = both(session, synthetic(300), config)
    assert [f for _, f in spark] == [f for _, f in local]
    assert sum(f is not None and f.kind != "exact" for _, f in local) > 20


def test_empty_input_gives_nothing(session: object) -> None:
    from audit.dedup.spark import classify_spark

    assert list(classify_spark([], DedupConfig(), session=session)) == []


def test_a_local_driver_is_given_room_for_a_million_records(session: Any) -> None:
    # Spark's default 1 GB heap ran out parallelizing 1M paragraphs from the driver.
    if {"SPARK_DRIVER_MEMORY", "PYSPARK_SUBMIT_ARGS"} & set(os.environ):
        pytest.skip("the driver's memory is the user's setting here")
    memory = session.sparkContext.getConf().get("spark.driver.memory")
    assert memory == DEFAULT_SPARK_DRIVER_MEMORY
