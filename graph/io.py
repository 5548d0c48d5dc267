"""Reading and writing a built graph: ``graph.json`` (node-link) and ``graph.graphml``.

Every file is written to a temporary file in the same folder and renamed into place, so an
interrupted write never leaves a half-written output behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import networkx as nx

from policykg.graph.kg import KnowledgeGraph

GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` only if the block succeeds."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(kg: KnowledgeGraph, path: str | Path) -> None:
    with atomic_write(path) as handle:
        json.dump(kg.to_dict(), handle, ensure_ascii=False, indent=1)


def read_json(path: str | Path) -> KnowledgeGraph:
    with open(path, encoding="utf-8") as handle:
        return KnowledgeGraph.from_dict(json.load(handle))


def to_graphml_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph whose list and dict properties are JSON strings (GraphML holds
    only scalars)."""
    def flat(data: dict) -> dict:
        return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in data.items()}

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, flat(d)) for n, d in kg.graph.nodes(data=True))
    out.add_edges_from((s, t, k, flat(d)) for s, t, k, d in kg.graph.edges(keys=True, data=True))
    return out


def write_graphml(kg: KnowledgeGraph, path: str | Path) -> None:
    with atomic_write(path, "wb") as handle:
        nx.write_graphml(to_graphml_graph(kg), handle)


WRITERS: dict[str, tuple[str, Callable[[KnowledgeGraph, Path], None]]] = {
    "json": (GRAPH_JSON, write_json),
    "graphml": (GRAPH_GRAPHML, write_graphml),
}


def read_graph(folder: str | Path) -> KnowledgeGraph:
    """Read the graph a build wrote to ``folder``."""
    path = Path(folder) / GRAPH_JSON
    if not path.exists():
        raise FileNotFoundError(f"{path}: no graph here; run `policykg build --out {folder}`")
    return read_json(path)


def write_outputs(kg: KnowledgeGraph, folder: str | Path, rdf_format: str = "ttl") -> list[Path]:
    """Write ``graph.json``, ``graph.graphml`` and the RDF serialisation into ``folder``
    (created if need be); return the paths written."""
    from policykg.graph.rdf import write_rdf

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, writer in WRITERS.values():
        writer(kg, folder / name)
        written.append(folder / name)
    written.append(write_rdf(kg, folder, fmt=rdf_format))
    return written
