"""The wiring of the package: imports flow one way (the import-linter contracts of
``pyproject.toml``: layers, the graph's files apart from its RDF form, no cycle between
siblings), no module reaches itself again through its imports, and the tests and benchmarks
stand alone (no test module imported from elsewhere, nothing imported as ``policykg.tests``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

REPOSITORY = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=REPOSITORY, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 kept, 0 broken" in done.stdout


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph("policykg", exclude_type_checking_imports=True)
    imports = nx.DiGraph((module, imported) for module in graph.modules
                         for imported in graph.find_modules_directly_imported_by(module))
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert cycles == []


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}


def test_tests_and_benchmarks_import_helpers_not_test_modules() -> None:
    for folder in ("tests", "benchmarks"):
        for path in sorted((REPOSITORY / folder).rglob("*.py")):
            for module in _imported(path):
                last = module.rsplit(".", 1)[-1]
                assert not last.startswith("test_"), f"{path.name} imports {module}"
                assert not module.startswith(("policykg.tests", "policykg.benchmarks")), \
                    f"{path.name} imports {module}"
