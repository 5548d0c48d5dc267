"""Bulk loading the Neo4j import CSVs of a sharded build (``build --engine dask``):
``neo4j-admin database import full``, which runs on the server's machine into a database that
is stopped (or new), so a bulk load here says the command rather than running it.

Each node label's files and each relationship type's files follow their header file
(``nodes_Plan.header.csv,nodes_Plan.part-00000.csv,…``); values of array properties are joined
by U+001F. The rows carry ``kg_dataset``, ``kg_plans`` and ``kg_hash`` as a load writes them,
so a later ``policykg load neo4j`` of the same dataset sees the import as its own and writes
only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.shards import read_manifest, shard_files
from policykg.stores.base import Report, StoreError

ARRAY_DELIMITER = "U+001F"  # exports/neo4j.py joins arrays with this character


def import_command(files: Iterable[Path], database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for import CSVs: the files of each
    label or type after its header file."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(files, key=lambda p: (".header." not in p.name, p.name)):
        kind, _, label = path.name.split(".")[0].partition("_")
        groups.setdefault((kind, label), []).append(path)
    parts = ["neo4j-admin database import full", f"--array-delimiter={ARRAY_DELIMITER}",
             "--id-type=string"]
    for (kind, _), paths in sorted(groups.items()):
        option = "--nodes" if kind == "nodes" else "--relationships"
        parts.append(f"{option}={','.join(str(p) for p in paths)}")
    return " \\\n  ".join([*parts, database])


@dataclass
class ImportReport(Report):
    command: str = ""

    def summary(self) -> str:
        return ("run on the server's machine, the database stopped:\n" + self.command)


def bulk_command(shards: str | Path, dataset: str, database: str | None) -> ImportReport:
    """The import command for the CSV shards listed in the manifest in ``shards``, which must
    have been written for ``dataset``."""
    try:
        manifest = read_manifest(shards)
    except FileNotFoundError as error:
        raise StoreError(str(error)) from error
    if manifest.get("dataset") != dataset:
        raise StoreError(f"the shards were written for dataset {manifest.get('dataset')!r}, "
                         f"not {dataset!r}: pass --dataset {manifest.get('dataset')}")
    files = [p.resolve() for p in shard_files(manifest, "neo4j-csv")]
    if not files:
        raise StoreError(f"{manifest['root']}: the manifest lists no Neo4j import CSVs")
    return ImportReport(command=import_command(files, database or "neo4j"))
