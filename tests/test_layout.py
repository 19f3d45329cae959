"""The package layout stays a flow of stages: no import cycle (TYPE_CHECKING and function-level
imports included), no module over 400 lines, a handful of top-level modules, and a public API."""

from __future__ import annotations

import ast
from pathlib import Path

import audit

PACKAGE = Path(audit.__file__).parent
MAX_LINES = 400
# `beside` belongs to the flow: how `pipeline` runs framing beside alignment; `cores` is how
# many cores it and `group`'s readers may use.
TOP_LEVEL = {"__init__", "__main__", "beside", "cores", "errors", "model", "pipeline", "version"}
# The one config object is a package only because its sections outgrew one module.
TOP_LEVEL_PACKAGES_OF_VALUES = {"config"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
PACKAGES = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _targets(node: ast.AST, importer: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "audit"]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module.split(".")[0] != "audit":
            return []
        subs = [f"{node.module}.{a.name}" for a in node.names]
        return [s for s in subs if s in MODULES] or [node.module]
    return []


def import_graph() -> dict[str, set[str]]:
    """Module -> the audit modules importing it runs, with each package's `__init__` that the
    import passes through (except the importer's own enclosing packages, which are running)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges: set[str] = set()
        own = set(_ancestors(name)) | ({name} if name in PACKAGES else set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, name):
                for step in [*_ancestors(target), target]:
                    if step in MODULES and step not in own and step != name:
                        edges.add(step)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_no_import_cycle() -> None:
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_module_is_over_400_lines() -> None:
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > MAX_LINES} == {}


def test_top_level_holds_only_the_flow_and_shared_values() -> None:
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat == TOP_LEVEL
    assert all((PACKAGE / name / "__init__.py").exists() for name in TOP_LEVEL_PACKAGES_OF_VALUES)


def test_every_stage_package_says_what_it_is_for() -> None:
    for name in PACKAGES:
        doc = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
        assert doc, f"{name}/__init__.py has no docstring"


def test_public_api_resolves_every_name() -> None:
    for name in audit.__all__:
        assert getattr(audit, name) is not None, name


def test_public_api_lists_every_lazy_name() -> None:
    assert set(audit.__all__) == {"__version__", *audit._WHERE}
