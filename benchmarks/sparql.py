"""The canned SPARQL queries on pyoxigraph against rdflib's default in-memory store.

Generates a large graph (``benchmarks/generate.py``, ≥ 1 million triples by default), writes it
as N-Triples, then loads it and times every canned query in two child processes, one per store,
so that each reports its own load time and peak memory. Prints the two side by side with the
speed-up per query and its geometric mean (goal: ≥ 20×, none under 5×), and checks that both
stores return identical rows.

    python benchmarks/sparql.py [--triples 1000000] [--base DIR] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from generate import base_graph, count_triples, generate

from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import write_rdf
from policykg.queries import list_queries


def params_for(base: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Parameters that select real rows: names from the base (copy 0 keeps them) — the unit
    with most responsibilities, the most mentioned entity, the two plans with most tasks."""
    def busiest(edge_types: tuple[str, ...], end: str) -> str:
        counts = Counter(e[end] for t in edge_types for e in base.edges(t))
        return base.node(counts.most_common(1)[0][0])["name"]

    tasks = Counter(e["source"] for e in base.edges("HAS_TASK")).most_common(2)
    plans = [base.node(p)["name"] for p, _ in tasks] * 2  # one plan: shared with itself
    return {
        "department-responsibilities": {"department": busiest(("LEADS", "SUPPORTS"), "source")},
        "entity-plans": {"name": busiest(("MENTIONS",), "target")},
        "shared-actors": {"plan_a": plans[0], "plan_b": plans[1]},
    }


def worker(store_name: str, path: str, repeat: int, params: dict) -> dict:
    """Load ``path`` into the store and time each query; runs in a child process."""
    from policykg.queries.sparql_backend import query_oxigraph, query_rdflib

    start = time.perf_counter()
    if store_name == "oxigraph":
        from pyoxigraph import RdfFormat, Store

        store = Store()
        store.load(path=path, format=RdfFormat.N_TRIPLES)
        run = query_oxigraph
    else:
        import rdflib

        store = rdflib.Graph()
        store.parse(path, format="nt")
        run = query_rdflib
    report = {"load": time.perf_counter() - start, "queries": {}}
    for query in list_queries():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = run(store, query, params.get(query.name, {}))
            times.append(time.perf_counter() - start)
        report["queries"][query.name] = {"seconds": min(times), "rows": query.sort(rows)}
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def run_worker(store_name: str, path: Path, repeat: int, params: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", store_name, str(path), "--repeat", str(repeat),
         "--params", json.dumps(params, ensure_ascii=False)],
        check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def print_report(n: int, reports: dict[str, dict]) -> bool:
    """Print the comparison; True when both stores returned identical rows everywhere."""
    ox, rl = reports["oxigraph"], reports["rdflib"]
    print(f"{n:,} triples")
    print(f"{'':30} {'pyoxigraph':>12} {'rdflib':>12} {'speed-up':>9}  rows  same")
    print(f"{'load (N-Triples)':30} {ox['load']:11.2f}s {rl['load']:11.2f}s "
          f"{rl['load'] / ox['load']:8.1f}×")
    ratios, same_everywhere = [], True
    for name, a in ox["queries"].items():
        b = rl["queries"][name]
        ratio = b["seconds"] / max(a["seconds"], 1e-9)
        ratios.append(ratio)
        same = a["rows"] == b["rows"]
        same_everywhere &= same
        print(f"{name:30} {a['seconds']:11.4f}s {b['seconds']:11.4f}s {ratio:8.1f}× "
              f"{len(a['rows']):5} {'yes' if same else 'NO'}")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"{'geometric mean speed-up':30} {'':12} {'':12} {geomean:8.1f}×  "
          f"(goal ≥ 20×; lowest {min(ratios):.1f}×, goal ≥ 5×)")
    print(f"{'peak memory (process)':30} {ox['peak_mb']:10.0f}MB {rl['peak_mb']:10.0f}MB")
    return same_everywhere


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--base", help="folder of a build to replicate")
    parser.add_argument("--repeat", type=int, default=2, help="runs per query; the best counts")
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "NT_FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker, args.repeat, json.loads(args.params)),
                         ensure_ascii=False))
        return 0
    base, what = base_graph(args.base)
    kg = generate(args.triples, base)
    params = params_for(base)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_rdf(kg, tmp, "nt")
        print(f"base: {what}; {len(kg):,} nodes; parameters: {params}")
        reports = {s: run_worker(s, path, args.repeat, params) for s in ("oxigraph", "rdflib")}
    return 0 if print_report(count_triples(kg), reports) else 1


if __name__ == "__main__":
    sys.exit(main())
