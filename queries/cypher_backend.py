"""Running the canned Cypher queries (``cypher/NAME.cypher``) on a Neo4j or other Bolt server.

Parameters are passed as ``$param`` (see :class:`policykg.graph.neo4j.Target` for how they
travel to FalkorDB). Connection settings not given are read from NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD (only from there) and NEO4J_DATABASE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neo4j.exceptions import DriverError, Neo4jError

from policykg.graph.neo4j import Connection, Neo4jLoadError, Target, connect

if TYPE_CHECKING:
    from policykg.queries import CannedQuery


def cypher_rows(target: Target, query: CannedQuery, params: dict[str, str]) -> list[tuple]:
    """The rows of ``query`` on ``target``, values in ``query.columns`` order."""
    from policykg.queries import QueryError

    try:
        records = target.read(query.cypher, **params)
    except (Neo4jError, DriverError) as error:
        first = f"{type(error).__name__}: {error}".splitlines()[0]
        raise QueryError(f"{query.name} failed on the Bolt server: {first}") from error
    return [tuple(record[c] for c in query.columns) for record in records]


def neo4j_runner(query: CannedQuery, params: dict[str, str], *, uri: str | None = None,
                 user: str | None = None, database: str | None = None,
                 target: Target | None = None, **_options: Any) -> list[tuple]:
    """The ``neo4j`` backend of :func:`policykg.queries.run_query`: on ``target``, or on the
    server named by ``uri``/``user``/``database`` and the NEO4J_* variables."""
    from policykg.queries import QueryError

    if target is None:
        try:
            target = connect(Connection.from_env(uri, user, database))
        except Neo4jLoadError as error:
            raise QueryError(str(error)) from error
    return cypher_rows(target, query, params)


def run_cypher(name: str, params: dict[str, str] | None = None, *, uri: str | None = None,
               user: str | None = None, password: str | None = None,
               database: str | None = None) -> tuple[tuple[str, ...], list[tuple]]:
    """Run the canned query ``name`` on a Bolt server; returns (columns, rows), rows in the
    query's declared order. ``password`` falls back to NEO4J_PASSWORD."""
    from policykg.queries import check_params, get_query

    query = get_query(name)
    params = check_params(query, params)
    connection = Connection.from_env(uri, user, database)
    if password is not None:
        connection = Connection(connection.uri, connection.user, password, connection.database)
    rows = cypher_rows(connect(connection), query, params)
    return query.columns, query.sort(rows)
