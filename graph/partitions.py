"""Keyed shuffles through files: rows spread over partitions by the hash of a key, each writer's
rows in one Arrow IPC file with one record batch per partition, and a partition read back from
the batches that hold it; and the tables a stage keeps, one Parquet file each.

This is how the Dask build (:mod:`policykg.graph.dask_engine`) moves records between its
stages: a task of one stage writes its rows once, by partition; a task of the next stage reads
one partition from every file of the stage before. The files live in a folder that every
worker sees (on one machine, the build's own; on a cluster, a shared filesystem).

The shuffle files are Arrow IPC, not Parquet, because each reader takes one batch from every
writer's file: to read one row group a reader parses the whole Parquet footer, which lists
every row group's column chunks, so a stage of P tasks over P files of P row groups cost P³
(at 1,000× the corpus, 188 partitions, gathering the plans took 65 s, against 3 s at 100×); an
IPC file's footer is the offsets of its batches.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from policykg.graph.atomic import atomic_write

Bucket = tuple[str, int]  # a shuffle file and the batch in it that holds one partition


class Written(NamedTuple):
    """What one task wrote to a shuffle: its file, and the partition of each of its record
    batches in order. A task returns this, a number per partition, rather than a bucket per
    partition: a worker holds its tasks' results until their stage ends, and a stage has as
    many tasks as there are partitions."""

    path: str
    parts: tuple[int, ...]


NOTHING = Written("", ())  # what a task that wrote nothing returns
_IPC = pa.ipc.IpcWriteOptions(compression="lz4")


def part_of(key: str, parts: int) -> int:
    """The partition of ``key`` among ``parts``, the same in every process (CRC-32: Python's
    own string hash differs between processes)."""
    return zlib.crc32(key.encode("utf-8")) % parts


def write_parts(path: Path, rows: Iterable[dict[str, Any]], part: Callable[[dict], int],
                schema: pa.Schema) -> Written:
    """Write ``rows`` to the Arrow IPC file ``path``, one record batch per partition
    (``part(row)``) that has rows."""
    by_part: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_part[part(row)].append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    numbers = tuple(sorted(by_part))
    with atomic_write(path, "wb") as handle, \
            pa.ipc.new_file(handle, schema, options=_IPC) as writer:
        for number in numbers:
            writer.write_batch(pa.RecordBatch.from_pydict(_columns(by_part[number], schema),
                                                          schema=schema))
    return Written(str(path), numbers)


def _columns(rows: list[dict[str, Any]], schema: pa.Schema) -> dict[str, list[Any]]:
    """``rows`` column by column, as arrays are made (several times faster than row by row,
    ``from_pylist``)."""
    return {name: [row[name] for row in rows] for name in schema.names}


def arrow_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """``rows`` as an Arrow table of ``schema``."""
    return pa.Table.from_pydict(_columns(rows, schema), schema)


def write_table(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    """Write ``rows`` to the Parquet file ``path`` (atomically)."""
    write_arrow_table(path, arrow_table(rows, schema))


def write_arrow_table(path: Path, table: pa.Table) -> None:
    """Write the Arrow ``table`` to the Parquet file ``path`` (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as handle:
        pq.write_table(table, handle)


def read_arrow_table(path: str | Path) -> pa.Table:
    """A Parquet file as an Arrow table."""
    return pq.read_table(path)


def read_table(path: str | Path, filters: list[tuple[str, str, Any]] | None = None
               ) -> list[dict[str, Any]]:
    """The rows of a Parquet file (none when it does not exist); with ``filters`` (pyarrow's:
    ``[("changed", "=", True), ("node", "in", [...])]``, all must hold), only those rows are
    made Python objects."""
    return pq.read_table(path, filters=filters).to_pylist() if Path(path).exists() else []


def read_part(buckets: Iterable[Bucket], column: str | None = None) -> list[Any]:
    """The rows of one partition, from its ``buckets`` in the files of the stage before; with
    ``column``, that column's values only (no dict per row)."""
    return list(iter_part(buckets, column))


def iter_part(buckets: Iterable[Bucket], column: str | None = None) -> Iterator[Any]:
    """:func:`read_part`, a bucket at a time."""
    for path, batch in buckets:
        with pa.OSFile(path) as source:
            found = pa.ipc.open_file(source).get_batch(batch)
            rows = found.column(column).to_pylist() if column else found.to_pylist()
        yield from rows


def gather(results: Iterable[Written], parts: int) -> list[list[Bucket]]:
    """For each partition, its buckets in what the tasks of one stage wrote."""
    found: list[list[Bucket]] = [[] for _ in range(parts)]
    for written in results:
        for batch, number in enumerate(written.parts):
            found[number].append((written.path, batch))
    return found
