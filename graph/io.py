"""Reading and writing a built graph as ``graph.json`` (node-link) and ``graph.graphml``, each
written atomically (:mod:`policykg.graph.atomic`); the other formats are in
:mod:`policykg.graph.formats`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from policykg.graph.atomic import atomic_write
from policykg.graph.kg import KnowledgeGraph

DEFAULT_DIR = "policykg-out"  # the folder a build writes to and every command reads
GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"


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
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.add_nodes_from((n, {k: _scalar(v) for k, v in d.items()})
                       for n, d in kg.graph.nodes(data=True))
    # (u, v, key, data): a MultiGraph's form of an edge, which networkx's stubs lack
    out.add_edges_from((s, t, k, {a: _scalar(v) for a, v in d.items()})  # type: ignore[misc]
                       for s, t, k, d in kg.graph.edges(keys=True, data=True))
    return out


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_ATTR_SPECIAL = re.compile(r"[&<>\"\n\r\t]")
# The escapes of xml.sax.saxutils (escape, quoteattr), whose module imports urllib, http.client
# and ssl: a twentieth of a second of every build for two functions.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


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
                out.write(f'<key id="{key}" for="{domain}" attr.name={_xml_attr(attr)} '
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
    """``text`` escaped for XML character data (most need nothing: translating is slower)."""
    return text.translate(_TEXT_ESCAPES) if "&" in text or "<" in text or ">" in text else text


def _xml_attr(text: str) -> str:
    """``text`` as a quoted XML attribute value: in double quotes, or in single quotes where it
    holds a double quote and no single one (as quoteattr writes it)."""
    if not _ATTR_SPECIAL.search(text):
        return f'"{text}"'
    text = text.translate(_ATTR_ESCAPES)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def dataset_of(folder: str | Path) -> str:
    """The name the build in ``folder`` goes by in a database by default (its dataset): the
    folder's name."""
    return Path(folder).resolve().name


DEFAULT_DATASET = Path(DEFAULT_DIR).name


def read_graph(folder: str | Path = DEFAULT_DIR) -> KnowledgeGraph:
    """Read the graph a build wrote to ``folder``."""
    path = Path(folder) / GRAPH_JSON
    if not path.exists():
        raise FileNotFoundError(f"{path}: no graph here; run `policykg build --out {folder}`")
    return read_json(path)
