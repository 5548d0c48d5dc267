"""Sharded outputs: a graph too large for one process written as many files, one set per
partition, by the workers that hold the partitions.

A partition (:class:`GraphPart`) holds the nodes whose ids hash to it, the edges whose keys do
(PART_OF edges: whose sources do), the plans each of them comes from (``kg_plans`` of a load)
and the N-Triples lines whose subjects are its nodes or its edges' qualified nodes, so that
every triple of a subject is in the subject's shard. A format of the format registry
(:mod:`policykg.graph.formats`) that can be sharded names a *shard writer*, ``write(part,
folder) -> [(path, rows), ...]``, and may name a *finisher*, ``done(folder, schema) -> [path,
...]``, run once after every part is written (the headers of the Neo4j import CSVs);
``schema`` gives, for each node label and edge type, the kinds of the values of each property
(:func:`policykg.graph.property_graph.value_kind`) over the whole graph.

The shards of a build are listed in ``shards/manifest.json``: each file with its format, rows,
bytes and SHA-256, and the graph's counts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.graph.atomic import atomic_write
from policykg.graph.rdf import chunks

SHARDS_DIR = "shards"
MANIFEST = "manifest.json"
# For each node label ("node") and edge type ("edge"), each property's value kinds.
Schema = dict[str, dict[str, dict[str, list[str]]]]


@dataclass
class GraphPart:
    """One partition of a graph: its nodes and edges in node-link form, the plans of each
    (sorted), the N-Triples lines of its subjects (distinct), and what every shard writer may
    need to know of the whole. The lines, the largest part, are made as a writer reads them
    (``lines()``) and not kept."""

    index: int
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    node_plans: Mapping[str, list[str]]  # every node of the part's
    edge_plans: list[list[str]]  # one per edge, in the order of ``edges``
    lines: Callable[[], Iterable[str]]
    schema: Schema = field(default_factory=dict)
    dataset: str = ""

    def name(self, stem: str, suffix: str) -> str:
        """The file name of this part's shard of ``stem``: ``stem.part-00007.suffix``."""
        return f"{stem}.part-{self.index:05d}.{suffix}"


def write_nt_shard(part: GraphPart, folder: Path) -> list[tuple[Path, int]]:
    """The part's N-Triples lines as ``graph.part-NNNNN.nt``."""
    path = folder / part.name("graph", "nt")
    count = 0
    with atomic_write(path, "wb") as handle:
        for chunk in chunks(part.lines()):
            handle.write(chunk)
            count += chunk.count(b"\n")  # one a line: a literal's line breaks are escaped
    return [(path, count)]


def file_entry(root: Path, path: Path, format: str, rows: int) -> dict[str, Any]:
    """A shard's entry in the manifest: its path under ``root``, format, rows, bytes and
    SHA-256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return {"path": str(path.relative_to(root)), "format": format, "rows": rows,
            "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def write_manifest(root: Path, entries: list[dict[str, Any]], **facts: Any) -> Path:
    """``root/manifest.json``: ``facts`` (counts, dataset …) and the shard files, sorted."""
    path = root / MANIFEST
    with atomic_write(path) as handle:
        json.dump({**facts, "files": sorted(entries, key=lambda e: e["path"])}, handle,
                  ensure_ascii=False, indent=1)
    return path


def read_manifest(root: str | Path) -> dict[str, Any]:
    """The manifest of the shards in ``root`` (a build's ``shards`` folder, or the build's
    folder); FileNotFoundError saying how to make one."""
    root = Path(root)
    if (root / SHARDS_DIR / MANIFEST).exists():
        root = root / SHARDS_DIR
    path = root / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{path}: no shards here; run `policykg build --engine dask`")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["root"] = str(root)
    return manifest


def shard_files(manifest: dict[str, Any], format: str) -> list[Path]:
    """The files of ``format`` listed in ``manifest`` (as :func:`read_manifest` gives it)."""
    return [Path(manifest["root"]) / e["path"] for e in manifest["files"]
            if e["format"] == format]
