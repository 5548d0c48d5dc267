"""Adding a format or a store is one module and one registration, and the CLI offers it: a toy
edge-list format appears in ``export --format`` and writes; a toy store (each dataset a
node-link file in a folder, queried with SPARQL through pyoxigraph) appears in ``load`` with
its own option and answers ``query --backend``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, QuerySolutions, Variable

from policykg import stores
from policykg.cli import main
from policykg.graph import formats
from policykg.graph.atomic import atomic_write
from policykg.graph.io import read_json, write_json
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import oxigraph_store
from policykg.queries import run_query
from policykg.queries.embedded import python_value
from policykg.stores.base import Report, Setting, Store, check_prune

from testkit.small_graph import make_small_kg


# -- a format: one function, one registration --------------------------------------------------
def write_edge_list(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path) as handle:
        handle.writelines(f"{e['source']}\t{e['type']}\t{e['target']}\n" for e in kg.edges())


@pytest.fixture
def edge_list() -> Iterator[None]:
    formats.register(formats.Format("edges", write_edge_list, "one line per edge",
                                    file_name="graph.edges"))
    yield
    formats.unregister("edges")


def test_a_registered_format_is_offered_and_written(edge_list, tmp_path: Path) -> None:
    write_json(make_small_kg(), tmp_path / "graph.json")
    help = CliRunner().invoke(main, ["export", "--help"])
    assert re.search(r"\n  edges +one line per edge\n", help.output) and "gexf" in help.output
    out = tmp_path / "g.edges"
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path), "--format", "edges",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("\t") == 2 * make_small_kg().graph.number_of_edges()  # no tab in a name
    assert "dept:西安市/市科学技术局\tLEADS\tplan:西安市行动方案#1\n" in text


# -- a store: one class, one registration ------------------------------------------------------
class FolderReport(Report):
    def __init__(self, where: str, dataset: str, written: bool) -> None:
        super().__init__(where, dataset)
        self.written = written

    def summary(self) -> str:
        return "written" if self.written else "unchanged"


class FolderStore(Store):
    """Each dataset a node-link JSON file in a folder; queries in SPARQL on pyoxigraph."""

    name = "folder"
    description = "a folder of node-link files, one per dataset"
    language = "sparql"
    settings = (Setting("path", "the folder"),)

    @property
    def where(self) -> str:
        return str(self.options["path"])

    def file(self) -> Path:
        return Path(self.options["path"]) / f"{self.dataset}.json"

    def load(self, kg: KnowledgeGraph, *, prune: bool = False, progress: Any = None) -> Report:
        old = read_json(self.file()) if self.file().exists() else KnowledgeGraph()
        check_prune(len(set(old.graph) - set(kg.graph)), len(old), "nodes", self.dataset, prune)
        changed = old.to_dict() != kg.to_dict()
        if changed:
            write_json(kg, self.file())
        return FolderReport(self.where, self.dataset, changed)

    def select(self, text: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        solutions = oxigraph_store(read_json(self.file())).query(text, substitutions={
            Variable(f"param_{k}"): Literal(v) for k, v in params.items()})
        assert isinstance(solutions, QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: python_value(s[n]) for n in names} for s in solutions]


@pytest.fixture
def folder_store() -> Iterator[None]:
    stores.register(FolderStore)
    yield
    stores.unregister("folder")


def test_a_registered_store_is_offered_loaded_and_queried(folder_store, tmp_path: Path) -> None:
    build, shelf = tmp_path / "build", tmp_path / "shelf"
    shelf.mkdir()
    build.mkdir()
    write_json(make_small_kg(), build / "graph.json")
    runner = CliRunner()
    assert "folder" in runner.invoke(main, ["load", "--help"]).output
    assert "--path" in runner.invoke(main, ["load", "folder", "--help"]).output
    assert "folder" in runner.invoke(main, ["query", "--help"]).output
    load = ["load", "folder", "--graph", str(build), "--path", str(shelf)]
    first = runner.invoke(main, load)
    assert first.output == f"{shelf} dataset 'build': written\n"
    assert runner.invoke(main, load).output == f"{shelf} dataset 'build': unchanged\n"
    assert (shelf / "build.json").exists()
    query = ["query", "department-responsibilities", "--param", "department=市科技局",
             "--backend", "folder", "--path", str(shelf), "--graph", str(build),
             "--format", "json"]
    on_store = runner.invoke(main, query)
    assert on_store.exit_code == 0, on_store.output
    expected = run_query("department-responsibilities", {"department": "市科技局"},
                         kg=make_small_kg()).to_dicts()
    assert json.loads(on_store.output) == expected and len(expected) == 3
    wrong = runner.invoke(main, [*query[:-2], "--uri", "bolt://x"])
    assert wrong.exit_code == 1 and "folder: no setting uri" in wrong.output
