"""A large graph for benchmarks: a base graph replicated with varied names.

The base is a build (``--base DIR`` with a graph.json), else the bundled corpus built now, else,
if that build fails, the tests' small graph. Copy ``k`` of the base is another set of plans,
tasks, units, places and platforms whose ids and names carry the tag ``·k`` (copy 0 keeps the
base names, so queries written for the base still find it); universities, institutes,
companies and industries come from a shared pool, one pool variant per ``SHARE`` copies, so that
an entity is mentioned by the plans of many copies as in a real corpus.

    python benchmarks/generate.py --triples 1000000 --out /tmp/big   # writes graph.json
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from policykg.graph.io import read_graph, write_json
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import triples

SHARED_TYPES = ("University", "Institute", "Company", "Industry")
SHARE = 10


def base_graph(graph_dir: str | Path | None = None) -> tuple[KnowledgeGraph, str]:
    """The graph to replicate and a few words saying which it is."""
    if graph_dir:
        return read_graph(graph_dir), f"the build in {graph_dir}"
    from policykg.graph.build import build

    try:
        return build(None, on_problem=lambda problem: None), "the bundled corpus"
    except Exception as error:  # the build is work in progress; any failure falls back
        from policykg.tests.conftest import make_small_kg

        return make_small_kg(), f"the tests' small graph (building the corpus failed: {error})"


def _tag(k: int) -> str:
    return f"·{k}" if k else ""


def _variant(node: dict, copy: int) -> int:
    return copy // SHARE if node["type"] in SHARED_TYPES else copy


def _renamed(kg: KnowledgeGraph, id: str, k: int) -> str:
    """The id of node ``id`` in variant ``k``; a task keeps its ``#n`` after its plan's id."""
    plan, sep, number = id.partition("#")
    if sep and kg.node(id)["type"] == "Task":
        return f"{plan}{_tag(k)}#{number}"
    return id + _tag(k)


def replicate(base: KnowledgeGraph, copies: int) -> KnowledgeGraph:
    """``copies`` copies of ``base`` in one graph, names varied as the module says."""
    out = KnowledgeGraph()
    nodes = list(base.nodes())
    edges = list(base.edges())
    for copy in range(copies):
        ids = {}
        for node in nodes:
            k = _variant(node, copy)
            ids[node["id"]] = new = _renamed(base, node["id"], k)
            if new in out:
                continue
            props = {key: value for key, value in node.items()
                     if key not in ("id", "type", "name", "aliases")}
            if "plan" in props:
                props["plan"] = _renamed(base, props["plan"], copy)
            out.add_node(new, node["type"], node["name"] + _tag(k),
                         [a + _tag(k) for a in node.get("aliases", ())], **props)
        for edge in edges:
            props = {key: value for key, value in edge.items()
                     if key not in ("source", "target", "type")}
            if "plan" in props:
                props["plan"] = ids.get(props["plan"], props["plan"])
            out.add_edge(ids[edge["source"]], ids[edge["target"]], edge["type"], **props)
    return out


def count_triples(kg: KnowledgeGraph) -> int:
    return sum(1 for _ in triples(kg))


def generate(min_triples: int, base: KnowledgeGraph) -> KnowledgeGraph:
    """Enough copies of ``base`` to reach ``min_triples`` RDF triples."""
    copies = max(1, math.ceil(min_triples * SHARE / count_triples(replicate(base, SHARE))))
    while True:
        kg = replicate(base, copies)
        if count_triples(kg) >= min_triples:
            return kg
        copies = math.ceil(copies * 1.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--base", help="folder of a build to replicate")
    parser.add_argument("--out", required=True, help="folder to write graph.json into")
    args = parser.parse_args(argv)
    base, what = base_graph(args.base)
    kg = generate(args.triples, base)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    write_json(kg, Path(args.out) / "graph.json")
    print(f"base: {what}; {len(kg)} nodes written to {args.out}/graph.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
