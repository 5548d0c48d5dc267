"""The keyed shuffle of the Dask engine: what one stage writes by partition, the next reads
back, each partition whole and alone."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from policykg.graph.partitions import gather, part_of, read_part, write_parts

ROWS = pa.schema([("key", pa.string()), ("n", pa.int32()), ("tags", pa.list_(pa.string()))])


def test_each_partition_reads_back_its_rows_from_every_writer(tmp_path: Path) -> None:
    parts = 7
    written = []
    for writer in range(3):
        rows = [{"key": f"k{writer}-{i}", "n": i, "tags": [str(i)] * (i % 3)}
                for i in range(40)]
        written.append(write_parts(tmp_path / f"{writer}.arrow", rows,
                                   lambda row: part_of(row["key"], parts), ROWS))
    buckets = gather(written, parts)
    seen = []
    for part in reversed(range(parts)):  # any order, each on its own
        rows = read_part(buckets[part])
        assert {part_of(row["key"], parts) for row in rows} <= {part}
        seen += rows
    assert sorted(row["key"] for row in seen) == sorted(
        f"k{w}-{i}" for w in range(3) for i in range(40))
    assert next(r for r in seen if r["key"] == "k1-5") == {"key": "k1-5", "n": 5,
                                                          "tags": ["5", "5"]}
    for part in range(parts):  # one column: the same values, in the same order
        assert read_part(buckets[part], "tags") == [r["tags"] for r in read_part(buckets[part])]


def test_a_partition_no_row_hashes_to_has_no_bucket(tmp_path: Path) -> None:
    written = write_parts(tmp_path / "one.arrow", [{"key": "a", "n": 1, "tags": []}],
                          lambda row: 2, ROWS)
    assert written.parts == (2,)
    assert gather([written], 4) == [[], [], [(str(tmp_path / "one.arrow"), 0)], []]
    assert read_part([]) == []
