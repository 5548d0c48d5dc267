"""What every store is: a kind of database server that a build is loaded into, one dataset at a
time, and that runs the canned queries on a dataset.

A *dataset* is a name for one build on a server. A load makes the dataset equal the build, and
touches nothing else: the dataset is a named graph on a SPARQL server, and the nodes and
relationships carrying the dataset's name on Neo4j, so that builds loaded under two names stay
side by side, whole. A load is incremental (it writes only what changed since the last load of
the dataset; loading the same build again writes nothing), and it deletes what the build no
longer has, unless that is most of what the dataset holds: then it refuses with
:class:`PruneRequired`, as a load of some other build into a dataset by mistake would, and
``prune=True`` (``--prune``) lets it go on. The CLI's default dataset is the name of the build's
folder (:func:`policykg.graph.io.dataset_of`). A store may also load the shards of a sharded
build with its server's own bulk loader (``bulk_load``, ``load --bulk``).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from policykg.graph.io import DEFAULT_DATASET
from policykg.graph.kg import KnowledgeGraph

PRUNE_SHARE = 0.5  # a load that would delete more than this share of a dataset asks for prune
Progress = Callable[[str, int], None]  # a step of a load, and how many of its items are done


class StoreError(RuntimeError):
    """A store could not be reached, refused a request, or was given bad settings."""


class PruneRequired(StoreError):
    """A load would delete most of what its dataset holds, and was not asked to."""


def check_prune(deleting: int, holding: int, what: str, dataset: str, prune: bool) -> None:
    """PruneRequired when deleting ``deleting`` of the ``holding`` ``what`` (nodes, subjects)
    that ``dataset`` holds is most of them and ``prune`` was not given."""
    if not prune and holding and deleting > PRUNE_SHARE * holding:
        raise PruneRequired(
            f"dataset {dataset!r} holds {holding} {what}; this load would delete {deleting} of "
            "them, as if it were another build. Load it under another dataset name "
            "(--dataset), or pass --prune to delete them")


@dataclass(frozen=True)
class Setting:
    """A setting of a store, which the CLI offers as ``--name`` (underscores as dashes).
    ``env``: the environment variable read when it is not given. ``load_only``: a setting of
    loads (batch size …), not of queries."""

    name: str
    help: str
    type: type = str
    default: Any = None
    flag: bool = False
    env: str | None = None
    load_only: bool = False


@dataclass
class Report:
    """What a load did. Each store's report adds its own counts and says them in
    :meth:`summary`."""

    where: str = ""  # the server, and the database or graph
    dataset: str = ""

    def summary(self) -> str:
        raise NotImplementedError

    def notes(self) -> list[str]:
        """What else a person should know of the load (how the server keeps ids unique …)."""
        return []

    def line(self) -> str:
        """One line for a person: where, which dataset, what was done."""
        return f"{self.where} dataset {self.dataset!r}: {self.summary()}"


class Store(ABC):
    """A kind of database server: its name, a line saying what it is, the query language of
    the canned queries it runs (``"sparql"`` or ``"cypher"``), and its settings. An instance
    is one dataset on one server: ``Store(dataset, **settings)``; settings not given take
    their ``env`` variable, then their default."""

    name: ClassVar[str]
    description: ClassVar[str]
    language: ClassVar[str]
    settings: ClassVar[tuple[Setting, ...]] = ()

    def __init__(self, dataset: str = DEFAULT_DATASET, **settings: Any) -> None:
        if not dataset or not dataset.strip():
            raise StoreError("a dataset needs a name")
        unknown = set(settings) - {s.name for s in self.settings}
        if unknown:
            raise StoreError(f"{self.name}: no setting {', '.join(sorted(unknown))}; "
                             f"its settings: {', '.join(s.name for s in self.settings)}")
        self.dataset = dataset
        self.options: dict[str, Any] = {}
        for setting in self.settings:
            value = settings.get(setting.name)
            if value is None and setting.env:
                value = os.environ.get(setting.env) or None
            self.options[setting.name] = setting.default if value is None else value

    @property
    @abstractmethod
    def where(self) -> str:
        """The server (and database or graph) in words, for reports and errors."""

    @abstractmethod
    def load(self, kg: KnowledgeGraph, *, prune: bool = False,
             progress: Progress | None = None) -> Report:
        """Make the dataset equal ``kg``, writing only what changed (module docstring)."""

    def bulk_load(self, shards: Path) -> Report:
        """Load the shards of a sharded build (its ``shards`` folder, :mod:`policykg.graph.
        shards`) with the server's own bulk loader, making the dataset equal the build; where
        the loader must run on the server's machine, the report's notes say the command."""
        raise StoreError(f"{self.name}: no bulk load; load the build without --bulk")

    @abstractmethod
    def select(self, text: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """The rows of the query ``text`` (in :attr:`language`) on the dataset, ``params``
        bound by the server, never spliced into the text."""
