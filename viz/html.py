"""The interactive explorer: one self-contained HTML page drawn by pyvis's vis-network.

pyvis 0.3.2 is kept for its data model and its bundled vis-network, and four of its defects
are worked around here:

* every ``cdn_resources`` mode still fetches vis-network or Bootstrap from a CDN: the page is
  rendered from our own template (``assets/explorer.html``) with vis-network's JS and CSS
  read from pyvis's package and inlined, so it loads nothing;
* ``add_node``/``add_edge`` scan lists, so building is quadratic: ``net.nodes`` and
  ``net.edges`` are set in one go;
* its JSON writes each Chinese character as a 6-byte escape: :func:`script_json` writes UTF-8
  and escapes only what could end the script element (``<``, ``>``, ``&``, U+2028/2029);
* a title containing "href" makes it inject titles as HTML: titles are plain strings, shown
  by vis-network as text, and the side panel is built with ``textContent``.

Reuse links (REUSES, SIMILAR_TO) carry both passages' quotes, their score and the tasks that
hold them: a plan's side panel lists its counterparts with both quotes, and so does the panel
of a task that holds a reused passage.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyvis.network import Network

from policykg.graph.atomic import atomic_write
from policykg.graph.kg import KnowledgeGraph
from policykg.viz.layout import layout
from policykg.viz.select import Selection, select

ASSETS = ("policykg.viz", "assets")  # package, folder
VIS = ("pyvis", "templates/lib/vis-9.1.2")
PHYSICS_MAX = 500
REUSE = ("REUSES", "SIMILAR_TO")
MAX_NODES = 30_000

NODE_STYLE: dict[str, tuple[str, str]] = {
    "Plan": ("#d62728", "star"),
    "Task": ("#7f7f7f", "dot"),
    "Department": ("#1f77b4", "square"),
    "Government": ("#17becf", "triangle"),
    "CollectiveActor": ("#9edae5", "triangleDown"),
    "University": ("#2ca02c", "diamond"),
    "Institute": ("#98df8a", "diamond"),
    "Company": ("#ff7f0e", "hexagon"),
    "Platform": ("#9467bd", "square"),
    "Industry": ("#e377c2", "dot"),
    "Province": ("#8c564b", "triangle"),
    "City": ("#c49c94", "triangle"),
    "District": ("#dbdb8d", "triangle"),
}
# colour, dashes (False, True or a dash pattern), width
EDGE_STYLE: dict[str, tuple[str, bool | list[int], float]] = {
    "HAS_TASK": ("#bbbbbb", False, 1),
    "LEADS": ("#c0392b", False, 2.5),
    "SUPPORTS": ("#2e86c1", True, 1.5),
    "HOSTS": ("#27ae60", [2, 4], 3),
    "ISSUED_BY": ("#8e44ad", False, 1.5),
    "JURISDICTION": ("#a0a0a0", [8, 4], 1),
    "PART_OF": ("#d5d5d5", [1, 3], 1),
    "MENTIONS": ("#f0b27a", False, 0.8),
    "REUSES": ("#117a65", False, 2),
    "SIMILAR_TO": ("#76d7c4", [6, 3], 1.5),
}


class TooLargeError(ValueError):
    """The selection has more nodes than the explorer can draw interactively."""


def script_json(value: Any) -> str:
    """Compact UTF-8 JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def explorer_html(kg: KnowledgeGraph, title: str = "policykg", mentions: bool = False) -> str:
    """The explorer page for ``kg`` (already selected); ``mentions`` shows MENTIONS edges."""
    n = len(kg)
    if n > MAX_NODES:
        raise TooLargeError(
            f"the selection has {n} nodes; the explorer draws at most {MAX_NODES} — narrow it "
            "with --plan, --type, --around, --department or --query")
    net, extra = build_network(kg, mentions)
    payload = {"nodes": net.nodes, "edges": net.edges, "options": net.options, **extra}
    page = net.templateEnv.from_string(_text(*ASSETS, "explorer.html"))
    return page.render(
        title=title, data=script_json(payload), vis_js=_inline(*VIS, "vis-network.min.js"),
        vis_css=_inline(*VIS, "vis-network.css"), explorer_js=_inline(*ASSETS, "explorer.js"),
        explorer_css=_inline(*ASSETS, "explorer.css"))


def write_explorer(kg: KnowledgeGraph, path: str | Path, title: str = "policykg",
                   mentions: bool = False) -> None:
    with atomic_write(path) as handle:
        handle.write(explorer_html(kg, title, mentions))


def show(kg: KnowledgeGraph, *, height: int = 650, mentions: bool = False,
         **selection: Any) -> Any:
    """The explorer for Jupyter: an ``IPython.display.HTML`` iframe holding the whole page.
    Keywords select a subgraph (:class:`policykg.viz.select.Selection`: plans, types, around,
    hops, departments, query, params)."""
    from IPython.display import HTML

    if selection:
        kg = select(kg, Selection(**selection))
    page = html.escape(explorer_html(kg, mentions=mentions), quote=True)
    return HTML(f'<div><iframe srcdoc="{page}" style="width:100%;height:{int(height)}px;border:0">'
                "</iframe></div>")


def build_network(kg: KnowledgeGraph, mentions: bool = False) -> tuple[Network, dict]:
    """A pyvis Network holding ``kg`` (nodes and edges set in bulk), and the page's other data:
    type styles, plan names, the distinct quotes and the physics switch."""
    physics = len(kg) <= PHYSICS_MAX
    net = Network(height="100%", width="100%", directed=True)
    keys = list(kg.graph)
    index = {key: i for i, key in enumerate(keys)}
    plans = _Table()
    quotes = _Table()
    positions = layout(kg.graph)
    degree = dict(kg.graph.degree())
    net.nodes = [_vis_node(kg, key, i, positions[key], degree[key], plans)
                 for i, key in enumerate(keys)]
    counts = kg.counts()
    edge_types = [t for t in EDGE_STYLE if counts["edges"][t]]
    edge_index = {t: i for i, t in enumerate(edge_types)}
    net.edges = [_vis_edge(index[s], index[t], edge_index[d["type"]], d, quotes, index)
                 for s, t, d in kg.graph.edges(data=True)]
    net.options = _options(physics)
    extra = {
        "nodeTypes": [{"name": t, "color": c, "count": counts["nodes"][t], "shown": True}
                      for t, (c, _) in NODE_STYLE.items() if counts["nodes"][t]],
        "edgeTypes": [_edge_type(t, counts["edges"][t], mentions) for t in edge_types],
        "plans": [kg.graph.nodes[p]["name"] if p in kg.graph else p.removeprefix("plan:")
                  for p in plans.items],
        "quotes": quotes.items,
        "physics": physics,
        "note": _note(kg, physics),
    }
    return net, extra


def _edge_type(name: str, count: int, mentions: bool) -> dict[str, Any]:
    colour, dashes, width = EDGE_STYLE[name]
    return {"name": name, "color": colour, "dashes": dashes, "width": width, "count": count,
            "shown": mentions or name != "MENTIONS"}


class _Table:
    """Distinct values in order of first use, each referred to by its index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def ref(self, value: Any) -> int:
        if value not in self._index:
            self._index[value] = len(self.items)
            self.items.append(value)
        return self._index[value]


def _vis_node(kg: KnowledgeGraph, key: str, i: int, xy: tuple[float, float], degree: int,
              plans: _Table) -> dict[str, Any]:
    data = kg.graph.nodes[key]
    node = {"id": i, "key": key, "name": data["name"], "group": data["type"],
            "x": xy[0], "y": xy[1], "value": degree}
    aliases = [a for a in data.get("aliases", ()) if a != data["name"]]
    if aliases:
        node["aliases"] = aliases
    plan_ids = sorted(_plans_of(kg, key))
    if plan_ids:
        node["plans"] = [plans.ref(p) for p in plan_ids]
    return node


def _plans_of(kg: KnowledgeGraph, key: str) -> set[str]:
    data = kg.graph.nodes[key]
    found = {key} if data["type"] == "Plan" else set()
    if isinstance(data.get("plan"), str):
        found.add(data["plan"])
    for view in (kg.graph.out_edges, kg.graph.in_edges):
        found.update(d["plan"] for _, _, d in view(key, data=True) if d.get("plan"))
    return found


def _vis_edge(source: int, target: int, type_index: int, data: dict, quotes: _Table,
              index: dict[str, int]) -> dict:
    edge: dict[str, Any] = {"from": source, "to": target, "t": type_index}
    if data.get("label"):
        edge["role"] = data["label"]
    if data.get("quote"):
        edge["q"] = quotes.ref(data["quote"])
    if data["type"] in REUSE:  # both passages: quotes, the tasks holding them, sections
        edge["score"] = data["score"]
        edge["q2"] = quotes.ref(data["target_quote"])
        edge["at"] = [index.get(data.get(end) or "", -1) for end in ("task", "target_task")]
        edge["in"] = [quotes.ref(data.get("section") or ""),
                      quotes.ref(data.get("target_section") or "")]
    return edge


def _options(physics: bool) -> dict[str, Any]:
    return {
        "groups": {t: {"color": c, "shape": s} for t, (c, s) in NODE_STYLE.items()},
        "nodes": {"scaling": {"min": 6, "max": 36}, "font": {"size": 12}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "smooth": False, "selectionWidth": 2},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -3000, "springLength": 80},
                    "stabilization": {"enabled": True, "iterations": 150, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics,
                        "navigationButtons": False},
        "layout": {"improvedLayout": False},
    }


def _note(kg: KnowledgeGraph, physics: bool) -> str:
    size = f"{len(kg)} nodes, {kg.graph.number_of_edges()} edges."
    if physics:
        return size + " Layout settles, then physics stops."
    return size + " Laid out in Python; physics is off at this size."


@cache
def _inline(package: str, folder: str, name: str) -> str:
    """A file's text for an inline <script>/<style>, without its source-map comment; refuses
    text that could end the element early."""
    text = re.sub(r"^//# sourceMappingURL=.*$", "", _text(package, folder, name), flags=re.M)
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"{package}/{folder}/{name} cannot be inlined safely")
    return text


def _text(package: str, folder: str, name: str) -> str:
    """The text of a data file of ``package`` (through importlib.resources)."""
    return files(package).joinpath(folder, name).read_text(encoding="utf-8")
