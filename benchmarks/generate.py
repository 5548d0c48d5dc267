"""A large graph for benchmarks: a base graph replicated with varied names.

The base is a build (``--base DIR`` with a graph.json), else the bundled corpus built now. The
copies are made by ``testkit.small_graph.replicate`` (tests/testkit): copy ``k`` of the base is
another set of plans, tasks, units, places and platforms whose names carry the tag ``·k``, with
universities, institutes, companies and industries shared by several copies.

    python benchmarks/generate.py --triples 1000000 --out /tmp/big   # writes graph.json
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)

from policykg.graph.build import build
from policykg.graph.io import read_graph, write_json
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import triples

from testkit.small_graph import SHARE, replicate


def base_graph(graph_dir: str | Path | None = None) -> tuple[KnowledgeGraph, str]:
    """The graph to replicate and a few words saying which it is."""
    if graph_dir:
        return read_graph(graph_dir), f"the build in {graph_dir}"
    return build(None, on_problem=lambda problem: None), "the bundled corpus"


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
