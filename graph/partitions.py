"""Keyed shuffles through files: rows spread over partitions by the hash of a key, each writer's
rows in one Parquet file with one row group per partition, and a partition read back from the
row groups that hold it.

This is how the Dask build (:mod:`policykg.graph.dask_engine`) moves records between its
stages: a task of one stage writes its rows once, by partition; a task of the next stage reads
one partition from every file of the stage before. The files live in a folder that every
worker sees (on one machine, the build's own; on a cluster, a shared filesystem).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from policykg.graph.atomic import atomic_write

Bucket = tuple[str, int]  # a file and the row group in it that holds one partition


def part_of(key: str, parts: int) -> int:
    """The partition of ``key`` among ``parts``, the same in every process (CRC-32: Python's
    own string hash differs between processes)."""
    return zlib.crc32(key.encode("utf-8")) % parts


def write_parts(path: Path, rows: Iterable[dict[str, Any]], part: Callable[[dict], int],
                schema: pa.Schema) -> dict[int, Bucket]:
    """Write ``rows`` to the Parquet file ``path``, one row group per partition (``part(row)``);
    the bucket of each partition that has rows."""
    by_part: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_part[part(row)].append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    buckets = {}
    with atomic_write(path, "wb") as handle, pq.ParquetWriter(handle, schema) as writer:
        for group, number in enumerate(sorted(by_part)):
            rows_of = by_part[number]
            writer.write_table(_table(rows_of, schema), row_group_size=len(rows_of))
            buckets[number] = (str(path), group)
    return buckets


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """``rows`` as a table of ``schema``, made column by column (several times faster than
    row by row, ``Table.from_pylist``)."""
    return pa.Table.from_pydict({name: [row[name] for row in rows] for name in schema.names},
                                schema)


def write_table(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    """Write ``rows`` to the Parquet file ``path`` (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as handle:
        pq.write_table(_table(rows, schema), handle)


def read_table(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a Parquet file (none when it does not exist)."""
    return pq.read_table(path).to_pylist() if Path(path).exists() else []


def read_part(buckets: Iterable[Bucket]) -> list[dict[str, Any]]:
    """The rows of one partition, from its ``buckets`` in the files of the stage before."""
    rows: list[dict[str, Any]] = []
    for path, group in buckets:
        rows.extend(pq.ParquetFile(path).read_row_group(group).to_pylist())
    return rows


def gather(results: Iterable[dict[int, Bucket]], parts: int) -> list[list[Bucket]]:
    """For each partition, its buckets among the ``results`` of the tasks of one stage."""
    found: list[list[Bucket]] = [[] for _ in range(parts)]
    for buckets in results:
        for number, bucket in buckets.items():
            found[number].append(bucket)
    return found
