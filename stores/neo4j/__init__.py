"""The Neo4j store: a Neo4j 5 database, or another server that speaks Bolt and Neo4j 5's Cypher
(the tests use FalkorDB's Bolt listener). A dataset is the nodes and relationships whose
``kg_dataset`` is its name; the canned Cypher queries are scoped to it through ``$dataset``.

The connection: ``uri``, ``user`` and ``database``, else the NEO4J_URI, NEO4J_USER and
NEO4J_DATABASE variables; the password only from NEO4J_PASSWORD, never printed. Connecting and
loading are in :mod:`policykg.stores.neo4j.bolt` and :mod:`policykg.stores.neo4j.load`,
imported when first used (the driver takes a while to import).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.graph.kg import KnowledgeGraph
from policykg.stores.base import Progress, Report, Setting, Store, StoreError

if TYPE_CHECKING:
    from policykg.stores.neo4j.bolt import Target


class Neo4jStore(Store):
    name = "neo4j"
    description = "Neo4j 5, or another server speaking Bolt and Neo4j's Cypher"
    language = "cypher"
    settings = (
        Setting("uri", "bolt://, neo4j:// or neo4j+s:// URI", env="NEO4J_URI"),
        Setting("user", "user name; the password is read from $NEO4J_PASSWORD only",
                env="NEO4J_USER"),
        Setting("database", "database; the server's default when none is given (FalkorDB: "
                "the graph's name)", env="NEO4J_DATABASE"),
        Setting("batch_size", "rows per transaction", type=int, default=2000, load_only=True),
    )

    def __init__(self, dataset: str | None = None, *, target: Target | None = None,
                 **settings: Any) -> None:
        """``target``: a database already connected to (its settings are then not used)."""
        super().__init__(**({"dataset": dataset} if dataset else {}), **settings)
        self._target = target
        self._given = target is not None

    @property
    def where(self) -> str:
        database = (self._target.database if self._given and self._target
                    else self.options["database"]) or "(default database)"
        return f"{'(given target)' if self._given else self.options['uri']} {database}"

    def target(self) -> Target:
        """The database, connected to on first use."""
        if self._target is None:
            from policykg.stores.neo4j.bolt import Connection, connect

            self._target = connect(Connection.from_env(
                self.options["uri"], self.options["user"], self.options["database"]))
        return self._target

    def load(self, kg: KnowledgeGraph, *, prune: bool = False,
             progress: Progress | None = None) -> Report:
        from policykg.stores.neo4j.load import load_graph

        report = load_graph(kg, self.target(), dataset=self.dataset, prune=prune,
                            batch_size=self.options["batch_size"],
                            progress=progress and (lambda step, done, _: progress(step, done)))
        report.where = self.where
        return report

    def bulk_load(self, shards: Path) -> Report:
        """The ``neo4j-admin database import full`` command for the CSV shards
        (:mod:`policykg.stores.neo4j.bulk`): it runs on the server's machine."""
        from policykg.stores.neo4j.bulk import bulk_command

        report = bulk_command(shards, self.dataset, self.options["database"])
        report.where, report.dataset = str(shards), self.dataset
        return report

    def select(self, text: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        from neo4j.exceptions import DriverError, Neo4jError

        if "dataset" in params:
            raise StoreError("'dataset' is the store's own query parameter")
        try:
            return self.target().read(text, **params, dataset=self.dataset)
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"failed on the Bolt server: {type(error).__name__}: "
                             f"{error}".splitlines()[0]) from error
