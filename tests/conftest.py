from __future__ import annotations

from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import AuditResult, run_audit

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return bundled_story_path()


@pytest.fixture(scope="session")
def bundled_result(bundled_path: Path) -> AuditResult:
    loaded = load_input(bundled_path)
    return run_audit(loaded.stories[0], AuditConfig(), warnings=loaded.warnings)
