"""Networks for network analysis: the department × task incidence, the department × department
co-responsibility network and the centralities of departments in it, and the plan × plan
network of passage reuse.

A department is *responsible* for a task when it LEADS or SUPPORTS it. Two departments are
co-responsible for each task both are responsible for; the weight of their tie is the number of
such tasks. Only nodes of type Department count, as in the canned ``co-responsibility`` query.
A plan reuses another for each pair of passages they share (REUSES from the later to the
earlier plan; SIMILAR_TO, which has no direction, both ways).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from policykg.graph.kg import KnowledgeGraph

RESPONSIBILITY = ("LEADS", "SUPPORTS")
REUSE = ("REUSES", "SIMILAR_TO")


@dataclass(frozen=True)
class Incidence:
    """Which department is responsible for which task, with display labels for both."""

    departments: list[str]
    tasks: list[str]
    pairs: set[tuple[str, str]]
    labels: dict[str, str]


def incidence(kg: KnowledgeGraph) -> Incidence:
    """Departments with at least one responsibility, the tasks they share, and the pairs."""
    pairs = {(s, t) for s, t, d in kg.graph.edges(data=True)
             if d["type"] in RESPONSIBILITY and kg.graph.nodes[s]["type"] == "Department"}
    departments = sorted({d for d, _ in pairs}, key=lambda i: (kg.graph.nodes[i]["name"], i))
    tasks = sorted({t for _, t in pairs})
    return Incidence(departments, tasks, pairs, unique_labels(kg, departments + tasks))


def co_responsibility(kg: KnowledgeGraph) -> nx.Graph:
    """Departments joined when both are responsible for a task; ``weight`` = shared tasks."""
    inc = incidence(kg)
    by_task: dict[str, list[str]] = {}
    for department, task in sorted(inc.pairs):
        by_task.setdefault(task, []).append(department)
    weights: Counter[tuple[str, str]] = Counter()
    for members in by_task.values():
        weights.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from((d, {"label": inc.labels[d]}) for d in inc.departments)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return graph


def unique_labels(kg: KnowledgeGraph, ids: list[str]) -> dict[str, str]:
    """Each node's name on one line; a name that several of ``ids`` share gets its id appended."""
    names = {i: re.sub(r"\s+", " ", kg.graph.nodes[i]["name"]).strip() for i in ids}
    seen = Counter(names.values())
    return {i: name if seen[name] == 1 else f"{name} [{i}]" for i, name in names.items()}


COLUMNS = ("department", "jurisdiction", "leads", "supports", "partners", "shared_tasks",
           "degree_centrality", "betweenness", "eigenvector")


def department_stats(kg: KnowledgeGraph) -> list[dict[str, object]]:
    """One row per responsible department: its tasks, partners and centralities in the
    co-responsibility network (betweenness unweighted; eigenvector weighted by shared tasks),
    most central first."""
    graph = co_responsibility(kg)
    if not graph:
        return []
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph)
    eigenvector = _eigenvector(graph)
    roles = Counter((s, d["type"]) for s, _, d in kg.graph.edges(data=True)
                    if d["type"] in RESPONSIBILITY)
    rows = [{
        "department": graph.nodes[n]["label"],
        "jurisdiction": kg.graph.nodes[n].get("jurisdiction", ""),
        "leads": roles[n, "LEADS"],
        "supports": roles[n, "SUPPORTS"],
        "partners": graph.degree(n),
        "shared_tasks": graph.degree(n, weight="weight"),
        "degree_centrality": round(degree[n], 6),
        "betweenness": round(betweenness[n], 6),
        "eigenvector": round(eigenvector[n], 6),
    } for n in graph]
    return sorted(rows, key=lambda r: (-r["eigenvector"], -r["partners"], r["department"]))


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    return nx.eigenvector_centrality(graph, max_iter=10_000, weight="weight")


@dataclass(frozen=True)
class ReuseMatrix:
    """Plans that share passages (by id, in label order), their labels, and ``counts[a][b]``,
    the pairs of passages by which plan ``a`` reuses, or is similar to, plan ``b``."""

    plans: list[str]
    labels: dict[str, str]
    counts: dict[str, Counter[str]]


def reuse_matrix(kg: KnowledgeGraph) -> ReuseMatrix:
    """The plan × plan reuse counts of the plans with at least one reuse link."""
    counts: dict[str, Counter[str]] = {}
    for source, target, data in kg.graph.edges(data=True):
        if data["type"] in REUSE:
            counts.setdefault(source, Counter())[target] += 1
            if data["type"] == "SIMILAR_TO":
                counts.setdefault(target, Counter())[source] += 1
    plans = sorted({p for row in counts.values() for p in row} | set(counts))
    labels = unique_labels(kg, plans)
    plans.sort(key=lambda p: (labels[p], p))
    return ReuseMatrix(plans, labels, counts)
