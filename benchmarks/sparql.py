"""The canned SPARQL queries on pyoxigraph against rdflib's default in-memory store.

Generates a large graph (``benchmarks/generate.py``, ≥ 1 million triples by default), writes it
as N-Triples, then, in one child process per store, loads it and runs every canned query once.
Each query runs in a process forked from the loaded store and is killed when it passes the time
limit (``--limit``, seconds); a killed query is reported as ``> LIMIT`` and its speed-up as a
lower bound. Prints load time, peak memory (of the store process and its query processes), the
time of each query on both stores with the speed-up and its geometric mean (goal: ≥ 20×, none
under 5×), and whether both stores returned identical rows.

Parameters are the busiest of the generated graph: the unit with most responsibilities, the
most mentioned entity, the two plans with most tasks.

    python benchmarks/sparql.py [--triples 1000000] [--base DIR] [--limit 30]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from generate import base_graph, count_triples, generate

from policykg.graph import formats
from policykg.graph.kg import KnowledgeGraph
from policykg.queries import CannedQuery, list_queries

STORE: Any = None  # the loaded store of a worker process, inherited by its query processes


def params_for(kg: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Parameters that select the most rows: the unit with most responsibilities, the most
    mentioned entity, the two plans with most tasks."""
    def busiest(edge_types: tuple[str, ...], end: str, n: int = 1) -> list[str]:
        counts = Counter(e[end] for t in edge_types for e in kg.edges(t))
        return [kg.node(id)["name"] for id, _ in counts.most_common(n)]

    plan_a, plan_b = busiest(("HAS_TASK",), "source", 2)
    return {
        "department-responsibilities": {"department": busiest(("LEADS", "SUPPORTS"),
                                                              "source")[0]},
        "entity-plans": {"name": busiest(("MENTIONS",), "target")[0]},
        "shared-actors": {"plan_a": plan_a, "plan_b": plan_b},
    }


def _run_one(query: CannedQuery, params: dict[str, str], store_name: str, conn: Any) -> None:
    from policykg.queries.embedded import query_oxigraph, query_rdflib

    run = query_oxigraph if store_name == "oxigraph" else query_rdflib
    start = time.perf_counter()
    rows = query.sort(run(STORE, query, params))
    conn.send({"seconds": time.perf_counter() - start, "rows": rows})


def timed_query(query: CannedQuery, params: dict[str, str], store_name: str,
                limit: float) -> dict:
    """Run one query in a process forked from this one; None seconds when it passed
    ``limit``."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run_one, args=(query, params, store_name, sender))
    process.start()
    sender.close()
    result = {"seconds": None, "rows": None}
    if receiver.poll(limit):
        try:
            result = receiver.recv()
        except EOFError:  # the query process died (out of memory)
            result = {"seconds": None, "rows": None, "error": "died"}
    process.kill()
    process.join()
    return result


def load(store_name: str, path: str) -> Any:
    if store_name == "oxigraph":
        from pyoxigraph import RdfFormat, Store

        store = Store()
        store.load(path=path, format=RdfFormat.N_TRIPLES)
        return store
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    return graph


def worker(store_name: str, path: str, limit: float, params: dict) -> dict:
    """Load ``path`` into the store and time each query once; runs in a child process."""
    global STORE
    start = time.perf_counter()
    STORE = load(store_name, path)
    report: dict[str, Any] = {"load": time.perf_counter() - start, "queries": {}}
    for query in list_queries():
        report["queries"][query.name] = timed_query(query, params.get(query.name, {}),
                                                    store_name, limit)
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    report["peak_mb"] = peak_kb / 1024
    return report


def run_worker(store_name: str, path: Path, limit: float, params: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", store_name, str(path), "--limit", str(limit),
         "--params", json.dumps(params, ensure_ascii=False)],
        check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def _seconds(value: float | None, limit: float) -> str:
    return f"{value:11.3f}s" if value is not None else f"{'> ' + format(limit, 'g'):>11}s"


def print_report(n: int, reports: dict[str, dict], limit: float) -> bool:
    """Print the comparison; True when both stores returned identical rows wherever both
    finished."""
    ox, rl = reports["oxigraph"], reports["rdflib"]
    print(f"{n:,} triples; one run per query, time limit {limit:g} s")
    print(f"{'':30} {'pyoxigraph':>12} {'rdflib':>12} {'speed-up':>9}   rows  same")
    print(f"{'load (N-Triples)':30} {ox['load']:11.2f}s {rl['load']:11.2f}s "
          f"{rl['load'] / ox['load']:8.1f}×")
    ratios, bounded, same_everywhere = [], False, True
    for name, a in ox["queries"].items():
        b = rl["queries"][name]
        a_time = max(a["seconds"] or limit, 1e-6)
        ratio = (b["seconds"] or limit) / a_time
        bounded |= b["seconds"] is None or a["seconds"] is None
        ratios.append(ratio)
        finished = a["rows"] is not None and b["rows"] is not None
        same = "yes" if finished and a["rows"] == b["rows"] else "NO" if finished else "—"
        same_everywhere &= same != "NO"
        mark = ">" if b["seconds"] is None else " "
        rows = len(a["rows"]) if a["rows"] is not None else "—"
        print(f"{name:30} {_seconds(a['seconds'], limit)} {_seconds(b['seconds'], limit)} "
              f"{mark}{ratio:7.1f}× {rows:>6}  {same}")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"{'geometric mean speed-up':30} {'':12} {'':12} {'>' if bounded else ' '}"
          f"{geomean:7.1f}×  (goal ≥ 20×; lowest {min(ratios):.1f}×, goal ≥ 5×)")
    print(f"{'peak memory':30} {ox['peak_mb']:10.0f}MB {rl['peak_mb']:10.0f}MB")
    return same_everywhere


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--base", help="folder of a build to replicate")
    parser.add_argument("--limit", type=float, default=30.0,
                        help="seconds a query may run before it is killed")
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "NT_FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker, args.limit, json.loads(args.params)),
                         ensure_ascii=False))
        return 0
    base, what = base_graph(args.base)
    kg = generate(args.triples, base)
    params = params_for(kg)
    with tempfile.TemporaryDirectory() as tmp:
        path = formats.write(kg, "nt", Path(tmp) / "graph.nt")
        print(f"base: {what}; {len(kg):,} nodes; parameters: {params}", flush=True)
        reports = {s: run_worker(s, path, args.limit, params) for s in ("oxigraph", "rdflib")}
    return 0 if print_report(count_triples(kg), reports, args.limit) else 1


if __name__ == "__main__":
    sys.exit(main())
