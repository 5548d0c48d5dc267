"""Stores: the database servers a build is loaded into and queried on, in one registry that
``policykg load``/``push`` and ``query --backend`` read.

Every store has the interface of :class:`policykg.stores.base.Store`: an instance is one dataset
on one server, ``load(kg) -> Report`` makes the dataset equal the graph, incrementally, and
``select(text, params)`` runs a query in the store's language on the dataset. Built in:
``neo4j`` (:mod:`policykg.stores.neo4j`) and ``sparql`` (:mod:`policykg.stores.sparql`). A new
store is one module and one registration::

    from policykg.stores import register
    from policykg.stores.base import Setting, Store

    class MyStore(Store):
        name, description, language = "mine", "my server", "cypher"
        settings = (Setting("url", "where it is"),)
        where = property(lambda self: self.options["url"])
        def load(self, kg, *, prune=False, progress=None): ...   # -> a Report
        def select(self, text, params): ...                    # -> rows as dicts

    register(MyStore)

and the CLI then offers ``policykg load mine --url …`` and ``query --backend mine``.
"""

from __future__ import annotations

from typing import Any

from policykg.graph.io import DEFAULT_DATASET, dataset_of
from policykg.stores.base import PruneRequired, Report, Setting, Store, StoreError
from policykg.stores.neo4j import Neo4jStore
from policykg.stores.sparql import SparqlStore

__all__ = ["DEFAULT_DATASET", "PruneRequired", "Report", "Setting", "Store", "StoreError",
           "dataset_of", "get", "names", "open_store", "register", "stores", "unregister"]

_STORES: dict[str, type[Store]] = {}


def register(store: type[Store]) -> type[Store]:
    """Add a store class to the registry (one of the same name is replaced); return it."""
    _STORES[store.name] = store
    return store


def unregister(name: str) -> None:
    _STORES.pop(name, None)


def stores() -> list[type[Store]]:
    """The registered store classes, in order of registration."""
    return list(_STORES.values())


def names() -> list[str]:
    return list(_STORES)


def get(name: str) -> type[Store]:
    """The store class called ``name``; StoreError naming the known ones if there is none."""
    try:
        return _STORES[name]
    except KeyError:
        raise StoreError(f"no store named {name!r}; known: {', '.join(_STORES)}") from None


def open_store(name: str, dataset: str = DEFAULT_DATASET, **settings: Any) -> Store:
    """The dataset ``dataset`` on the server of the store ``name`` that ``settings`` name
    (None values are left to the store's defaults)."""
    return get(name)(dataset, **{k: v for k, v in settings.items() if v is not None})


register(Neo4jStore)
register(SparqlStore)
