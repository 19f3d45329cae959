"""The features process (the dedup engine on the leads and the TF-IDF vectors) gives what the
features in process give, in order."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.group.extract import packed_reads
from audit.group.features import Item, article_features, features_apart
from audit.group.represent import Vocabulary

WIRE = (
    "Dock workers walked off the job on Tuesday at the port of Gdansk, halting container "
    "traffic at one of the busiest harbours on the Baltic Sea in a dispute over automation"
)


def _items(config: AuditConfig) -> list[Item]:
    texts = [
        WIRE,
        "The central bank raised its main interest rate by a quarter point on Wednesday.",
        WIRE,  # an exact copy
        WIRE.replace("Tuesday", "Monday") + " plans",  # a near copy
        "",  # no words
        "Heavy rain flooded the old town overnight and closed two bridges across the river.",
        WIRE.upper(),
        "Gdansk port traffic resumed; the Baltic harbour's dock workers are back.",
    ]
    reads = packed_reads([(text, "") for text in texts], config)
    return [(f"r{i}", f"outlet{i % 3}", read) for i, read in enumerate(reads)]


def _config(batch_size: int) -> AuditConfig:
    config = AuditConfig()
    return dataclasses.replace(
        config, dedup=dataclasses.replace(config.dedup, batch_size=batch_size)
    )


@pytest.mark.parametrize("batch_size", [1, 2, 3, 2048])  # several batches in flight, or one
def test_the_features_process_finds_what_the_features_in_process_find(batch_size: int) -> None:
    config = _config(batch_size)
    items = _items(config)
    vocabulary = Vocabulary()
    expected = list(article_features(items, config, vocabulary))
    assert sum(f.finding is not None for f in expected) >= 3  # the copies are found
    assert list(features_apart(items, config)) == expected
    assert list(features_apart([], config)) == []


def test_the_spellings_handed_back_rebuild_the_vocabularys_forms() -> None:
    config = _config(2048)
    vocabulary, rebuilt = Vocabulary(), Vocabulary()
    for features in article_features(_items(config), config, vocabulary):
        rebuilt.forms.update(features.forms)
    assert list(rebuilt.forms.items()) == list(vocabulary.forms.items())  # the same order too
    assert vocabulary.forms["port"] == "port"  # a word also seen in lower case is shown so


def test_a_bad_setting_is_an_input_error_before_any_process_starts() -> None:
    config = _config(0)
    with pytest.raises(AuditInputError, match="batch_size"):
        list(features_apart(_items(_config(2048)), config))


_FAILING_PROCESS = """
import sys
from audit.config import AuditConfig
from audit.group.features import features_apart

if __name__ == "__main__":
    # not marshal data: the features process fails on the first item with a second batch
    # sent, bigger than a pipe holds: the run must raise the error and still exit
    items = [(f"a{i}", "src", b"x" * 1000) for i in range(6000)]
    try:
        list(features_apart(items, AuditConfig()))
    except ValueError as error:
        print("raised:", error)
"""


def test_a_failing_features_process_gives_its_error_and_the_run_still_exits(
    tmp_path: Path,
) -> None:
    script = tmp_path / "fail.py"
    script.write_text(_FAILING_PROCESS, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("raised:")
