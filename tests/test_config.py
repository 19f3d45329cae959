from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.ingest.settings import load_config, parse_config


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_defaults() -> None:
    assert load_config(None) == AuditConfig()


def test_a_toml_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    config = load_config(_toml(tmp_path, "[dedup]\nnear_threshold = 1\n"))
    assert config.dedup.near_threshold == 1.0
    assert config.dedup.bands == AuditConfig().dedup.bands
    assert config.clean == AuditConfig().clean
    assert config.segment == AuditConfig().segment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[clean]\nrelated_link_max_word = 5\n", "unknown config key clean.related_link_max_word"),
        ("[nosuch]\nx = 1\n", "unknown config key nosuch"),
        ("[dedup]\nbands = 'three'\n", "config key dedup.bands must be int"),
        ("[dedup]\nbands = true\n", "must be int"),
        ("clean = 3\n", "config key clean must be a table"),
        ("[clean\n", "not valid TOML"),
        ("[dedup]\nnear_threshold = 1.5\n", r"dedup.near_threshold is a score in \[0, 1\]"),
        ("[align]\nclaim_threshold = -0.1\n", "align.claim_threshold must not be negative"),
        ("[dedup]\nseed = -1\n", "dedup.seed must not be negative"),
        ("[align]\nfuzzy_weight = 0.6\nphrase_weight = 0.6\n", "must not exceed 1"),
        ("[align]\nclaim_coefficients = [1.0, 2.0]\n", "align.claim_coefficients needs"),
        ("[align]\ntitle_coefficients = [1.0, 2.0]\n", "align.title_coefficients needs"),
    ],
)
def test_bad_config_files_are_errors_naming_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(AuditInputError, match=message):
        load_config(_toml(tmp_path, text))


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="config file not found"):
        load_config(tmp_path / "none.toml")


_FIELD = re.compile(r"^    [a-z_]+: [^=]+ = ")


def _is_field(line: str) -> bool:
    return bool(_FIELD.match(line)) and "field(" not in line


def test_every_threshold_has_a_reason_comment() -> None:
    """Each field, or the group of adjacent fields it belongs to, has a comment above it."""
    folder = Path(__file__).parent.parent / "audit" / "config"
    lines = [line for p in sorted(folder.glob("*.py")) for line in p.read_text().splitlines()]
    in_class = False
    for number, line in enumerate(lines):
        if line[:1].strip():
            in_class = line.startswith("class ")
        if not (in_class and _is_field(line)):
            continue
        above = number - 1
        while _is_field(lines[above]):
            above -= 1
        assert lines[above].strip().startswith("#"), f"no reason above: {line.strip()}"


_CONSTANT = re.compile(r"^[A-Z][A-Z_]+ = ")


def test_every_module_constant_has_a_reason_comment() -> None:
    """The config package's process settings (`DEFAULT_SPARK_MASTER`, `GC_THRESHOLDS`...) have
    a comment above them too."""
    folder = Path(__file__).parent.parent / "audit" / "config"
    lines = [line for p in sorted(folder.glob("*.py")) for line in p.read_text().splitlines()]
    constants = [n for n, line in enumerate(lines) if _CONSTANT.match(line)]
    assert len(constants) >= 2
    for number in constants:
        assert lines[number - 1].startswith("#"), f"no reason above: {lines[number].strip()}"


def test_config_text_is_parsed_with_its_origin_in_errors() -> None:
    assert parse_config("[app]\nmax_columns = 3\n", origin="up.toml").app.max_columns == 3
    with pytest.raises(AuditInputError, match=r"^up\.toml: not valid TOML"):
        parse_config("[app\n", origin="up.toml")


def test_claim_coefficients_of_the_wrong_length_are_a_config_error(tmp_path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[align]\nclaim_coefficients = [-1.0, 2.0]\n", encoding="utf-8")
    with pytest.raises(AuditInputError, match="claim_coefficients"):
        load_config(path)
    values = ", ".join(["-0.5"] * len(AuditConfig().align.claim_coefficients))
    path.write_text("[align]\nclaim_coefficients = [" + values + "]\n", encoding="utf-8")
    assert load_config(path).align.claim_coefficients[0] == -0.5  # negative weights are fine


def test_the_group_commands_worker_cap_is_the_configs(monkeypatch: pytest.MonkeyPatch) -> None:
    from audit.config import GROUP_AUTO_WORKERS_MAX
    from audit.group import extract

    monkeypatch.setattr("os.sched_getaffinity", lambda _: set(range(64)), raising=False)
    monkeypatch.setattr("audit.cores._cgroup_cpu_quota", lambda: None)
    assert extract.command_workers(0) == GROUP_AUTO_WORKERS_MAX == 2  # measured on 2 cores only
