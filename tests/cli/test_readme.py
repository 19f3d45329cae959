"""Every command of the README's usage blocks runs as written, as a new user types it after
`make run` and `. .venv/bin/activate`: in a shell whose PATH has the venv's `audit`, from a folder
laid out like the repository (so what the commands write stays out of the work tree)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTIVATE = ". .venv/bin/activate"


def _sh_blocks() -> list[list[str]]:
    blocks = re.findall(r"^```sh\n(.*?)^```", README, flags=re.S | re.M)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


def usage_commands() -> list[str]:
    """The lines of every sh block but the `make` one: the commands a user types."""
    return [line for block in _sh_blocks() for line in block if not line.startswith("make ")]


COMMANDS = [line for line in usage_commands() if not line.startswith(ACTIVATE)]


def test_the_readme_has_usage_blocks() -> None:
    assert len(COMMANDS) >= 10
    assert sum(line.startswith(ACTIVATE) for line in usage_commands()) == 1


def test_the_activate_line_names_the_venv_the_makefile_makes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^VENV := \.venv$", makefile, flags=re.M)
    assert "activate" in makefile  # `make run` tells the user too


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([a-z-]+)`", README))
    named |= {line.split()[1] for block in _sh_blocks() for line in block if line[:5] == "make "}
    assert named and named <= targets, named - targets


def test_every_path_a_command_names_exists() -> None:
    for line in COMMANDS:
        for word in shlex.split(line, comments=True):
            if "/" in word and not word.startswith(("-", "reports/", "out/")):
                assert (ROOT / word).exists(), f"{word} (in: {line})"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like a fresh clone's after `make run`: the inputs linked, reports/ present."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("audit", "tests"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    (folder / "reports").mkdir()
    return folder


@pytest.mark.parametrize("line", COMMANDS, ids=[c.split("  #")[0].strip() for c in COMMANDS])
def test_the_command_runs_as_written(line: str, workspace: Path) -> None:
    venv_bin = Path(sys.executable).parent
    if not (venv_bin / "audit").exists():
        pytest.skip(f"no audit console script beside {sys.executable} (not installed)")
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line}"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    expected = 1 if "--fail-on-duplicates" in line else 0  # the README says it finds copies
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr


def test_make_run_installs_the_runtime_dependencies_only() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^\$\(RUN_STAMP\):.*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe and "pip install --quiet -e .\n" in recipe.group(1)
    assert "[test]" not in recipe.group(1)
    assert re.search(r"^run: \$\(RUN_STAMP\)$", makefile, flags=re.M)
    assert re.search(r"^test: \$\(TEST_STAMP\)$", makefile, flags=re.M)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"]}
    test_only = {
        re.split(r"[<>=\[ ]", d)[0].lower() for d in project["optional-dependencies"]["test"]
    }
    assert test_only and not runtime & test_only
