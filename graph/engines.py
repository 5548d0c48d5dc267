"""Build engines, in one registry that ``build --engine`` reads: how the files of a build are
turned into its graph and its outputs.

- ``memory`` (the default): files read by worker processes, the graph assembled in this
  process, then written (:func:`policykg.graph.outputs.build_in_memory`);
- ``dask``: reading, extraction and the assembly of the graph as tasks on a Dask cluster, the
  outputs written in shards by the workers, no process holding the whole graph
  (:mod:`policykg.graph.dask_engine`).

An engine is a function ``run(job: BuildJob) -> EngineResult`` and one registration::

    register(Engine("mine", "policykg_mine.engine:run", "what it is"))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policykg.graph.build import ProblemHandler, Progress
from policykg.graph.lazy import resolve
from policykg.loaders.limits import DEFAULT_LIMITS, Limits


class EngineError(ValueError):
    """An engine that is not registered."""


@dataclass
class BuildJob:
    """What an engine is given: the files, the output folder, the options of the build, and
    where to report problems (``on_problem``), progress and notes for a person (``on_note``:
    a dashboard's address, an output not written and why)."""

    files: list[Path]
    out: Path
    rdf_format: str = "ttl"
    base_iri: str | None = None
    aliases_file: str | Path | None = None
    entity_aliases_file: str | Path | None = None
    workers: int | None = None
    limits: Limits = DEFAULT_LIMITS
    cache_dir: Path | None = None
    reuse: bool = True  # passage reuse (REUSES, SIMILAR_TO edges)
    reuse_threshold: float | None = None  # default: the reuse engine's
    on_problem: ProblemHandler = print
    progress: Progress | None = None
    on_note: Callable[[str], None] | None = None
    scheduler: str | None = None  # the address of a Dask scheduler (dask only)

    def note(self, text: str) -> None:
        if self.on_note is not None:
            self.on_note(text)


@dataclass
class EngineResult:
    """What an engine made: the files written, the graph's counts per node and edge type, and
    how many files it read and took from the cache (None where it does not count them)."""

    outputs: list[Path]
    counts: dict[str, Counter]
    read: int | None = None
    cached: int | None = None


@dataclass(frozen=True)
class Engine:
    name: str
    run: Callable[[BuildJob], EngineResult] | str = field(repr=False)
    description: str = ""

    def __call__(self, job: BuildJob) -> EngineResult:
        return resolve(self.run)(job)


_ENGINES: dict[str, Engine] = {}


def register(engine: Engine) -> Engine:
    _ENGINES[engine.name] = engine
    return engine


def names() -> list[str]:
    return list(_ENGINES)


def get(name: str) -> Engine:
    try:
        return _ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(_ENGINES)}") \
            from None


register(Engine("memory", "policykg.graph.outputs:build_in_memory",
                "worker processes read the files; the graph is assembled in this process"))
register(Engine("dask", "policykg.graph.dask_engine:build_dask",
                "a Dask cluster reads the files and assembles the graph by keyed shuffles; "
                "the outputs are written in shards"))
