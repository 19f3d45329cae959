"""The blind omission and fact labels (tests/data/) with the documents they name. The
NewsWCL50 and wire-scrape articles are not in the repository: they are read from the shared
data folder beside the checkout (`../shared`, as CI lays it out) or `$AUDIT_SHARED`; the loader
is `bench/label_docs.py`, so the tests and the benchmark read the documents the same way."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path

import pytest

from audit.config import AuditConfig

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def shared_folder() -> Path | None:
    for candidate in (os.environ.get("AUDIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "data" / "newswcl50" / "articles.jsonl").exists():
            return Path(candidate)
    return None


@cache
def bench_module(name: str):
    """A bench/ script as a module (bench/ put on sys.path: its scripts import each other)."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def require_shared() -> Path:
    """The shared data folder, or a skip (a failure under CI, where it is laid beside the
    checkout) without it."""
    shared = shared_folder()
    if shared is None:
        if os.environ.get("CI"):
            pytest.fail("shared data (NewsWCL50, wire scrapes) not found beside the checkout")
        pytest.skip("shared data (NewsWCL50, wire scrapes) not found")
    return shared


@cache
def label_docs():
    """Every labelled document (see `require_shared`)."""
    shared = require_shared()
    docs = bench_module("label_docs")
    return docs.LabelDocs.load(
        shared / "data" / "newswcl50" / "articles.jsonl",
        shared / "data" / "wire-scrapes",
        AuditConfig(),
    )
