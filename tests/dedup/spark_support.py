"""A Spark session for the Spark engine's tests: skipped where PySpark or Java is missing, but
under CI (CI=true) a failure instead, as for Chromium in tests/app/browser_support.py."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator

import pytest


def require_spark() -> None:
    """Skip (fail under CI=true) unless PySpark and a Java runtime are installed."""
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append("PySpark (pip install -e '.[spark]')")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        missing.append("Java (apt-get install openjdk-17-jre-headless)")
    if not missing:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {' and '.join(missing)} missing: .ci/run must install it")
    pytest.skip(f"{' and '.join(missing)} not installed")


def local_session() -> Iterator[object]:
    """A local[2] session for a test module (use as the body of a module-scoped fixture:
    starting Spark takes seconds), stopped after the module's tests."""
    require_spark()
    from audit.dedup.spark import start_session

    spark = start_session("local[2]")
    yield spark
    spark.stop()
