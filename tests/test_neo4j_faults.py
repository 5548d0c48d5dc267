"""A load killed half way: kill -9 the FalkorDB server in the middle of a load (after a snapshot
has saved the half-loaded graph), restart it, load again: the result equals a clean load."""

from __future__ import annotations

import dataclasses
import time

import pytest

from policykg.stores.neo4j.bolt import BoltError, Target, open_driver, server_counts
from policykg.stores.neo4j.load import load_graph

from testkit.falkordb import FalkorServer, dump, without_internal_ids
from testkit.small_graph import make_small_kg, replicate


def target_of(server: FalkorServer) -> Target:
    target = Target.probe(open_driver(server.uri, None, None), "policykg")
    return dataclasses.replace(target, retry_seconds=2.0)


def test_killed_load_then_reload_equals_clean_load(tmp_path) -> None:
    kg = replicate(make_small_kg(), 300)
    server = FalkorServer(tmp_path / "falkordb", snapshots=True)
    server.start()
    try:
        target = target_of(server)
        killed: list[bool] = []

        def kill_midway(step: str, done: int, total: int) -> None:
            # Called between batches, in the loading thread: the load waits here until a
            # snapshot holds the batches written so far, then the server dies under it.
            if not killed and done > 0:
                since = time.time()
                server.wait_for_snapshot(since)
                server.kill()
                killed.append(True)

        with pytest.raises(BoltError):
            load_graph(kg, target, batch_size=20, progress=kill_midway)
        assert killed
        server.start()  # same data folder, new Bolt port
        target = target_of(server)
        half = sum(server_counts(target)["nodes"].values())
        assert 0 < half < len(kg)  # the snapshot kept a half-loaded graph

        report = load_graph(kg, target)
        assert report.nodes_created == len(kg) - half
        assert server_counts(target) == kg.counts()
        reloaded = without_internal_ids(dump(target))

        target.write("MATCH (n) DETACH DELETE n")
        load_graph(kg, target)
        assert without_internal_ids(dump(target)) == reloaded
    finally:
        server.stop()
