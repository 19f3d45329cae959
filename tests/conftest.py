from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import AuditResult, run_audit

DATA = Path(__file__).parent / "data"

# Tests assert behaviour, never timings: hypothesis's per-example deadline (200 ms) fails tests
# on a loaded CI machine, so it is off for every test.
settings.register_profile("audit", deadline=None)
settings.load_profile("audit")


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return bundled_story_path()


@pytest.fixture(scope="session")
def bundled_result(bundled_path: Path) -> AuditResult:
    loaded = load_input(bundled_path)
    return run_audit(loaded.stories[0], AuditConfig(), warnings=loaded.warnings)
