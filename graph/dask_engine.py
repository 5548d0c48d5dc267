"""The ``dask`` build engine: a build as tasks on a Dask cluster, in which no process holds
the whole graph, giving the graph of the in-memory build.

Stages, each a set of tasks; between two stages a keyed shuffle through Arrow IPC files
(:mod:`policykg.graph.partitions`; the tables a stage keeps are Parquet) in a work folder
inside the output folder, which every worker must see (on a cluster: a shared filesystem, as
the input files are):

1. **read** (a task per batch of files): each file's records (:func:`policykg.graph.build.
   read_file`: from the cache where it has them, so that a rebuild with more files reads only
   those), its documents spread by title, each pickled once for both the shuffle and the
   cache; their passages, most of their bytes, only where stage 2b reads them;
2. **identify** (a task per title partition): the documents of each title in build order
   through the in-memory build's own :class:`~policykg.graph.build.GraphBuilder` on a
   :class:`~policykg.graph.contributions.RecordingGraph`: plan identity
   (:mod:`policykg.graph.identity`: one plan of two documents only on evidence, and the
   warnings of what is not added), department ids per jurisdiction and entity resolution
   happen here, and every node and edge added is recorded with its place in the build's
   order, spread by node id (edges by their key, PART_OF by source);
   2b. **reuse** (one task, unless the build is ``--no-reuse``): the REUSES and SIMILAR_TO
   edges between all plans, from the plans that stage 2 wrote in the in-memory build's order
   (:func:`~policykg.graph.build.add_plan_reuse`); this task holds every plan's text, so its
   memory grows with the corpus (a national build runs ``--no-reuse``);
3. **fold** (a task per node partition): each node's rows merged in order and each edge's
   first row kept (:func:`~policykg.graph.contributions.fold_nodes`), which gives the nodes
   and edges of one build, each edge with the plans it comes from (a PART_OF edge's come in
   stage 4); the triples whose subject is an edge's end sent to the end's partition, and the
   plans each node comes from to the node's;
4. **plans**: the plans of units reach their places along PART_OF (``kg_plans`` of a load),
   in rounds of a shuffle until nothing is sent: the task of a round takes the plans sent to
   its nodes and sends on, in the same task, those of its nodes that gained any and are the
   sources of PART_OF edges; it copies the rest of a partition's table as Arrow;
5. **shards** (a task per partition): every format of the format registry that is written in
   shards (:mod:`policykg.graph.shards`) writes the partition's shard.

Then this process writes the manifest, what the sharded formats write once (headers), and,
for a graph small enough to be useful in one file (:data:`SINGLE_FILES_LIMIT`), the files of
an in-memory build (graph.json, graph.graphml and the RDF file), read back from the folded
partitions. A batch of files whose task fails (a worker that died three times, which Dask
retries elsewhere first) is read again file by file; a file that fails alone is named and
skipped. Tasks write their files atomically under fixed names, so a task run again after its
worker was lost writes the same files. Every task pauses the cyclic garbage collector, as the
in-memory build does (:mod:`policykg.graph.gc_pause`): its records hold no cycles; and hands the
memory it freed back to the system when it ends (:mod:`policykg.graph.memory`), so that a
worker holds what its current task needs, not the most that any task of its past needed.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import pickle
import shutil
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import dask
import pyarrow as pa
import pyarrow.compute as pc

from policykg.graph import formats
from policykg.graph.build import GraphBuilder, Problem, add_plan_reuse, read_file
from policykg.graph.cache import ExtractionCache, load_document
from policykg.graph.contributions import (
    RecordingGraph,
    edge_of,
    fold_edges,
    fold_nodes,
    props,
)
from policykg.graph.engines import BuildJob, EngineResult
from policykg.graph.gc_pause import gc_paused
from policykg.graph.io import dataset_of
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.memory import release_memory
from policykg.graph.outputs import BuildError, write_outputs
from policykg.graph.partitions import (
    NOTHING,
    Bucket,
    Written,
    arrow_table,
    gather,
    iter_part,
    part_of,
    read_arrow_table,
    read_part,
    read_table,
    write_arrow_table,
    write_parts,
    write_table,
)
from policykg.graph.property_graph import PropertyKinds
from policykg.graph.rdf import DEFAULT_BASE_IRI, TermWriter
from policykg.graph.shards import SHARDS_DIR, GraphPart, file_entry, write_manifest
from policykg.loaders.documents import title_key
from policykg.loaders.limits import Limits
from policykg.schema.model import edge_key

PART_BYTES = 4_000_000  # input bytes per partition: a partition's work is about this much text
BATCH_BYTES = 2_000_000  # input bytes per reading task, at most
SINGLE_FILES_LIMIT = 250_000  # nodes and edges: above, no graph.json, GraphML or RDF file
WORK_DIR = ".dask-work"

_STRINGS = pa.list_(pa.string())
# a document pickled in two parts (cache.PickledDocument); its passages only for stage 2b
DOCS = pa.schema([("key", pa.string()), ("file", pa.int32()), ("doc", pa.int32()),
                  ("name", pa.string()), ("path", pa.string()), ("record", pa.binary()),
                  ("passages", pa.binary())])
_ORDER = [("file", pa.int32()), ("doc", pa.int32()), ("step", pa.int32())]
# properties are pickled (contributions.props)
NODE_ROWS = pa.schema([("id", pa.string()), *_ORDER, ("type", pa.string()),
                       ("name", pa.string()), ("aliases", _STRINGS), ("props", pa.binary())])
EDGE_ROWS = pa.schema([("source", pa.string()), ("target", pa.string()), ("type", pa.string()),
                       ("key", pa.string()), *_ORDER, ("props", pa.binary()),
                       ("source_plan", pa.bool_()), ("target_plan", pa.bool_())])
NODES = pa.schema([("id", pa.string()), ("type", pa.string()), ("name", pa.string()),
                   ("aliases", _STRINGS), ("props", pa.binary())])
# a folded edge: its own plans (but a PART_OF edge's, which stage 4 finds), its properties
EDGES = pa.schema([("source", pa.string()), ("target", pa.string()), ("type", pa.string()),
                   ("plans", _STRINGS), ("props", pa.binary())])
PLANS = pa.schema([("node", pa.string()), ("plans", _STRINGS), ("changed", pa.bool_())])
LINKS = pa.schema([("source", pa.string()), ("target", pa.string())])
PLAN_SOURCES = pa.schema([*_ORDER[:2], ("namesake", pa.int32()), ("source", pa.binary())])
LINES = pa.schema([("line", pa.string())])
KINDS = pa.schema([("kind", pa.string())])

# Dask workers sample their tasks' stacks every 10 ms and keep a tree of them for every second
# of the last hour: on a build of twenty minutes, hundreds of MB that grow with the build's time.
# Every Dask process wakes its event loop every 20 ms to time it (a health check that warns past
# 3 s): for tasks of seconds, once a second is enough (a third less CPU in the workers' and the
# scheduler's own threads). And Arrow allocates from mimalloc, which keeps much of what it frees
# whatever it is asked (at 1,000×, 40 MB more after each round of plans): from glibc's malloc,
# what a task frees goes back to the system when it ends (:mod:`policykg.graph.memory`). The
# pool is chosen when Arrow starts, so it is set before a worker process is spawned. A worker
# also keeps its last 1,000 events and transitions for debugging, which a large build fills and
# a small one does not (at 1,000× the corpus, 13 MB more at the worker's peak than with 100).
_DASK_SETTINGS = {"distributed.worker.profile.enabled": False,
                  "distributed.admin.tick.interval": "1s",
                  "distributed.admin.low-level-log-length": 100}
_PROCESS_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
# for a local cluster, as Dask configuration
WORKER_CONFIG = {**_DASK_SETTINGS, **{f"distributed.nanny.pre-spawn-environ.{name}": value
                                      for name, value in _PROCESS_ENV.items()}}
# the same, for workers started by hand (`dask worker`): Dask reads its settings from DASK_…
WORKER_ENV = {**{"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value)
                 for key, value in _DASK_SETTINGS.items()}, **_PROCESS_ENV}

log = logging.getLogger("policykg")
T = TypeVar("T")
ProblemRow = tuple[int, int, int, int, str, str]  # file, doc, step, count, path, message


@dataclass(frozen=True)
class Settings:
    """What every task needs to know of the build."""

    work: str
    shards: str
    parts: int
    cache: str | None
    limits: Limits
    aliases: str | None
    entity_aliases: str | None
    base_iri: str
    dataset: str
    formats: tuple[formats.Format, ...]  # the sharded ones, as registered here
    reuse: bool  # passage reuse (stage 2b)
    reuse_threshold: float | None

    def path(self, *parts: str) -> Path:
        return Path(self.work).joinpath(*parts)


def task(function: Callable[..., T]) -> Callable[..., T]:
    """A task of a stage: the cyclic garbage collector paused while it runs (its records hold
    no cycles, :mod:`policykg.graph.gc_pause`), and the memory it freed handed back to the
    system when it ends (:func:`policykg.graph.memory.release_memory`)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> T:
        try:
            with gc_paused():
                return function(*args, **kwargs)
        finally:
            release_memory()

    return run


# -- 1. read ---------------------------------------------------------------------------------
@task
def read_batch(s: Settings, batch: str, files: list[tuple[int, str]]) -> dict[str, Any]:
    """Read the ``files`` (index in the build, path) of one batch; their documents spread by
    title into ``docs/BATCH.arrow``."""
    cache = ExtractionCache(s.cache) if s.cache else None
    rows, problems, read, size = [], [], 0, 0
    for index, name in files:
        path = Path(name)
        extraction, pickled, was_read = read_file(path, cache, s.limits)
        read += was_read
        size += path.stat().st_size if path.is_file() else 0
        problems += [(index, -1, 0, n, extraction.path, message)
                     for n, message in enumerate(extraction.problems)]
        rows += [{"key": title_key(doc.title), "file": index, "doc": n, "name": extraction.file,
                  "path": extraction.path, "record": record.rest,
                  "passages": record.passages if s.reuse else None}
                 for n, (doc, record) in enumerate(zip(extraction.documents, pickled,
                                                       strict=True))]
    buckets = write_parts(s.path("docs", f"{batch}.arrow"), rows,
                          lambda row: part_of(row["key"], s.parts), DOCS)
    return {"first": files[0][0], "buckets": buckets, "problems": problems, "read": read,
            "cached": len(files) - read, "bytes": size}


# -- 2. identify -----------------------------------------------------------------------------
@task
def identify(s: Settings, part: int, buckets: list[Bucket]) -> dict[str, Any]:
    """Add the documents of one title partition, in build order, to a recording graph; its
    node rows spread by id, its edge rows by key. ``buckets`` come in the order of the files
    (batch by batch), so the documents are read a bucket at a time: a title that thousands of
    documents share (a national plan copied into every compilation) takes no more memory than
    its first document."""
    kg = RecordingGraph()
    problems: list[ProblemRow] = []

    def heard(problem: Problem) -> None:
        problems.append((kg.file, kg.doc, kg.step, len(problems), problem.path,
                         problem.message))

    builder = GraphBuilder(aliases_file=s.aliases, entity_aliases_file=s.entity_aliases,
                           on_problem=heard)
    builder.kg = kg
    first: dict[str, tuple[int, int]] = {}  # title key -> its first document
    for bucket in buckets:
        for row in sorted(read_part([bucket]), key=lambda row: (row["file"], row["doc"])):
            kg.at(row["file"], row["doc"])
            first.setdefault(row["key"], (row["file"], row["doc"]))
            builder.add_document(row["name"], load_document(row["record"], row["passages"]),
                                 row["path"])
    if s.reuse:  # the plans in the order of the in-memory build's: by title, first seen first
        write_table(s.path("sources", f"{part}.parquet"), [
            {"file": first[key][0], "doc": first[key][1], "namesake": n,
             "source": pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)}
            for key, namesakes in builder.plans.items() for n, source in enumerate(namesakes)],
            PLAN_SOURCES)
    return {
        "nodes": write_parts(s.path("nodes", f"{part}.arrow"), kg.node_rows,
                             lambda row: part_of(row["id"], s.parts), NODE_ROWS),
        "edges": write_parts(s.path("edges", f"{part}.arrow"), kg.edge_rows,
                             lambda row: part_of(spread_key(row), s.parts), EDGE_ROWS),
        "problems": problems}


def spread_key(row: dict[str, Any]) -> str:
    """What spreads edges over partitions: a PART_OF edge goes with its source, whose plans it
    carries (stage 4); any other by its ends and type, so that the edges of a unit named in
    thousands of plans do not all land in one partition, while the keyed edges of one pair
    (reuse links) do, next to each other, and share one direct triple (rdf.TermWriter)."""
    if row["type"] == "PART_OF":
        return row["source"]
    return f"{row['source']}\0{row['target']}\0{row['type']}"


# -- 2b. reuse ------------------------------------------------------------------------------
@task
def link_reuse(s: Settings, after: int) -> dict[str, Any]:
    """The REUSES and SIMILAR_TO edges between all plans (:func:`policykg.graph.build.
    add_plan_reuse`, as the in-memory build adds them after its last file: at file ``after``),
    spread by key. One task: it holds every plan's text."""
    sources = sorted((row for part in range(s.parts)
                      for row in read_table(s.path("sources", f"{part}.parquet"))),
                     key=itemgetter("file", "doc", "namesake"))
    plans = [pickle.loads(row["source"]) for row in sources]
    kg = RecordingGraph()
    for plan in plans:  # the ends of the edges, recorded by stage 2
        kg.graph.add_node(plan.id, type="Plan")
    kg.at(after, 0)
    problems: list[ProblemRow] = []
    add_plan_reuse(kg, plans, s.reuse_threshold, lambda problem: problems.append(
        (after, 0, kg.step, len(problems), problem.path, problem.message)))
    return {"edges": write_parts(s.path("edges", "reuse.arrow"), kg.edge_rows,
                                 lambda row: part_of(spread_key(row), s.parts), EDGE_ROWS),
            "problems": problems}


# -- 3. fold ---------------------------------------------------------------------------------
class _AnyNode:
    """Every plan or task id a property names is a node of the graph (the build adds a plan
    and its tasks before anything that names them)."""

    def __contains__(self, id: object) -> bool:
        return True


@task
def fold(s: Settings, part: int, node_buckets: list[Bucket],
         edge_buckets: list[Bucket]) -> dict[str, Any]:
    """The nodes and edges of one partition, folded; sent on: the plans they come from to
    their nodes' partitions, the triples whose subjects are an edge's ends to the ends'
    partitions, the platform kinds to theirs."""
    nodes = list(fold_nodes(read_part(node_buckets)))
    edge_rows = list(fold_edges(read_part(edge_buckets)))
    edges = [edge_of(row) for row in edge_rows]
    edge_plans = [_edge_plans(row, edge) for row, edge in zip(edge_rows, edges, strict=True)]
    write_table(s.path("fold", f"nodes-{part}.parquet"), [
        {"id": n["id"], "type": n["type"], "name": n["name"], "aliases": n["aliases"],
         "props": pickle.dumps({k: v for k, v in n.items() if k not in NODE_COLUMNS},
                               protocol=pickle.HIGHEST_PROTOCOL)} for n in nodes], NODES)
    write_table(s.path("fold", f"edges-{part}.parquet"), [
        {**row, "plans": sorted(plans)} for row, plans in zip(edge_rows, edge_plans, strict=True)],
        EDGES)
    schema = {"node": PropertyKinds(("type",)), "edge": PropertyKinds(("source", "target", "type"))}
    counts: dict[str, Counter] = {"nodes": Counter(), "edges": Counter()}
    kinds: set[str] = set()
    for node in nodes:
        counts["nodes"][node["type"]] += 1
        schema["node"].add(node["type"], node)
        kind = node.get("kind")
        if kind is not None:
            kinds.update(str(k) for k in (kind if isinstance(kind, list) else [kind]))
    writer = TermWriter(_AnyNode(), s.base_iri)
    lines: dict[str, int] = {}  # each once: the keyed edges of one pair share a direct triple
    part_of_links = []
    for row, edge in zip(edge_rows, edges, strict=True):
        counts["edges"][row["type"]] += 1
        schema["edge"].add(row["type"], edge)
        if row["type"] == "PART_OF":
            part_of_links.append({"source": row["source"], "target": row["target"]})
        source = writer.iri(row["source"])
        for a, b, c in writer.edge_ends(edge):
            end = row["source"] if a == source else row["target"]
            lines.setdefault(f"{a} {b} {c} .\n", part_of(end, s.parts))
    write_table(s.path("fold", f"partof-{part}.parquet"), part_of_links, LINKS)
    return {
        "lines": write_parts(s.path("lines", f"{part}.arrow"),
                             [{"line": line, "part": to} for line, to in lines.items()],
                             lambda row: row["part"], LINES),
        "kinds": write_parts(s.path("kinds", f"{part}.arrow"), [{"kind": k} for k in kinds],
                             lambda row: part_of("platform-kind:" + row["kind"], s.parts),
                             KINDS),
        "plans": write_parts(s.path("plans0", f"{part}.arrow"), _plans(nodes, edges, edge_plans),
                             lambda row: part_of(row["node"], s.parts), PLANS),
        "counts": counts, "schema": {kind: {label: {k: sorted(v) for k, v in keys.items()}
                                             for label, keys in labels.kinds.items()}
                                      for kind, labels in schema.items()}}


NODE_COLUMNS = ("id", "type", "name", "aliases")


def _triples(s: Settings, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
             lines: Iterable[str], kinds: Iterable[str]) -> Iterator[str]:
    """The N-Triples lines whose subjects are the partition's, each once, made as they are
    written: its nodes' own, its edges' qualified nodes', the ``lines`` of edges whose ends are
    its nodes, and the concepts of the platform kinds that hash to it. None is held to be told
    apart from the others: a node's or a qualified node's own triples are told apart among
    themselves, and no other line can be one of them (a qualified node's subject is its own; no
    property of a node has the predicate of an edge or of a qualification, which
    ``tests/test_dask_engine.py`` checks); the lines of edges come once from the fold stage,
    where the edges of one pair and type, which share a direct triple, share a partition."""
    writer = TermWriter(_AnyNode(), s.base_iri)
    for node in nodes:
        yield from dict.fromkeys(f"{a} {b} {c} .\n" for a, b, c in writer.node(node))
    for edge in edges:
        yield from dict.fromkeys(f"{a} {b} {c} .\n" for a, b, c in writer.statement(edge))
    yield from lines
    concepts = TermWriter(_AnyNode(), s.base_iri)  # not the kinds that the nodes name
    concepts.kinds = set(kinds)
    yield from (f"{a} {b} {c} .\n" for a, b, c in concepts.kind_concepts())


def _plans(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
           edge_plans: list[set[str]]) -> list[dict[str, Any]]:
    """The plans each node comes from as far as this partition knows them: a plan itself, a
    task's plan, and the plans of the edges at the node (``edge_plans``, one per edge:
    :func:`policykg.graph.property_graph.element_plans`)."""
    plans: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        plans[node["id"]]  # every node has a row, with no plan if need be
        if node["type"] == "Plan":
            plans[node["id"]].add(node["id"])
        elif node.get("plan"):
            plans[node["id"]].add(node["plan"])
    for edge, found in zip(edges, edge_plans, strict=True):
        plans[edge["source"]] |= found
        plans[edge["target"]] |= found
    return [{"node": node, "plans": sorted(found), "changed": True}
            for node, found in plans.items()]


def _edge_plans(row: dict[str, Any], edge: dict[str, Any]) -> set[str]:
    """The plans of an edge (its ``row``, and the ``edge`` made of it) but PART_OF: its
    ``plan``, else the plans at its ends."""
    if row["type"] == "PART_OF":
        return set()
    plan = edge.get("plan")
    if plan:
        return {plan}
    return {end for end, is_plan in ((row["source"], row["source_plan"]),
                                     (row["target"], row["target_plan"])) if is_plan}


# -- 4. plans along PART_OF ------------------------------------------------------------------
@task
def gather_plans(s: Settings, part: int, buckets: list[Bucket]) -> Written:
    """Round 0: the plans of the partition's nodes, from every fold; sent on for round 1."""
    plans: dict[str, set[str]] = defaultdict(set)
    for row in read_part(buckets):
        plans[row["node"]].update(row["plans"])
    rows = {node: sorted(found) for node, found in plans.items()}
    write_table(_plans_path(s, part, 0), [{"node": node, "plans": found, "changed": True}
                                          for node, found in rows.items()], PLANS)
    return _send_plans(s, part, 1, rows)


@task
def take_plans(s: Settings, part: int, round: int, buckets: list[Bucket]) -> Written:
    """The partition's nodes' plans with those sent to them; the plans of the nodes that
    gained any sent on for the next round. The table of the last round is copied as it is but
    for the rows of the nodes that gained plans, which are rewritten: the others are never
    made Python objects."""
    sent = read_part(buckets)
    last = read_arrow_table(_plans_path(s, part, round - 1))
    told = sorted({row["node"] for row in sent})
    plans = {row["node"]: set(row["plans"]) for row in
             last.filter(pc.is_in(last["node"], pa.array(told, pa.string()))).to_pylist()}
    grown: set[str] = set()
    for row in sent:
        have = plans.setdefault(row["node"], set())
        if not have.issuperset(row["plans"]):
            have.update(row["plans"])
            grown.add(row["node"])
    kept = last.filter(pc.invert(pc.is_in(last["node"], pa.array(sorted(grown), pa.string()))))
    kept = kept.set_column(kept.schema.get_field_index("changed"), "changed",
                           pa.repeat(False, len(kept)))
    rows = {node: sorted(plans[node]) for node in sorted(grown)}
    grew = arrow_table([{"node": node, "plans": found, "changed": True}
                        for node, found in rows.items()], PLANS)
    write_arrow_table(_plans_path(s, part, round), pa.concat_tables([kept, grew]))
    return _send_plans(s, part, round + 1, rows)


def _send_plans(s: Settings, part: int, round: int,
                changed: dict[str, list[str]]) -> Written:
    """The plans of the partition's nodes that ``changed`` sent along their PART_OF edges to
    the places above them, for ``round``; only those of the sources of PART_OF edges leave (a
    node that thousands of plans name, a university or an industry, is no place)."""
    if not changed:
        return NOTHING
    rows = [{"node": link["target"], "plans": changed[link["source"]], "changed": True}
            for link in read_table(s.path("fold", f"partof-{part}.parquet"))
            if link["source"] in changed]
    return write_parts(s.path(f"send{round}", f"{part}.arrow"), rows,
                       lambda row: part_of(row["node"], s.parts), PLANS)


def _plans_path(s: Settings, part: int, round: int) -> Path:
    return s.path("nodeplans", f"{part}-{round}.parquet")


# -- 5. shards -------------------------------------------------------------------------------
@task
def write_shards(s: Settings, part: int, round: int, line_buckets: list[Bucket],
                 kind_buckets: list[Bucket], schema: dict) -> list[dict[str, Any]]:
    """The partition's shard of every sharded format; their manifest entries."""
    nodes = [_node(row) for row in read_table(s.path("fold", f"nodes-{part}.parquet"))]
    plans = _TablePlans(read_arrow_table(_plans_path(s, part, round)))
    edge_rows = read_table(s.path("fold", f"edges-{part}.parquet"))
    edge_plans = [plans.get(row["source"], []) if row["type"] == "PART_OF" else row["plans"]
                  for row in edge_rows]
    edges = [edge_of(row) for row in edge_rows]
    del edge_rows  # not held beside the edges made of them
    release_memory()  # what the tables read took, before the writers take theirs
    graph_part = GraphPart(part, nodes, edges, plans, edge_plans,
                           lambda: _triples(s, nodes, edges, iter_part(line_buckets, "line"),
                                            read_part(kind_buckets, "kind")),
                           schema, s.dataset)
    root = Path(s.shards)
    entries = []
    for fmt in s.formats:
        for path, rows in fmt.write_shard(graph_part, root / fmt.name):
            entries.append(file_entry(root, path, fmt.name, rows))
    return entries


class _TablePlans(Mapping[str, list[str]]):
    """The plans of a partition's nodes, kept in the Arrow table of the last round: a node's
    list is made when a writer asks for it (the plans of a node that thousands of plans name
    are tens of thousands of strings)."""

    def __init__(self, table: pa.Table) -> None:
        self.rows = {node: n for n, node in enumerate(table.column("node").to_pylist())}
        self.plans = table.column("plans")

    def __getitem__(self, node: str) -> list[str]:
        return self.plans[self.rows[node]].as_py()

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _node(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "type": row["type"], "name": row["name"],
            "aliases": row["aliases"], **props(row)}


# -- the client ------------------------------------------------------------------------------
def build_dask(job: BuildJob) -> EngineResult:
    """Build ``job`` on the Dask scheduler at ``job.scheduler``, or on a local cluster of
    ``job.workers`` processes (default: one per core)."""
    from distributed import Client, LocalCluster

    cluster = None
    if job.scheduler:
        client = Client(job.scheduler)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        with dask.config.set(WORKER_CONFIG):
            cluster = LocalCluster(n_workers=job.workers or cores, threads_per_worker=1,
                                   processes=True, dashboard_address="127.0.0.1:0",
                                   memory_limit=f"{job.limits.memory_mb:.0f}MB",
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        job.note(f"Dask dashboard: {client.dashboard_link}")
        unset = sorted({habit for habits in client.run(_worker_habits).values()
                        for habit in habits})
        if unset:
            job.note(f"the workers {' and '.join(unset)}; start them with "
                     + " ".join(f"{k}={v}" for k, v in WORKER_ENV.items()))
        return _Build(job, client).run()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class _Build:
    def __init__(self, job: BuildJob, client: Any) -> None:
        self.job, self.client = job, client
        self.sizes = [p.stat().st_size if p.is_file() else 0 for p in job.files]
        size = sum(self.sizes)
        workers = max(1, len(client.scheduler_info()["workers"]))
        self.size, self.workers = size, workers
        # at least eight batches a worker, so that none waits long for the last one
        self.batch_bytes = max(1, min(BATCH_BYTES, size // (8 * workers)))
        out = job.out.resolve()
        self.settings = Settings(
            work=str(out / WORK_DIR), shards=str(out / f".{SHARDS_DIR}.new"),
            # a multiple of the workers: none waits alone for the last partition of a stage
            parts=workers * math.ceil(size / PART_BYTES / workers) or workers,
            cache=str(job.cache_dir.resolve()) if job.cache_dir else None, limits=job.limits,
            aliases=str(Path(job.aliases_file).resolve()) if job.aliases_file else None,
            entity_aliases=(str(Path(job.entity_aliases_file).resolve())
                            if job.entity_aliases_file else None),
            base_iri=job.base_iri or DEFAULT_BASE_IRI, dataset=dataset_of(out),
            formats=tuple(formats.sharded()), reuse=job.reuse,
            reuse_threshold=job.reuse_threshold)
        self.problems: list[ProblemRow] = []

    def run(self) -> EngineResult:
        s, job = self.settings, self.job
        shutil.rmtree(s.work, ignore_errors=True)
        shutil.rmtree(s.shards, ignore_errors=True)
        try:
            read = self.read()
            identified = self.map(identify, gather((r["buckets"] for r in read), s.parts))
            self.problems += [p for r in identified for p in r["problems"]]
            edges = [r["edges"] for r in identified]
            if s.reuse:
                reuse = self.one(link_reuse, len(job.files))
                self.problems += reuse["problems"]
                edges.append(reuse["edges"])
            for problem in sorted(self.problems):
                job.on_problem(Problem(problem[4], problem[5]))
            node_parts = gather((r["nodes"] for r in identified), s.parts)
            edge_parts = gather(edges, s.parts)
            folded = self.map(fold, node_parts, edge_parts)
            counts = _merged_counts(r["counts"] for r in folded)
            if not counts["nodes"]["Plan"]:
                raise BuildError("nothing was built: no plan found in the input")
            round = self.plans(gather((r["plans"] for r in folded), s.parts))
            schema = _merged_schema(r["schema"] for r in folded)
            entries = [e for r in self.map(write_shards, [round] * s.parts,
                                           gather((r["lines"] for r in folded), s.parts),
                                           gather((r["kinds"] for r in folded), s.parts),
                                           [schema] * s.parts) for e in r]
            outputs = self.finish(entries, schema, counts)
        finally:
            shutil.rmtree(s.work, ignore_errors=True)
        files = [r for r in read]
        return EngineResult(outputs, counts, read=sum(r["read"] for r in files),
                            cached=sum(r["cached"] for r in files))

    # -- stages ----------------------------------------------------------------------------
    def map(self, task: Callable, *args: list) -> list[Any]:
        """``task(settings, part, *args)`` for every partition, on the cluster; the results in
        partition order. A task that fails stops the build."""
        stage = uuid.uuid4().hex
        futures = [self.client.submit(task, self.settings, part, *(a[part] for a in args),
                                      key=f"{task.__name__}-{part}-{stage}",
                                      pure=False)
                   for part in range(self.settings.parts)]
        with _stage(task.__name__):
            return self.client.gather(futures)

    def one(self, task: Callable, *args: Any) -> Any:
        """``task(settings, *args)``, once, on the cluster. A task that fails stops the
        build."""
        future = self.client.submit(task, self.settings, *args, pure=False,
                                    key=f"{task.__name__}-{uuid.uuid4().hex}")
        with _stage(task.__name__):
            return future.result()

    def read(self) -> list[dict[str, Any]]:
        """Stage 1; a batch whose task fails is read again file by file, and a file that fails
        alone is named and skipped."""
        from distributed import as_completed

        files = list(enumerate(str(p) for p in self.job.files))
        stage = uuid.uuid4().hex
        batches = list(_batches(files, self.sizes, self.batch_bytes, self.workers))
        futures = {self.client.submit(read_batch, self.settings, f"b{n}", batch,
                                      key=f"read-b{n}-{stage}", pure=False): batch
                   for n, batch in enumerate(batches)}
        done = as_completed(list(futures))
        results = []
        stream: Iterable[Any] = (self.job.progress(done, len(futures)) if self.job.progress
                                 else done)
        for future in stream:
            if future.status != "error":
                results.append(future.result())
                continue
            for index, name in futures[future]:  # file by file
                alone = self.client.submit(read_batch, self.settings, f"f{index}",
                                           [(index, name)], pure=False)
                try:
                    results.append(alone.result())
                except Exception as error:
                    self.problems.append((index, -1, 0, 0, name, "the worker reading it "
                                          f"failed ({type(error).__name__}: {error}); the "
                                          "other files were read on"))
        results.sort(key=lambda result: result["first"])  # file order, for identify
        for result in results:
            self.problems += result["problems"]
        return results

    def plans(self, buckets: list[list[Bucket]]) -> int:
        """Stage 4; the last round: the first that sends nothing on."""
        sent = self.map(gather_plans, buckets)
        round = 0
        while any(written.parts for written in sent):
            round += 1
            sent = self.map(take_plans, [round] * self.settings.parts,
                            gather(sent, self.settings.parts))
        return round

    def finish(self, entries: list[dict[str, Any]], schema: dict,
               counts: dict[str, Counter]) -> list[Path]:
        """The formats' last files, the manifest, the shards moved into place, and the
        single files where the graph is small enough."""
        s, job = self.settings, self.job
        root = Path(s.shards)
        for fmt in s.formats:
            for path in fmt.finish_shards(root / fmt.name, schema):
                entries.append(file_entry(root, path, fmt.name, 0))
        listed = {e["path"] for e in entries}
        for path in root.rglob("*"):  # a task's unfinished file, left by a lost worker
            if path.is_file() and str(path.relative_to(root)) not in listed:
                path.unlink()
        triples = sum(e["rows"] for e in entries if e["format"] == "nt")
        write_manifest(root, entries, engine="dask", dataset=s.dataset, base_iri=s.base_iri,
                       partitions=s.parts, input_bytes=self.size,
                       counts={part: dict(sorted(c.items())) for part, c in counts.items()},
                       triples=triples)
        final = job.out / SHARDS_DIR
        shutil.rmtree(final, ignore_errors=True)
        root.rename(final)
        outputs = [final / "manifest.json"]
        elements = sum(counts["nodes"].values()) + sum(counts["edges"].values())
        single = [job.out / n for n in ("graph.json", "graph.graphml",
                                        f"graph.{job.rdf_format}")]
        if elements <= SINGLE_FILES_LIMIT:
            kg = KnowledgeGraph.from_dict(self.graph())
            outputs = write_outputs(kg, job.out, job.rdf_format, job.base_iri) + outputs
        else:
            for path in single:
                path.unlink(missing_ok=True)  # a smaller build's, no longer this one's
            job.note(f"graph.json, graph.graphml and graph.{job.rdf_format} not written: "
                     f"{elements:,} nodes and edges (more than {SINGLE_FILES_LIMIT:,}); the "
                     f"graph is in {final}/ (see manifest.json)")
        return outputs

    def graph(self) -> dict[str, Any]:
        """The graph in node-link form, read from the folded partitions."""
        nodes, edges = [], []
        for part in range(self.settings.parts):
            nodes += [_node(r) for r in read_table(self.settings.path("fold",
                                                                      f"nodes-{part}.parquet"))]
            edges += [edge_of(r) for r in read_table(self.settings.path(
                "fold", f"edges-{part}.parquet"))]
        nodes.sort(key=lambda n: n["id"])
        edges.sort(key=lambda e: (e["source"], e["target"], edge_key(e["type"], e)))
        return {"nodes": nodes, "edges": edges}


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """A stage's tasks awaited: its time logged; a task that failed a BuildError."""
    start = time.perf_counter()
    try:
        yield
    except Exception as error:
        raise BuildError(f"the {name} stage failed: {type(error).__name__}: {error}") from error
    finally:
        log.debug("%s: %.2f s", name, time.perf_counter() - start)


def _worker_habits() -> list[str]:
    """What this worker does that :data:`WORKER_CONFIG` turns off, each a reason its memory
    grows."""
    habits = []
    if dask.config.get("distributed.worker.profile.enabled"):
        habits.append("profile their tasks and keep an hour of profiles (memory that grows "
                      "with the build's time)")
    pool = pa.default_memory_pool().backend_name
    if pool != "system":
        habits.append(f"allocate Arrow's memory from {pool}, which keeps what the tasks free "
                      "(memory that grows from task to task)")
    return habits


def _batches(files: list[tuple[int, str]], sizes: list[int], limit: int,
             workers: int) -> Iterator[list[tuple[int, str]]]:
    """Files in build order (their ``sizes`` in bytes), in batches of about ``limit`` bytes (at
    least one file each), and smaller towards the end (guided self-scheduling): none holds more
    than a 2·``workers``-th of the bytes still to batch, down to an eighth of ``limit``, so that
    the workers end the stage within a small batch of each other, not one idle while another
    reads a whole one."""
    left = sum(sizes)
    batch: list[tuple[int, str]] = []
    size = 0
    for item, file_size in zip(files, sizes, strict=True):
        batch.append(item)
        size += file_size
        if size >= max(limit // 8, min(limit, left // (2 * workers))):
            yield batch
            left -= size
            batch, size = [], 0
    if batch:
        yield batch


def _merged_counts(parts: Iterable[dict[str, Counter]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"nodes": Counter(), "edges": Counter()}
    for part in parts:
        for kind, found in part.items():
            counts[kind].update(found)
    return counts


def _merged_schema(parts: Iterable[dict]) -> dict[str, dict[str, dict[str, list[str]]]]:
    merged: dict[str, dict[str, dict[str, set[str]]]] = {"node": {}, "edge": {}}
    for part in parts:
        for kind, labels in part.items():
            for label, keys in labels.items():
                have = merged[kind].setdefault(label, {})
                for key, kinds in keys.items():
                    have.setdefault(key, set()).update(kinds)
    return {kind: {label: {k: sorted(v) for k, v in keys.items()}
                   for label, keys in labels.items()} for kind, labels in merged.items()}
