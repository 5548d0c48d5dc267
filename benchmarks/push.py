"""Pushing a 10× corpus to a SPARQL server: full, incremental after one file changed, nothing
changed.

Generates ``--copies`` varied copies of the corpus (``benchmarks/scale.py``), builds them with a
cache, starts an Oxigraph server on a temporary folder (as the tests do) and times four pushes
to one named graph:

1. a first push: the server has no manifest, so it is full;
2. after one file was edited (a unit of an annotation changed, a task deleted: the edit of
   ``tests/testkit/edits.py``) and the corpus rebuilt: an incremental push;
3. the same build again: nothing to write;
4. the same build with ``full=True``: what every push cost before pushes were incremental
   (drop the manifest, staging graphs, ``MOVE`` over the target).

Prints, per push, wall seconds, update requests and triples inserted, deleted and unchanged,
with its time and its triples written as a share of push 4; then checks that the graph on the
server equals the build. Build times are printed apart and not part of any push.

    python benchmarks/push.py [--copies 10] [--workers 2] [--batch-size 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)
from scale import generate

from policykg.graph.build import build
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import graph_iri
from policykg.stores.sparql.http import select
from policykg.stores.sparql.push import BATCH_SIZE, PushReport, push_graph

from testkit.edits import EDITED, edit_document
from testkit.oxigraph import oxigraph_server

HEADER = (f"{'push':<32} {'wall s':>7} {'requests':>8} {'inserted':>9} {'deleted':>9} "
          f"{'unchanged':>9} {'time/full':>9} {'written/full':>12}")


def timed_build(corpus: Path, cache: Path, workers: int) -> KnowledgeGraph:
    start = time.perf_counter()
    kg = build([corpus], workers=workers, cache_dir=cache, on_problem=lambda problem: None)
    print(f"built {corpus.name} in {time.perf_counter() - start:.1f} s: {len(kg)} nodes, "
          f"{kg.graph.number_of_edges()} edges", flush=True)
    return kg


def timed_push(kg: KnowledgeGraph, url: str, batch_size: int,
               full: bool = False) -> tuple[PushReport, float, int]:
    """The report, wall seconds and update requests of one push."""
    requests: list[str] = []
    start = time.perf_counter()
    report = push_graph(kg, f"{url}/update", batch_size=batch_size, full=full,
                        progress=lambda step, done: requests.append(step))
    return report, time.perf_counter() - start, len(requests)


def row(name: str, report: PushReport, seconds: float, requests: int,
        reference: tuple[PushReport, float]) -> str:
    full, full_seconds = reference
    written = report.triples_inserted + report.triples_deleted
    return (f"{name:<32} {seconds:>7.2f} {requests:>8} {report.triples_inserted:>9} "
            f"{report.triples_deleted:>9} {report.triples_unchanged:>9} "
            f"{seconds / full_seconds:>9.3f} "
            f"{written / (full.triples_inserted + full.triples_deleted):>12.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus, cache = root / f"corpus-{args.copies}x", root / "cache"
        megabytes = generate(args.copies, corpus)
        print(f"{args.copies}× corpus: {megabytes:.1f} MB", flush=True)
        before = timed_build(corpus, cache, args.workers)
        edited = sorted(corpus.glob(f"*_{EDITED}"))[-1]
        with oxigraph_server(root / "oxigraph") as url:
            runs = [("first push (no manifest: full)", *timed_push(before, url, args.batch_size))]
            edit_document(edited)
            print(f"edited {edited.name}", flush=True)
            after = timed_build(corpus, cache, args.workers)
            runs.append(("one file changed", *timed_push(after, url, args.batch_size)))
            runs.append(("nothing changed", *timed_push(after, url, args.batch_size)))
            runs.append(("full=True, same build", *timed_push(after, url, args.batch_size,
                                                              full=True)))
            stored = select(f"{url}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "
                            f"<{graph_iri()}> {{ ?s ?p ?o }} }}")[0]["n"]
        reference = runs[-1][1], runs[-1][2]
        print()
        print(HEADER)
        for name, report, seconds, requests in runs:
            print(row(name, report, seconds, requests, reference))
        total = runs[-1][1].triples_inserted
        print(f"\nserver graph: {stored} triples, build: {total} "
              f"({'equal' if stored == total else 'DIFFERENT'})")


if __name__ == "__main__":
    main()
