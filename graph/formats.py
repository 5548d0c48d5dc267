"""The output formats of a graph, in one registry: what a build writes, what ``policykg export``
writes, and the choices of ``--rdf-format`` and ``export --format`` are all read from it.

A format is a name, a writer and what the writer makes. A new one is one function and one
registration::

    from policykg.graph.formats import Format, register

    def write_dot(kg: KnowledgeGraph, path: Path) -> None:
        ...  # write kg to the file at path (atomically: policykg.graph.atomic.atomic_write)

    register(Format("dot", write_dot, "Graphviz DOT", file_name="graph.dot"))

``writer(kg, path, **options)`` writes ``kg`` to the file ``path`` (a folder for a format with
``folder=True``). ``options`` are the keyword options the format names, among
:data:`OPTIONS`; a caller passes those it has and each writer gets its own. A writer may be
given as ``"module:function"``, imported the first time the format is written, so that a table
of formats costs nothing to build.

A format that a sharded build (``build --engine dask``) writes partition by partition also
names a shard writer (``shards=``) and, if it needs one, what runs once all partitions are
written (``shards_done=``): :mod:`policykg.graph.shards`.

The graph's own forms are registered here: node-link JSON, GraphML and the RDF serialisations
(N-Triples also in shards).
The formats of other tools (GEXF, the department matrices, UCINET, Pajek, Cypher, neo4j-admin
CSVs and the HTML explorer) are registered by :mod:`policykg.exports`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from policykg.graph import io, rdf
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.lazy import resolve

Writer = Callable[..., Any]
# The options a writer may take: the base of RDF IRIs, the dataset of a Neo4j form.
OPTIONS = frozenset({"base_iri", "dataset"})


class FormatError(ValueError):
    """A format that is not registered, or cannot be registered."""


@dataclass(frozen=True)
class Format:
    """An output format: its name, its writer (or ``"module:function"``), a line saying what
    it is, the file name a build gives it (None if it writes a folder), and the options its
    writer takes."""

    name: str
    writer: Writer | str = field(repr=False)
    description: str
    file_name: str | None = None
    folder: bool = False
    rdf: bool = False  # an RDF serialisation: a choice of ``build --rdf-format``
    options: tuple[str, ...] = ()
    # A sharded build's writer of one partition, and what runs once all are written
    # (:mod:`policykg.graph.shards`); None where the format is not sharded.
    shards: Writer | str | None = field(default=None, repr=False)
    shards_done: Writer | str | None = field(default=None, repr=False)

    def write_shard(self, part: Any, folder: str | Path) -> list[tuple[Path, int]]:
        """Write the partition ``part`` (a :class:`policykg.graph.shards.GraphPart`) into
        ``folder``; the files written and their rows."""
        if self.shards is None:
            raise FormatError(f"format {self.name} is not written in shards")
        Path(folder).mkdir(parents=True, exist_ok=True)
        return resolve(self.shards)(part, Path(folder))

    def finish_shards(self, folder: str | Path, schema: dict) -> list[Path]:
        """What the format writes once every partition is written (headers …)."""
        if self.shards_done is None:
            return []
        return resolve(self.shards_done)(Path(folder), schema)

    def _own(self, options: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in options.items() if k in self.options and v is not None}

    def write(self, kg: KnowledgeGraph, path: str | Path, **options: Any) -> Path:
        """Write ``kg`` to ``path`` (its folder created if need be), passing the options of
        ``options`` that this format takes; return the path."""
        path = Path(path)
        (path if self.folder else path.parent).mkdir(parents=True, exist_ok=True)
        resolve(self.writer)(kg, path, **self._own(options))
        return path


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry (a format of the same name is replaced); return it."""
    unknown = set(fmt.options) - OPTIONS
    if unknown:
        raise FormatError(f"format {fmt.name}: unknown options {', '.join(sorted(unknown))}; "
                          f"writers take {', '.join(sorted(OPTIONS))}")
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Remove the format called ``name`` (nothing if there is none)."""
    _FORMATS.pop(name, None)


def formats(*, rdf: bool | None = None) -> list[Format]:
    """The registered formats in order of registration (only the RDF ones, or only the others,
    with ``rdf``)."""
    return [f for f in _FORMATS.values() if rdf is None or f.rdf == rdf]


def sharded() -> list[Format]:
    """The registered formats that a sharded build writes (:mod:`policykg.graph.shards`)."""
    return [f for f in _FORMATS.values() if f.shards is not None]


def names(*, rdf: bool | None = None) -> list[str]:
    return [f.name for f in formats(rdf=rdf)]


def get(name: str) -> Format:
    """The format called ``name``; FormatError naming the known ones if there is none."""
    try:
        return _FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; choose one of {', '.join(_FORMATS)}") \
            from None


def write(kg: KnowledgeGraph, name: str, path: str | Path, **options: Any) -> Path:
    """Write ``kg`` in the format ``name`` to ``path``; see :meth:`Format.write`."""
    return get(name).write(kg, path, **options)


register(Format("json", io.write_json, "node-link JSON (networkx), what every command reads",
                file_name=io.GRAPH_JSON))
register(Format("graphml", io.write_graphml, "GraphML for Gephi, yEd, igraph (lists as JSON "
                "text)", file_name=io.GRAPH_GRAPHML))
for _name, _description in (("ttl", "RDF: Turtle"), ("nt", "RDF: N-Triples"),
                            ("jsonld", "RDF: JSON-LD"),
                            ("trig", "RDF: TriG, the graph in a named graph")):
    register(Format(_name, partial(rdf.write_rdf_file, fmt=_name), _description,
                    file_name=f"graph.{_name}", rdf=True, options=("base_iri",),
                    shards="policykg.graph.shards:write_nt_shard" if _name == "nt" else None))
