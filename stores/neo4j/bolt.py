"""Talking to a server over Bolt: where it is (:class:`Connection`, read from the arguments and
the NEO4J_* variables), one driver per server for the process, and how statements and their
parameters travel (:class:`Target`), which is where Neo4j and FalkorDB differ.

Neo4j takes Bolt parameters; FalkorDB's Bolt listener splices them into the query text
unescaped (and drops them past 4 KB), so for a server that fails the round-trip probe the
parameters are sent in FalkorDB's own parameter header, ``CYPHER rows=[…] UNWIND $rows …``,
written by :func:`policykg.graph.cypher.cypher_literal`; the query text keeps its ``$params``
either way.
"""

from __future__ import annotations

import atexit
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from policykg.graph.cypher import cypher_literal
from policykg.graph.property_graph import DATASET
from policykg.stores.base import StoreError

# A handshake that hangs (FalkorDB's Bolt listener sometimes ignores the first connection after
# a client said GOODBYE) fails after this many seconds and the managed transaction retries.
ACQUIRE_TIMEOUT = 5.0
PROBE = "a'b\"c\\d}`$e{\n"


class BoltError(StoreError):
    """The server could not be reached, or refused a statement."""


@dataclass(frozen=True)
class Connection:
    """A server: Bolt URI, user, password and database (FalkorDB: the graph's name)."""

    uri: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None,
                 database: str | None = None) -> Connection:
        """Arguments given win over NEO4J_URI, NEO4J_USER and NEO4J_DATABASE; the password
        comes only from NEO4J_PASSWORD."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise BoltError("no server: pass --uri or set NEO4J_URI "
                            "(bolt://, neo4j://, neo4j+s://)")
        return cls(uri, user or os.environ.get("NEO4J_USER"),
                   os.environ.get("NEO4J_PASSWORD"),
                   database or os.environ.get("NEO4J_DATABASE") or None)

    def driver(self) -> neo4j.Driver:
        return open_driver(self.uri, self.user, self.password)


@cache
def open_driver(uri: str, user: str | None, password: str | None) -> neo4j.Driver:
    """One driver (connection pool) per server and user for the life of the process, as the
    driver's manual advises; closed at exit. No password means no authentication."""
    auth = (user or "neo4j", password) if password else None
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth,
                                            connection_acquisition_timeout=ACQUIRE_TIMEOUT)
    except ValueError as error:
        raise BoltError(f"bad Neo4j URI {uri!r}: {error}") from error
    atexit.register(driver.close)
    return driver


@dataclass(frozen=True)
class Target:
    """A database on a server, and how to talk to it.

    ``inline`` False (Neo4j): Bolt parameters, managed transactions that the driver retries.
    ``inline`` True (FalkorDB, whose Bolt listener mangles parameters and has no transactions:
    BEGIN and COMMIT are acknowledged and ignored, and statements inside them go to another
    graph than those outside): parameters in the ``CYPHER`` header and auto-commit statements,
    retried here on the same errors for ``retry_seconds``. FalkorDB 4.16 also ignores the
    database name: every statement goes to one graph.
    """

    driver: neo4j.Driver
    database: str | None = None
    inline: bool = False
    retry_seconds: float = 30.0

    @classmethod
    def probe(cls, driver: neo4j.Driver, database: str | None = None) -> Target:
        """Send a hostile string as a Bolt parameter and read it back; if it comes back
        changed, use the ``CYPHER`` header, after checking that it round-trips."""
        for inline in (False, True):
            target = cls(driver, database, inline)
            try:
                if target.read("RETURN $probe AS v", probe=PROBE) == [{"v": PROBE}]:
                    return target
            except Neo4jError:
                continue
        raise BoltError("the server changes string parameters; refusing to load")

    def statement(self, query: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if not self.inline or not params:
            return query, params
        header = " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items())
        return f"CYPHER {header} {query}", {}

    def _run(self, query: str, params: dict[str, Any], write: bool,
             collect: Callable[[neo4j.Result], Any]) -> Any:
        text, values = self.statement(query, params)
        if not self.inline:
            with self.driver.session(database=self.database) as session:
                execute = session.execute_write if write else session.execute_read
                return execute(lambda tx: collect(tx.run(text, values)))
        deadline, delay = time.monotonic() + self.retry_seconds, 0.1
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    return collect(session.run(text, values))
            except (Neo4jError, DriverError) as error:
                if not error.is_retryable() or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(2 * delay, 2.0)

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._run(query, params, False, lambda result: result.data())

    def records(self, query: str, **params: Any) -> list[neo4j.Record]:
        """Like :meth:`read`, without copying each value into plain dicts and lists."""
        return self._run(query, params, False, list)

    def write(self, query: str, **params: Any) -> neo4j.SummaryCounters:
        return self._run(query, params, True, lambda result: result.consume().counters)


def connect(connection: Connection) -> Target:
    """The target of ``connection`` through the process's driver, parameters probed."""
    driver = connection.driver()
    try:
        for attempt in range(3):  # a FalkorDB handshake may hang once; a refusal is quick
            try:
                driver.verify_connectivity()
                break
            except neo4j.exceptions.ServiceUnavailable:
                if attempt == 2:
                    raise
        return Target.probe(driver, connection.database)
    except (Neo4jError, DriverError) as error:
        raise BoltError(f"cannot reach {connection.uri}: {type(error).__name__}: "
                             f"{error}".splitlines()[0]) from error


def server_counts(target: Target, dataset: str | None = None) -> dict[str, Counter]:
    """Node counts per label and relationship counts per type on the server (of ``dataset``
    only, when given)."""
    where = f" WHERE n.{DATASET} = $dataset" if dataset else ""
    rwhere = f" WHERE r.{DATASET} = $dataset" if dataset else ""
    params = {"dataset": dataset} if dataset else {}
    nodes = target.read(f"MATCH (n){where} RETURN labels(n)[0] AS label, count(n) AS n",
                        **params)
    rels = target.read(f"MATCH ()-[r]->(){rwhere} RETURN type(r) AS type, count(r) AS n",
                       **params)
    return {"nodes": Counter({r["label"]: r["n"] for r in nodes}),
            "edges": Counter({r["type"]: r["n"] for r in rels})}
