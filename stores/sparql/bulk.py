"""Bulk loading the N-Triples shards of a sharded build (``build --engine dask``) into a local
Oxigraph store with ``oxigraph load``, the store's own loader, while no server runs on it; then
``oxigraph serve`` serves it.

A bulk load replaces the dataset: its named graph (:func:`policykg.stores.sparql.
dataset_graph`) and its push manifest are dropped (``oxigraph update``), the shards are loaded
into the graph, and the manifest is written as an incremental push would have written it
(:mod:`policykg.stores.sparql.push`): every triple of a subject is in the subject's shard, so
each shard's subjects are digested alone, a shard at a time. A later ``push sparql`` of a
rebuild to the server that serves the store writes only what changed.

Other servers have their own bulk loaders for the same shards, e.g. QLever's
``qlever-index`` (``cat shards/nt/*.nt | IndexBuilderMain -F nt -f - -i INDEX``) and
Virtuoso's ``ld_dir('…/shards/nt', '*.nt', 'GRAPH')`` then ``rdf_loader_run()``; for those,
push once afterwards to write the manifest (a full push, as the server then has none).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from policykg.graph.shards import read_manifest, shard_files
from policykg.stores.base import Report, StoreError
from policykg.stores.sparql.push import SubjectDigests, manifest_iri, manifest_triples


@dataclass
class BulkReport(Report):
    """What a bulk load wrote: files, triples and subjects, and the store's folder."""

    files: int = 0
    triples: int = 0
    subjects: int = 0
    location: str = ""

    def summary(self) -> str:
        return (f"bulk load: {self.triples} triples of {self.subjects} subjects from "
                f"{self.files} shard(s) loaded with oxigraph load")

    def notes(self) -> list[str]:
        return [f"serve it: oxigraph serve --location {self.location} --bind 127.0.0.1:7878"]


def oxigraph_program() -> str:
    """The ``oxigraph`` program: beside this Python (the ``oxigraph`` package of the test
    extra installs it there), else on the PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("no oxigraph program: pip install oxigraph (its server and loader)")
    return found


def _run(arguments: list[str]) -> None:
    done = subprocess.run([oxigraph_program(), *arguments], capture_output=True, text=True)
    if done.returncode:
        raise StoreError(f"oxigraph {arguments[0]} failed (exit {done.returncode}): "
                         f"{done.stderr.strip()[-2000:]}")


def bulk_load(shards: str | Path, location: str | Path, graph: str) -> BulkReport:
    """Load the N-Triples shards listed in the manifest in ``shards`` into the named graph
    ``graph`` of the Oxigraph store in the folder ``location`` (created if need be), with its
    push manifest (module docstring)."""
    try:
        manifest = read_manifest(shards)
    except FileNotFoundError as error:
        raise StoreError(str(error)) from error
    files = shard_files(manifest, "nt")
    if not files:
        raise StoreError(f"{manifest['root']}: the manifest lists no N-Triples shards")
    location = Path(location)
    location.mkdir(parents=True, exist_ok=True)
    target, entries_graph = NamedNode(graph), NamedNode(manifest_iri(graph))
    _run(["update", "--location", str(location), "--update",
          f"DROP SILENT GRAPH {target} ; DROP SILENT GRAPH {entries_graph}"])
    _run(["load", "--location", str(location), "--graph", graph,
          "--file", *map(str, files)])
    report = BulkReport(files=len(files), location=str(location))
    with tempfile.TemporaryDirectory() as tmp:
        written = []
        for n, path in enumerate(files):
            digests = SubjectDigests()
            with path.open(encoding="utf-8") as lines:
                digests.add(lines)
            entries = digests.entries()
            report.subjects += len(entries)
            report.triples += sum(e.triples for e in entries.values())
            out = Path(tmp) / f"manifest-{n:05d}.nt"
            out.write_bytes(manifest_triples((s, e.digest)
                                             for s, e in sorted(entries.items())))
            written.append(str(out))
        _run(["load", "--location", str(location), "--graph", entries_graph.value,
              "--file", *written])
    return report
