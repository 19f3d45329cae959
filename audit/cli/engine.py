"""`--engine` and `--spark-master`, shared by `audit dedup` and `audit run`: the options, the
master they name, and the Spark half of a command imported only when asked for (PySpark is an
optional extra, so its absence is one line and exit 2, never a traceback)."""

from __future__ import annotations

import argparse
import importlib
import os
from typing import Any

from audit.config import DEFAULT_SPARK_MASTER
from audit.errors import AuditInputError


def add_engine_arguments(parser: argparse.ArgumentParser, spark_does: str) -> None:
    """`--engine local|spark` and `--spark-master URL`; `spark_does` ends the engine's help."""
    engine = parser.add_argument_group("engine")
    engine.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help=f"local: one process (default); spark: {spark_does} "
        "(needs the spark extra: pip install 'audit[spark]')",
    )
    engine.add_argument(
        "--spark-master",
        metavar="URL",
        default=None,
        help="Spark master for --engine spark (default: $SPARK_MASTER, else the --master of "
        f"spark-submit when it runs audit, else {DEFAULT_SPARK_MASTER})",
    )


def spark_master(args: argparse.Namespace) -> str | None:
    """The master asked for; None leaves it to Spark (spark-submit's --master, else the default)."""
    return args.spark_master or os.environ.get("SPARK_MASTER") or None


def spark_api(module: str, name: str) -> Any:
    """`name` from `module`, a module that imports pyspark; AuditInputError when it is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("pyspark", "py4j")):
            raise
        message = "needs PySpark: pip install 'audit[spark]' (and a Java runtime)"
        raise AuditInputError("--engine spark", message) from None
