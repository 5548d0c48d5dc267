"""A graph for network analysis tools: GEXF for Gephi (the whole graph), and the department
networks of :mod:`policykg.viz.stats`: ``matrix`` (a folder with ``co-responsibility.csv``,
department × department shared-task counts whose diagonal is each department's own task count,
and ``incidence.csv``, department × task 0/1), ``ucinet`` (the co-responsibility matrix as a DL
file) and ``pajek`` (the co-responsibility network as a .net file); and ``reuse-matrix``, the
plan × plan counts of shared passages (:func:`policykg.viz.stats.reuse_matrix`) as CSV.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from policykg.graph.atomic import atomic_write
from policykg.graph.io import to_graphml_graph
from policykg.graph.kg import KnowledgeGraph
from policykg.viz.stats import co_responsibility, incidence, reuse_matrix

# GEXF reserves these attribute names (edge type, time interval, label); ours are renamed.
GEXF_RENAMES = {"type": "kind", "start": "span_start", "end": "span_end", "label": "role"}


def write_gexf(kg: KnowledgeGraph, path: Path) -> None:
    """GEXF for Gephi: node label = name; list properties as JSON strings."""
    flat = to_graphml_graph(kg)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from((n, {"label": d["name"], **_renamed(d)})
                         for n, d in flat.nodes(data=True))
    # (u, v, key, data): a MultiGraph's form of an edge, which networkx's stubs lack
    graph.add_edges_from((s, t, k, _renamed(d))  # type: ignore[misc]
                         for s, t, k, d in flat.edges(keys=True, data=True))
    with atomic_write(path, "wb") as handle:
        nx.write_gexf(graph, handle)


def _renamed(data: dict) -> dict:
    return {GEXF_RENAMES.get(k, k): v for k, v in data.items()}


def write_matrices(kg: KnowledgeGraph, folder: Path) -> None:
    """``co-responsibility.csv`` and ``incidence.csv`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    inc = incidence(kg)
    labels = [inc.labels[d] for d in inc.departments]
    tasks_of = {d: {t for dd, t in inc.pairs if dd == d} for d in inc.departments}
    shared = [[len(tasks_of[a] & tasks_of[b]) for b in inc.departments] for a in inc.departments]
    _write_csv(folder / "co-responsibility.csv", ["department", *labels],
               ([label, *row] for label, row in zip(labels, shared, strict=True)))
    _write_csv(folder / "incidence.csv", ["department", *(inc.labels[t] for t in inc.tasks)],
               ([inc.labels[d], *(int(t in tasks_of[d]) for t in inc.tasks)]
                for d in inc.departments))


def write_reuse_matrix(kg: KnowledgeGraph, path: Path) -> None:
    """The plans that share passages, one row and one column each: the cell of row A and column
    B counts the pairs of passages by which A reuses B (A is the later plan) or is similar to
    B (no direction: counted both ways)."""
    matrix = reuse_matrix(kg)
    labels = [matrix.labels[p] for p in matrix.plans]
    _write_csv(path, ["plan", *labels],
               ([matrix.labels[a], *(matrix.counts[a][b] if a in matrix.counts else 0
                                     for b in matrix.plans)]
                for a in matrix.plans))


def _write_csv(path: Path, header: list[str], rows) -> None:
    with atomic_write(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_ucinet(kg: KnowledgeGraph, path: Path) -> None:
    """The co-responsibility network as a UCINET DL full matrix with embedded labels."""
    graph = co_responsibility(kg)
    nodes = list(graph)
    matrix = nx.to_numpy_array(graph, nodelist=nodes, weight="weight").astype(int)
    with atomic_write(path) as handle:
        handle.write(f"DL N={len(nodes)}\nFORMAT = FULLMATRIX DIAGONAL PRESENT\nLABELS:\n")
        handle.write(",".join(_quoted(graph.nodes[n]["label"]) for n in nodes) + "\n")
        handle.write("DATA:\n")
        handle.writelines(" ".join(str(v) for v in row) + "\n" for row in matrix)


def write_pajek(kg: KnowledgeGraph, path: Path) -> None:
    """The co-responsibility network as a Pajek .net file (``*Edges`` with weights)."""
    graph = co_responsibility(kg)
    number = {n: i for i, n in enumerate(graph, start=1)}
    with atomic_write(path) as handle:
        handle.write(f"*Vertices {len(number)}\n")
        handle.writelines(f"{i} {_quoted(graph.nodes[n]['label'])}\n" for n, i in number.items())
        handle.write("*Edges\n")
        handle.writelines(f"{number[a]} {number[b]} {data['weight']}\n"
                          for a, b, data in graph.edges(data=True))


def _quoted(label: str) -> str:
    """A label in double quotes, with the characters DL and Pajek readers choke on replaced."""
    return '"' + label.replace('"', "'").replace("\\", "/") + '"'
