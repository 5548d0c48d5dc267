"""SHACL validation: the good graph conforms, broken graphs fail with the right violation."""

from __future__ import annotations

import json

import rdflib
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.io import write_json
from policykg.graph.rdflib_form import rdflib_graph
from policykg.graph.validate import validate_graph, validate_rdf

from testkit.small_graph import make_small_kg

PKG = rdflib.Namespace("https://w3id.org/policykg/ns#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


def paths(report) -> set[str]:
    return {v.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in report.violations}


def test_the_small_graph_conforms():
    report = validate_graph(make_small_kg())
    assert report.conforms, report.text
    assert report.violations == ()


def test_a_responsibility_without_agent_or_span_fails():
    graph = rdflib_graph(make_small_kg())
    stmt = next(graph.subjects(rdflib.RDF.type, PKG.Responsibility))
    graph.remove((stmt, PROV.agent, None))
    graph.remove((stmt, PKG.start, None))
    graph.add((stmt, PKG.quote, rdflib.Literal(42)))
    report = validate_rdf(graph)
    assert not report.conforms
    assert {"agent", "start", "quote"} <= paths(report)


def test_a_label_without_language_and_an_orphan_task_fail():
    graph = rdflib_graph(make_small_kg())
    task = next(graph.subjects(rdflib.RDF.type, PKG.Task))
    graph.remove((None, PKG.hasTask, task))
    company = next(graph.subjects(rdflib.RDF.type, PKG.Company))
    graph.set((company, SKOS.prefLabel, rdflib.Literal("华为")))
    report = validate_rdf(graph)
    assert not report.conforms
    assert {str(task), str(company)} <= {v.focus for v in report.violations}


def test_an_unqualified_responsibility_fails():
    graph = rdflib_graph(make_small_kg())
    stmt = next(graph.subjects(PROV.hadRole, PKG.LeadRole))
    task = next(graph.subjects(PROV.qualifiedAssociation, stmt))
    graph.remove((task, PROV.qualifiedAssociation, stmt))
    graph.remove((stmt, None, None))
    report = validate_rdf(graph)
    assert not report.conforms
    assert any("has no qualified node" in v.message for v in report.violations)


def test_cli_validate_passes_a_good_build_and_fails_a_broken_one(tmp_path):
    runner = CliRunner()
    write_json(make_small_kg(), tmp_path / "graph.json")
    good = runner.invoke(main, ["validate", "--graph", str(tmp_path)])
    assert good.exit_code == 0, good.output
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    lead = next(e for e in data["edges"] if e["type"] == "LEADS")
    lead["target"] = lead["plan"]  # a unit that "leads" a plan, not a task
    (tmp_path / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = runner.invoke(main, ["validate", "--graph", str(tmp_path)])
    assert bad.exit_code == 1
    assert "SHACL violation" in bad.output
