"""A build into an output folder: the files read, the graph built, its outputs written
(``graph.json``, ``graph.graphml`` and one RDF serialisation, all or none of them), and a record
of what the build depended on, so that a build whose input, options and code are unchanged is
not done again: its outputs are already what it would write, and its report is replayed.

    result = build_to(["corpus/"], "policykg-out")
    result.unchanged      # True when nothing was rebuilt
    result.counts["nodes"]["Plan"], result.problems, result.outputs
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from policykg.graph.atomic import all_or_nothing, check_writable, write_side_by_side
from policykg.graph.build import (
    Problem,
    ProblemHandler,
    Progress,
    build_files,
    default_workers,
    list_files,
)
from policykg.graph.cache import BuildRecord, build_digest
from policykg.graph.engines import BuildJob, EngineResult
from policykg.graph.engines import get as get_engine
from policykg.graph.formats import FormatError, get, names
from policykg.graph.gc_pause import gc_paused
from policykg.graph.kg import KnowledgeGraph
from policykg.loaders.limits import DEFAULT_LIMITS, Limits

BUILD_FORMATS = ("json", "graphml")  # a build writes these and one RDF format


class BuildError(RuntimeError):
    """A build that could not be done: its outputs can't be written, nothing was built, or its
    engine failed."""


@dataclass
class BuildResult:
    """What a build into a folder did: the files it wrote, the graph's node and edge counts per
    type, the problems with the input, and whether it was ``unchanged`` (not redone: the
    outputs, counts and problems are those of the last build, which had the same input,
    options and code)."""

    outputs: list[Path]
    counts: dict[str, Counter]
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False
    read: int | None = None  # files read (not taken from the cache), where the engine counts
    cached: int | None = None  # files taken from the cache, likewise


def write_outputs(kg: KnowledgeGraph, folder: str | Path, rdf_format: str = "ttl",
                  base_iri: str | None = None, workers: int = 1,
                  formats: Iterable[str] = BUILD_FORMATS) -> list[Path]:
    """The outputs of a build: ``formats`` (``graph.json`` and ``graph.graphml``) and the RDF
    serialisation ``rdf_format``, each under its file name in ``folder`` (created if need be),
    all or none of them; return the paths written. With ``workers`` > 1 the last ones are
    written by forked processes while this one writes the rest."""
    chosen = [get(name) for name in (*formats, rdf_format)]
    if not chosen[-1].rdf:
        raise FormatError(f"{rdf_format!r} is not an RDF format; choose one of "
                          f"{', '.join(names(rdf=True))}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[Path, Callable[[Path], object]]] = []
    for fmt in chosen:
        if fmt.file_name is None:
            raise FormatError(f"format {fmt.name} writes a folder, not an output of a build")
        jobs.append((folder / fmt.file_name, partial(fmt.write, kg, base_iri=base_iri)))
    with all_or_nothing(), gc_paused():  # the writers make rows and strings, no cycles
        write_side_by_side(jobs, workers)
    return [path for path, _ in jobs]


def build_to(paths: Iterable[str | Path] | None, out: str | Path, *, cache: bool = True,
             rdf_format: str = "ttl", base_iri: str | None = None,
             aliases_file: str | Path | None = None,
             entity_aliases_file: str | Path | None = None, workers: int | None = None,
             limits: Limits = DEFAULT_LIMITS, reuse: bool = True,
             reuse_threshold: float | None = None, on_problem: ProblemHandler | None = None,
             progress: Progress | None = None, engine: str = "memory",
             scheduler: str | None = None,
             on_note: Callable[[str], None] | None = None) -> BuildResult:
    """Build the documents under ``paths`` (default: the bundled corpus) into the folder
    ``out``. With ``cache``, what was read from each file is kept in ``out/.cache``, and a
    build whose input files, options and code are those of the last build into ``out`` is not
    done again (``unchanged``). ``on_problem`` hears of each problem with the input, also of
    those a replayed build reports; ``progress`` wraps the stream of files read. Options as
    for :func:`policykg.graph.build.build` (``reuse``, ``reuse_threshold``: passage reuse) and
    :func:`write_outputs` (``workers`` default: one per core, fewer for a small input).
    ``engine`` is a build engine of
    :mod:`policykg.graph.engines` (``dask``: on the Dask scheduler at ``scheduler``, else on a
    local cluster); ``on_note`` hears what a person should know of the build (a dashboard's
    address, an output not written). BuildError when ``out`` can't be written (checked
    before anything is read) or when no plan was found."""
    run = get_engine(engine)
    out = Path(out)
    try:
        check_writable(out)
    except OSError as error:
        raise BuildError(f"{out}: cannot write the outputs: {error}") from error
    listing: list[Problem] = []
    files = list_files(paths, listing.append)
    record = BuildRecord(out) if cache else None
    options: dict[str, Any] = {"aliases": aliases_file, "entity_aliases": entity_aliases_file,
                               "rdf": rdf_format, "base_iri": base_iri, "limits": limits,
                               "reuse": reuse and (reuse_threshold or "default"),
                               "engine": engine}
    digest = build_digest(files, options) if record else ""
    previous = record.unchanged(digest) if record else None
    if previous is not None:
        result = BuildResult([out / name for name in previous["outputs"]],
                             {part: Counter(counts) for part, counts in previous["counts"].items()},
                             [Problem(*problem) for problem in previous["problems"]],
                             unchanged=True)
        _tell(on_problem, result.problems)
        return result
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        _tell(on_problem, [problem])

    for problem in listing:
        report(problem)
    job = BuildJob(files, out, rdf_format=rdf_format, base_iri=base_iri,
                   aliases_file=aliases_file, entity_aliases_file=entity_aliases_file,
                   workers=workers, limits=limits, cache_dir=out / ".cache" if cache else None,
                   reuse=reuse, reuse_threshold=reuse_threshold,
                   on_problem=report, progress=progress, on_note=on_note, scheduler=scheduler)
    made = run(job)
    if record:
        record.save(digest, made.counts, [[p.path, p.message] for p in problems], made.outputs)
    return BuildResult(made.outputs, made.counts, problems, read=made.read, cached=made.cached)


def build_in_memory(job: BuildJob) -> EngineResult:
    """The ``memory`` engine: the files read by worker processes, the graph assembled here and
    written by :func:`write_outputs`."""
    workers = job.workers or default_workers(job.files)
    kg = build_files(job.files, aliases_file=job.aliases_file,
                     entity_aliases_file=job.entity_aliases_file, on_problem=job.on_problem,
                     progress=job.progress, workers=workers, limits=job.limits,
                     cache_dir=job.cache_dir, reuse=job.reuse,
                     reuse_threshold=job.reuse_threshold)
    counts = kg.counts()
    if not counts["nodes"]["Plan"]:
        raise BuildError("nothing was built: no plan found in the input")
    try:
        written = write_outputs(kg, job.out, job.rdf_format, job.base_iri, workers=workers)
    except OSError as error:
        raise BuildError(f"{job.out}: cannot write the outputs: {error}") from error
    return EngineResult(written, counts)


def _tell(on_problem: ProblemHandler | None, problems: list[Problem]) -> None:
    if on_problem is not None:
        for problem in problems:
            on_problem(problem)
