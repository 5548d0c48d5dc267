"""Reading and writing a built graph: ``graph.json`` (node-link) and ``graph.graphml``.

Every file is written to a temporary file in the same folder and renamed into place, so an
interrupted write never leaves a half-written output behind. The outputs of one build are
renamed together, once all of them are written (:func:`all_or_nothing`): a build that fails
half-way leaves the previous build's files as they were. With several workers the outputs are
written side by side, by forked processes that share the graph (:func:`write_side_by_side`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from policykg.graph.kg import KnowledgeGraph

GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"


# (temporary file, target) pairs waiting for the end of an all_or_nothing block
_staged: ContextVar[list[tuple[str, Path]] | None] = ContextVar("staged", default=None)


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` only if the block succeeds
    (inside :func:`all_or_nothing`, only when that block succeeds)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        staged = _staged.get()
        if staged is None:
            os.replace(tmp, path)
        else:
            staged.append((tmp, path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written with :func:`atomic_write` in this block are renamed into place together
    when it ends; if it fails, none is, and their temporary files are removed."""
    staged: list[tuple[str, Path]] = []
    token = _staged.set(staged)
    try:
        yield
        for _, path in staged:
            if path.is_dir():
                raise IsADirectoryError(f"{path} is a folder")
        for tmp, path in staged:
            os.replace(tmp, path)
        staged.clear()
    finally:
        _staged.reset(token)
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def check_writable(folder: str | Path) -> None:
    """Create ``folder`` if need be and make sure a file can be written in it; OSError if not."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_json(kg: KnowledgeGraph, path: str | Path) -> None:
    """Node-link JSON, one node or edge per line (json's C encoder: an indented dump goes
    through the pure-Python one, several times slower)."""
    data = kg.to_dict()
    with atomic_write(path) as handle:
        head = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
        handle.write(json.dumps(head, ensure_ascii=False)[:-1])
        for part in ("nodes", "edges"):
            handle.write(f', "{part}": [\n')
            handle.write(",\n".join(json.dumps(item, ensure_ascii=False)
                                     for item in data[part]))
            handle.write("\n]")
        handle.write("}\n")


def read_json(path: str | Path) -> KnowledgeGraph:
    with open(path, encoding="utf-8") as handle:
        return KnowledgeGraph.from_dict(json.load(handle))


def _scalar(value: object) -> object:
    """GraphML holds scalars: lists and dicts become JSON strings."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def to_graphml_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph with scalar properties only, for networkx's GraphML, GEXF and
    similar writers."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, {k: _scalar(v) for k, v in d.items()})
                       for n, d in kg.graph.nodes(data=True))
    out.add_edges_from((s, t, k, {a: _scalar(v) for a, v in d.items()})
                       for s, t, k, d in kg.graph.edges(keys=True, data=True))
    return out


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_ATTR_SPECIAL = re.compile(r"[&<>\"\n\r\t]")


def write_graphml(kg: KnowledgeGraph, path: str | Path) -> None:
    """Write GraphML that networkx (and Gephi, yEd, igraph) read back. Streams the graph
    instead of building an XML tree: several times faster than networkx's writer."""
    graph = kg.graph
    keys: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}  # attr -> (id, type)
    for domain, items in (("node", (d for _, d in graph.nodes(data=True))),
                          ("edge", (d for *_, d in graph.edges(data=True)))):
        for data in items:
            for attr, value in data.items():
                if attr not in keys[domain]:
                    kind = _GRAPHML_TYPES[type(_scalar(value))]
                    keys[domain][attr] = (f"d{len(keys['node']) + len(keys['edge'])}", kind)
    node_keys = {attr: key for attr, (key, _) in keys["node"].items()}
    edge_keys = {attr: key for attr, (key, _) in keys["edge"].items()}
    with atomic_write(path) as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<graphml '
                  'xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for domain, attrs in keys.items():
            for attr, (key, kind) in attrs.items():
                out.write(f'<key id="{key}" for="{domain}" attr.name={quoteattr(attr)} '
                          f'attr.type="{kind}"/>\n')
        out.write('<graph edgedefault="directed">\n')
        for node, data in graph.nodes(data=True):
            out.write(f"<node id={_xml_attr(node)}>{_data(data, node_keys)}</node>\n")
        for source, target, data in graph.edges(data=True):
            out.write(f"<edge source={_xml_attr(source)} target={_xml_attr(target)}>"
                      f"{_data(data, edge_keys)}</edge>\n")
        out.write("</graph>\n</graphml>\n")


def _data(data: dict, keys: dict[str, str]) -> str:
    return "".join(f'<data key="{keys[attr]}">{_xml_text(_graphml_text(value))}</data>'
                   for attr, value in data.items())


def _graphml_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_scalar(value))


def _xml_text(text: str) -> str:
    """``text`` escaped for XML character data (most need nothing: escape() is slow)."""
    return escape(text) if "&" in text or "<" in text or ">" in text else text


def _xml_attr(text: str) -> str:
    """``text`` as a quoted XML attribute value."""
    return quoteattr(text) if _ATTR_SPECIAL.search(text) else f'"{text}"'


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


def write_outputs(kg: KnowledgeGraph, folder: str | Path, rdf_format: str = "ttl",
                  base_iri: str | None = None, workers: int = 1) -> list[Path]:
    """Write ``graph.json``, ``graph.graphml`` and the RDF serialisation into ``folder``
    (created if need be), all or none of them; return the paths written. With ``workers`` > 1
    the RDF is written by a forked process while this one writes the rest."""
    from policykg.graph.rdf import DEFAULT_BASE_IRI, rdf_file_name, write_rdf_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base_iri = base_iri or DEFAULT_BASE_IRI
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        *((folder / name, partial(writer, kg)) for name, writer in WRITERS.values()),
        (folder / rdf_file_name(rdf_format),
         lambda path: write_rdf_file(kg, path, rdf_format, base_iri))]
    with all_or_nothing():
        write_side_by_side(jobs, workers)
    return [path for path, _ in jobs]


# The jobs of write_side_by_side, for the forked processes that inherit them.
_jobs: list[tuple[Path, Callable[[Path], None]]] = []


def write_side_by_side(jobs: list[tuple[Path, Callable[[Path], None]]], workers: int) -> None:
    """Run each ``write(path)`` of ``jobs`` inside an :func:`all_or_nothing` block. With
    ``workers`` > 1 (and where processes can fork) the last ``workers - 1`` jobs run in forked
    processes, which share the graph with this one instead of copying it, while this one runs
    the others. A forked job writes a part file, staged like the files written here."""
    forked = min(workers - 1, len(jobs) - 1) if "fork" in get_all_start_methods() else 0
    here, there = jobs[:len(jobs) - forked], range(len(jobs) - forked, len(jobs))
    if not forked:
        for path, write in here:
            write(path)
        return
    staged = _staged.get()
    if staged is None:
        raise RuntimeError("write_side_by_side runs inside an all_or_nothing block")
    global _jobs
    _jobs = jobs
    parts = {i: jobs[i][0].with_name(f".{jobs[i][0].name}.{os.getpid()}.part") for i in there}
    staged.extend((str(part), jobs[i][0]) for i, part in parts.items())
    try:
        with ProcessPoolExecutor(forked, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_write_job, i, part) for i, part in parts.items()]
            for path, write in here:
                write(path)
            for i, future in zip(parts, futures, strict=True):
                try:
                    future.result()
                except BrokenProcessPool as error:  # killed, out of memory …
                    raise OSError(f"{jobs[i][0]}: the process writing it died") from error
    finally:
        _jobs = []


def _write_job(index: int, path: Path) -> None:
    _staged.set(None)  # forked inside the parent's all_or_nothing block: rename when written
    _jobs[index][1](path)
