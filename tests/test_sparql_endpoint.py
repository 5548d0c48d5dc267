"""Pushing to and querying a real Oxigraph server, started and stopped by this module: canned
queries and hostile values on the server, and incremental pushes (one changed document, nothing
changed, a push interrupted after any request, a damaged manifest, full pushes) compared triple
for triple with a clean push."""

from __future__ import annotations

import shutil
import urllib.request
import uuid

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from policykg.cli import main
from policykg.corpus import CORPUS_DIR
from policykg.graph.build import build
from policykg.graph.io import write_json
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import SKOS, graph_iri, node_iri, triples
from policykg.queries import run_query
from policykg.stores.sparql.http import EndpointError, query_url, select, update
from policykg.stores.sparql.push import (
    DIGEST,
    STAGING_SUFFIX,
    Progress,
    manifest_iri,
    push_graph,
    subject_entries,
)

from testkit.edits import DOCUMENTS, EDITED, edit_document
from testkit.small_graph import CASE_IDS, CASES, HOSTILE, HOSTILE_VALUES, make_small_kg

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <%s>) }"
X, C = "plan:西安市行动方案", "plan:成都市实施意见"

@pytest.fixture(scope="module")
def pushed(oxigraph_url) -> str:
    """The small graph pushed to the server's default named graph; yields the query URL."""
    push_graph(make_small_kg(), f"{oxigraph_url}/update", batch_size=50)
    return f"{oxigraph_url}/query"


def count(query_url: str, graph: str) -> int:
    return select(query_url, COUNT % graph)[0]["n"]


def stored(oxigraph_url: str, graph: str) -> set[Triple]:
    """Every triple of ``graph`` on the server (a CONSTRUCT, read as N-Triples)."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        f"{oxigraph_url}/query", data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        return {quad.triple for quad in parse(response.read(), RdfFormat.N_TRIPLES)}


def expected_manifest(kg: KnowledgeGraph) -> set[Triple]:
    return {Triple(NamedNode(s), DIGEST, Literal(e.digest))
            for s, e in subject_entries(kg).items()}


def assert_pushed(oxigraph_url: str, graph: str, kg: KnowledgeGraph) -> None:
    """``graph`` holds exactly the triples of ``kg`` and its manifest exactly their digests."""
    assert stored(oxigraph_url, graph) == set(triples(kg))
    assert stored(oxigraph_url, manifest_iri(graph)) == expected_manifest(kg)


def new_graph() -> str:
    return f"https://example.org/push/{uuid.uuid4().hex}"


# -- queries on the server ------------------------------------------------------------------
@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=CASE_IDS)
def test_canned_query_on_the_server_matches_the_embedded_store(pushed, name, params, expected):
    on_server = run_query(name, params, endpoint=pushed, graph_iri=graph_iri())
    assert on_server.rows == expected
    assert on_server.rows == run_query(name, params, kg=make_small_kg()).rows


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_parameters_on_the_server_match_exactly_or_nothing(pushed, value):
    expected = [(HOSTILE, "SUPPORTS", "责任单位", "成都市实施意见",
                 "推动新一代人工智能创新应用平台建设", "［牵头单位：市科技局；责任单位：" + HOSTILE + "］")]
    rows = run_query("department-responsibilities", {"department": value}, endpoint=pushed,
                     graph_iri=graph_iri()).rows
    assert rows == (expected if value == HOSTILE else [])
    assert run_query("entity-plans", {"name": value}, endpoint=pushed,
                     graph_iri=graph_iri()).rows == []


def test_an_update_smuggled_in_a_parameter_is_only_data(pushed):
    value = '"}} ; DROP ALL ; SELECT * WHERE {{ "'
    assert run_query("entity-plans", {"name": value}, endpoint=pushed,
                     graph_iri=graph_iri()).rows == []
    assert count(pushed, graph_iri()) == len(list(triples(make_small_kg())))


def test_a_repush_never_duplicates_and_leaves_no_staging_graph(oxigraph_url, pushed):
    kg = make_small_kg()
    n = len(list(triples(kg)))
    assert count(pushed, graph_iri()) == n
    assert push_graph(kg, f"{oxigraph_url}/update", batch_size=7).triples_unchanged == n
    assert push_graph(kg, f"{oxigraph_url}/update", batch_size=7,
                      full=True).triples_inserted == n
    assert count(pushed, graph_iri()) == n
    graphs = {row["g"] for row in select(pushed, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert {graph_iri(), manifest_iri(graph_iri())} <= graphs  # the server serves other tests too
    assert not [g for g in graphs if g.endswith(STAGING_SUFFIX)]


def test_a_smaller_graph_replaces_a_larger_one(oxigraph_url):
    other = new_graph()
    kg = make_small_kg()
    push_graph(kg, f"{oxigraph_url}/update", graph_iri=other)
    kg.remove_nodes(["company:华为"])
    report = push_graph(kg, f"{oxigraph_url}/update", graph_iri=other)
    assert count(f"{oxigraph_url}/query", other) == len(list(triples(kg)))
    assert report.triples_deleted > report.triples_inserted
    assert_pushed(oxigraph_url, other, kg)
    rows = run_query("companies-by-plan", endpoint=f"{oxigraph_url}/query", graph_iri=other)
    assert rows.rows == []


def test_unreachable_or_failing_server_is_a_clear_error(oxigraph_url):
    with pytest.raises(EndpointError, match="cannot reach"):
        select("http://127.0.0.1:1/query", "ASK {}")
    with pytest.raises(EndpointError, match="HTTP 400"):
        select(f"{oxigraph_url}/query", "SELECT WHERE {")
    with pytest.raises(EndpointError, match="cannot reach"):
        push_graph(make_small_kg(), "http://127.0.0.1:1/update")
    result = CliRunner().invoke(main, ["query", "plan-summary", "--endpoint",
                                       "http://127.0.0.1:1/query"])
    assert result.exit_code == 1
    assert "cannot reach the server" in result.output


def test_the_query_url_is_found_next_to_the_update_url():
    assert query_url("http://h:7878/update") == "http://h:7878/query"
    assert query_url("http://h:3030/ds/update?x=1") == "http://h:3030/ds/query?x=1"
    assert query_url("http://h:7200/repositories/kg/statements") == \
        "http://h:7200/repositories/kg"
    assert query_url("http://h:8890/sparql") == "http://h:8890/sparql"


# -- incremental pushes of a rebuilt corpus -------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, KnowledgeGraph]:
    """Builds of three documents before and after one of them (:data:`EDITED`) was edited (a
    unit of an annotation changed, a task deleted), and of that document alone, both ways."""
    root = tmp_path_factory.mktemp("corpus")
    for name in ("before", "after"):
        (root / name).mkdir()
        for document in DOCUMENTS:
            shutil.copy(CORPUS_DIR / document, root / name)
    edit_document(root / "after" / EDITED)
    quiet = {"on_problem": lambda problem: None}
    return {"before": build([root / "before"], **quiet), "after": build([root / "after"], **quiet),
            "document before": build([root / "before" / EDITED], **quiet),
            "document after": build([root / "after" / EDITED], **quiet)}


def test_a_changed_document_rewrites_only_its_own_subjects(oxigraph_url, corpus):
    before, after = corpus["before"], corpus["after"]
    assert {n["name"] for n in after.nodes("Department")} - \
        {n["name"] for n in before.nodes("Department")} == {"成都市商务局"}
    assert len(list(after.nodes("Task"))) == len(list(before.nodes("Task"))) - 1
    graph, clean = new_graph(), new_graph()
    update_url = f"{oxigraph_url}/update"
    assert push_graph(before, update_url, graph_iri=graph).full
    report = push_graph(after, update_url, graph_iri=graph)
    assert not report.full
    assert push_graph(after, update_url, graph_iri=clean).full
    assert stored(oxigraph_url, graph) == stored(oxigraph_url, clean) == set(triples(after))
    assert stored(oxigraph_url, manifest_iri(graph)) == \
        stored(oxigraph_url, manifest_iri(clean)) == expected_manifest(after)

    # Only subjects of the edited document were written: those of its own build, before and
    # after, whose triples in the whole builds bound what the push could write.
    old, new = subject_entries(before), subject_entries(after)
    document = set(subject_entries(corpus["document before"])) | \
        set(subject_entries(corpus["document after"]))
    bound = sum(old[s].triples for s in document if s in old) + \
        sum(new[s].triples for s in document if s in new)
    total = sum(e.triples for e in old.values()) + sum(e.triples for e in new.values())
    assert 0 < report.triples_inserted + report.triples_deleted <= bound < total / 2
    untouched = [s for s in new if s not in document]
    assert report.subjects_unchanged >= len(untouched) > 0
    assert report.subjects_unchanged + report.subjects_inserted == len(new)
    assert report.triples_inserted == sum(new[s].triples for s in new) - report.triples_unchanged


def test_pushing_the_same_build_again_writes_nothing(oxigraph_url, corpus):
    graph = new_graph()
    push_graph(corpus["after"], f"{oxigraph_url}/update", graph_iri=graph)
    requests: list[str] = []
    report = push_graph(corpus["after"], f"{oxigraph_url}/update", graph_iri=graph,
                        progress=lambda step, done: requests.append(step))
    assert requests == []
    assert (report.full, report.subjects_inserted, report.triples_inserted,
            report.subjects_deleted, report.triples_deleted) == (False, 0, 0, 0, 0)
    assert report.triples_unchanged == len(list(triples(corpus["after"])))
    assert_pushed(oxigraph_url, graph, corpus["after"])


def test_full_pushes_when_asked_or_when_the_target_has_no_manifest(oxigraph_url, corpus):
    graph, update_url = new_graph(), f"{oxigraph_url}/update"
    foreign = ("<https://example.org/other-tool> <https://example.org/says> \"hello\" .\n"
               "<https://w3id.org/policykg/id/place:西安市> <https://example.org/says> \"x\" .")
    update(update_url, f"INSERT DATA {{ GRAPH <{graph}> {{ {foreign} }} }}")
    report = push_graph(corpus["before"], update_url, graph_iri=graph)
    assert report.full and (report.subjects_deleted, report.triples_deleted) == (2, 2)
    assert_pushed(oxigraph_url, graph, corpus["before"])  # what the manifest lacked is gone

    again = push_graph(corpus["after"], update_url, graph_iri=graph, full=True)
    assert again.full and again.triples_unchanged == 0
    assert again.triples_deleted == len(list(triples(corpus["before"])))
    assert again.triples_inserted == len(list(triples(corpus["after"])))
    assert_pushed(oxigraph_url, graph, corpus["after"])

    update(update_url, f"DROP GRAPH <{manifest_iri(graph)}>")  # as an older version left it
    assert push_graph(corpus["after"], update_url, graph_iri=graph).reason == \
        "no manifest on the server"
    assert_pushed(oxigraph_url, graph, corpus["after"])

    update(update_url, f"DROP GRAPH <{graph}>")  # the manifest stays and no longer tells true
    assert push_graph(corpus["after"], update_url, graph_iri=graph).reason == \
        "the target did not match its manifest"
    assert_pushed(oxigraph_url, graph, corpus["after"])


# -- failures half way -----------------------------------------------------------------------
class Interrupted(Exception):
    """Raised between two requests of a push."""


def edited_small_kg() -> KnowledgeGraph:
    """The small graph after plan C's document changed: its hostile-named department supports
    with another hostile quote, 华为 is no longer mentioned (and leaves the graph), a task C#2
    comes in."""
    kg = make_small_kg()
    kg.remove_nodes(["company:华为"])
    kg.graph.edges["dept:成都市/" + HOSTILE, f"{C}#1", "SUPPORTS"]["quote"] = HOSTILE[::-1]
    kg.add_node(f"{C}#2", "Task", "建设平台", plan=C, number="2", title="建设平台",
                text=HOSTILE, file="004.txt", start=300, end=340)
    kg.add_edge(C, f"{C}#2", "HAS_TASK")
    return kg


def interrupt_after(n: int, steps: list[str]) -> Progress:
    """A progress callback that adds each request's step to ``steps`` and raises
    :class:`Interrupted` after the ``n``-th request."""
    def progress(step: str, done: int) -> None:
        steps.append(step)
        if len(steps) == n:
            raise Interrupted(step)

    return progress


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
@pytest.mark.parametrize("repush", ["edited", "reverted"])
def test_a_push_interrupted_after_any_request_is_repaired_by_the_next(oxigraph_url, full,
                                                                      repush):
    """The edited graph's push stops after its 1st, 2nd … request; then a push of the edited
    graph, or of the original one (the edit reverted), gives exactly what a clean push does."""
    original, edited = make_small_kg(), edited_small_kg()
    again = edited if repush == "edited" else original
    update_url = f"{oxigraph_url}/update"
    interrupted_at = []
    for n in range(1, 100):
        graph, steps = new_graph(), []
        push_graph(original, update_url, graph_iri=graph)
        try:
            push_graph(edited, update_url, graph_iri=graph, batch_size=20, full=full,
                       progress=interrupt_after(n, steps))
        except Interrupted:
            interrupted_at.append(steps[-1])
        else:
            break
        repaired = push_graph(again, update_url, graph_iri=graph)
        # A full push stopped before its last request (the MOVE) leaves no manifest.
        assert repaired.full == (full and steps[-1] != "move")
        assert_pushed(oxigraph_url, graph, again)
    expected = ["drop manifest", "staging", "manifest", "move"] if full else \
        ["clear", "insert", "manifest"]
    assert sorted(set(interrupted_at), key=expected.index) == expected
    assert len(interrupted_at) == len(steps) >= 6


def test_a_manifest_damaged_by_hand_is_repaired(oxigraph_url):
    graph, update_url = new_graph(), f"{oxigraph_url}/update"
    kg = edited_small_kg()
    push_graph(kg, update_url, graph_iri=graph)
    manifest = NamedNode(manifest_iri(graph))
    hostile, plan = NamedNode(node_iri("dept:成都市/" + HOSTILE)), NamedNode(node_iri(C))
    update(update_url,  # an entry lost; two entries, and a triple lost; an entry of nothing
           f"DELETE WHERE {{ GRAPH {manifest} {{ {hostile} ?p ?d }} }} ;\n"
           f"DELETE WHERE {{ GRAPH {manifest} {{ {plan} ?p ?d }} }} ;\n"
           f"DELETE WHERE {{ GRAPH <{graph}> {{ {plan} <{SKOS}prefLabel> ?o }} }} ;\n"
           f"INSERT DATA {{ GRAPH {manifest} {{ {plan} {DIGEST} \"0\" , \"1\" . "
           f"<https://example.org/gone> {DIGEST} \"2\" }} }}")
    report = push_graph(kg, update_url, graph_iri=graph)
    assert not report.full
    assert (report.subjects_inserted, report.subjects_deleted) == (2, 2)
    assert_pushed(oxigraph_url, graph, kg)


# -- the command ----------------------------------------------------------------------------
def test_cli_push_and_query_on_the_server(oxigraph_url, tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    graph = new_graph()
    runner = CliRunner()
    command = ["push", "sparql", "--endpoint", f"{oxigraph_url}/update", "--graph-iri", graph,
               "--graph", str(tmp_path)]
    n, subjects = len(list(triples(make_small_kg()))), len(subject_entries(make_small_kg()))
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    assert first.output == (f"{oxigraph_url}/update <{graph}> dataset {tmp_path.name!r}: "
                            "full push (no manifest on the "
                            f"server): {subjects} subjects ({n} triples) inserted, 0 subjects "
                            f"(0 triples) deleted, 0 subjects (0 triples) unchanged\n")
    second = runner.invoke(main, command)
    assert f"incremental push: 0 subjects (0 triples) inserted, 0 subjects (0 triples) " \
        f"deleted, {subjects} subjects ({n} triples) unchanged" in second.output
    full = runner.invoke(main, [*command, "--full", "--query-endpoint", f"{oxigraph_url}/query"])
    assert f"full push (asked for): {subjects} subjects ({n} triples) inserted, {subjects} " \
        f"subjects ({n} triples) deleted" in full.output
    result = runner.invoke(main, ["query", "department-responsibilities", "--param",
                                  f"department={HOSTILE}", "--endpoint",
                                  f"{oxigraph_url}/query", "--graph-iri", graph,
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"role": "SUPPORTS"' in result.output
