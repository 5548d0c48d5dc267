"""Fixtures shared by the test modules, and the markers of the tests that need more than
Python: ``server`` (a database server the suite starts: Oxigraph, FalkorDB's Bolt listener) and
``browser`` (Debian's headless Chromium). ``pytest -m "not server and not browser"`` runs the
rest. A test that uses a server fixture is marked ``server`` here; modules that start servers
or browsers themselves mark their tests.

The helpers behind the fixtures are in ``testkit`` (``tests/testkit/``)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from policykg.graph.kg import KnowledgeGraph
from policykg.stores.neo4j.bolt import Target, open_driver

from testkit.falkordb import FalkorServer
from testkit.oxigraph import oxigraph_server
from testkit.small_graph import make_small_kg

SERVER_FIXTURES = frozenset({"falkordb", "bolt_target", "oxigraph_url"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    return make_small_kg()


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of an Oxigraph server for the session (``/query``, ``/update``)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorServer]:
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["falkordb", "neo4j-env"])
def bolt_target(request: pytest.FixtureRequest) -> Target:
    """An empty database on FalkorDB, and on the NEO4J_URI server when that is set."""
    if request.param == "falkordb":
        server = request.getfixturevalue("falkordb")
        target = Target.probe(open_driver(server.uri, None, None), "policykg")
        target.write("MATCH (n) DETACH DELETE n")
        return target
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set")
    target = Target.probe(open_driver(uri, os.environ.get("NEO4J_USER"),
                                      os.environ.get("NEO4J_PASSWORD")),
                          os.environ.get("NEO4J_DATABASE") or None)
    target.write("MATCH (n) WHERE n.kg_hash IS NOT NULL DETACH DELETE n")
    return target
