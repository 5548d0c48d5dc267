"""Node positions computed in Python, so that the browser need not simulate physics.

Small graphs use networkx's spring layout. Large ones use a force-directed layout in numpy
whose repulsion is estimated from a few random nodes per node per step (negative sampling):
each step costs O(nodes + edges) instead of O(nodes²), which lays out 20,000 nodes in about
a second.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

SPRING_MAX = 400
SPACING = 60.0
STEPS = 120
SAMPLES = 8


def layout(graph: nx.Graph | nx.MultiDiGraph, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Positions (in vis-network pixels, about ``SPACING`` apart) for every node of ``graph``."""
    nodes = list(graph)
    if not nodes:
        return {}
    if len(nodes) <= SPRING_MAX:
        simple: nx.Graph[str] = nx.Graph(graph)
        pos = nx.spring_layout(simple, seed=seed, k=1.5 / np.sqrt(len(nodes)))
        xy = np.array([pos[n] for n in nodes]) * SPACING * np.sqrt(len(nodes))
    else:
        xy = sampled_force_layout(len(nodes), _edge_array(graph, nodes), seed) * SPACING
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(nodes, xy, strict=True)}


def _edge_array(graph: nx.Graph | nx.MultiDiGraph, nodes: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in graph.edges() if u != v}
    return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)


def sampled_force_layout(n: int, edges: np.ndarray, seed: int = 1,
                         steps: int = STEPS, samples: int = SAMPLES) -> np.ndarray:
    """Fruchterman–Reingold with unit ideal edge length and sampled repulsion: an (n, 2) array."""
    rng = np.random.default_rng(seed)
    pos = rng.normal(size=(n, 2)) * np.sqrt(n) / 2
    src, dst = edges[:, 0], edges[:, 1]
    repulsion_scale = (n - 1) / samples
    for step in range(steps):
        temperature = np.sqrt(n) / 4 * (1 - step / steps) + 0.05
        disp = np.zeros_like(pos)
        delta = pos[dst] - pos[src]
        dist = np.linalg.norm(delta, axis=1, keepdims=True) + 1e-9
        pull = delta * dist
        for axis in (0, 1):
            disp[:, axis] += np.bincount(src, pull[:, axis], minlength=n)
            disp[:, axis] -= np.bincount(dst, pull[:, axis], minlength=n)
        others = rng.integers(0, n, size=(n, samples))
        away = pos[:, None, :] - pos[others]
        dist2 = np.sum(away * away, axis=2, keepdims=True) + 1e-2
        disp += repulsion_scale * np.sum(away / dist2, axis=1)
        length = np.linalg.norm(disp, axis=1, keepdims=True) + 1e-9
        pos += disp / length * np.minimum(length, temperature)
    return pos - pos.mean(axis=0)
