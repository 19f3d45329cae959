"""The shared --engine options: where the Spark master comes from, and the one-line error when
the Spark half of a command cannot be imported."""

from __future__ import annotations

import argparse
import sys

import pytest

from audit.cli.engine import add_engine_arguments, spark_api, spark_master
from audit.errors import AuditInputError


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_engine_arguments(parser, "test")
    return parser.parse_args(argv)


def test_the_master_comes_from_the_flag_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPARK_MASTER", raising=False)
    assert _args([]).engine == "local"
    # None: Spark's own (spark-submit's --master when it runs audit), else local[*]
    assert spark_master(_args(["--engine", "spark"])) is None
    monkeypatch.setenv("SPARK_MASTER", "spark://head:7077")
    assert spark_master(_args(["--engine", "spark"])) == "spark://head:7077"
    assert spark_master(_args(["--spark-master", "local[2]"])) == "local[2]"


def test_a_missing_pyspark_is_an_input_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # importing it now fails as if absent
    monkeypatch.delitem(sys.modules, "audit.dedup.spark", raising=False)
    with pytest.raises(AuditInputError, match=r"pip install 'audit\[spark\]'"):
        spark_api("audit.dedup.spark", "classify_spark")
    with pytest.raises(ModuleNotFoundError):  # any other missing module is a bug: not hidden
        spark_api("audit.no_such_module", "anything")
