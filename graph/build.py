"""The build: files in, knowledge graph out.

Each file is read into plain records (:mod:`policykg.loaders.extract`), in parallel processes
when there are several files (a large file of many plans in parts, one per process) and, with
a cache folder, only when its content changed. The
records are then added to one graph in file order: for each document a Plan with its issuers
and jurisdiction, its Tasks with the units that lead or support them, and the entities it names.
A document that is a plan already added (same title and, as evidence, the same document number
or the same tasks: :mod:`policykg.graph.identity`) only gives that plan one more source: its
tasks and edges are not counted twice, and whatever it reads otherwise is named in a problem.
A document that only shares a plan's title is a plan of its own, and the collision is reported.

Problems (a file that can't be read, an annotation that can't be parsed, a statement not
added) go to ``on_problem`` and the build goes on with the rest.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.corpus import CORPUS_DIR
from policykg.graph.cache import ExtractionCache, PickledDocument
from policykg.graph.gc_pause import gc_paused
from policykg.graph.identity import match_tasks, plan_id, same_plan
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.resolve import Jurisdiction, UnitNode, resolve_unit
from policykg.graph.resolve_entities import UserAliases, entity_id, load_user_aliases
from policykg.graph.workers import run_each
from policykg.loaders import LoadError
from policykg.loaders.documents import title_key
from policykg.loaders.extract import (
    WHOLE,
    DocumentRead,
    EntityRead,
    Extraction,
    Part,
    TaskRead,
    extract_file,
)
from policykg.loaders.files import iter_files
from policykg.loaders.limits import DEFAULT_LIMITS, Limits
from policykg.loaders.places import parent_of, place_type
from policykg.loaders.units import load_aliases, place_kind, split_place
from policykg.schema.model import PLACE_TYPES

log = logging.getLogger("policykg")


@dataclass(frozen=True)
class Problem:
    """Something the build could not do with one file, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


ProblemHandler = Callable[[Problem], None]
# wraps a stream of work done (the files read), given its length: a progress bar
Progress = Callable[[Iterable[Any], int], Iterable[Any]]


def _log_problem(problem: Problem) -> None:
    log.warning("%s", problem)


def build(paths: Iterable[str | Path] | None = None, *, aliases_file: str | Path | None = None,
          entity_aliases_file: str | Path | None = None,
          on_problem: ProblemHandler = _log_problem, progress: Progress | None = None,
          workers: int = 1, cache_dir: str | Path | None = None,
          limits: Limits = DEFAULT_LIMITS, reuse: bool = True,
          reuse_threshold: float | None = None) -> KnowledgeGraph:
    """Build the graph of the documents under ``paths`` (default: the bundled corpus).

    ``aliases_file`` adds the user's department aliases to the shipped table;
    ``entity_aliases_file`` merges or splits named entities (format:
    :mod:`policykg.graph.resolve_entities`). ``workers`` processes read the files
    (:mod:`policykg.graph.workers`), each file within ``limits``; ``cache_dir`` keeps what was
    read from each file, keyed by its content. ``progress`` wraps the stream of files read,
    given its length (e.g. a progress bar). With ``reuse``, plans that share passages are
    linked (REUSES, SIMILAR_TO) where the score reaches ``reuse_threshold`` (default: the
    engine's, :data:`policykg.graph.reuse.THRESHOLD`)."""
    return build_files(list_files(paths, on_problem), aliases_file=aliases_file,
                       entity_aliases_file=entity_aliases_file, on_problem=on_problem,
                       progress=progress, workers=workers, cache_dir=cache_dir, limits=limits,
                       reuse=reuse, reuse_threshold=reuse_threshold)


def list_files(paths: Iterable[str | Path] | None,
               on_problem: ProblemHandler = _log_problem) -> list[Path]:
    """The document files under ``paths`` (default: the bundled corpus); a path that does not
    exist or a folder that can't be read goes to ``on_problem``."""
    return list(iter_files(paths or [CORPUS_DIR],
                           on_error=lambda e: on_problem(Problem(str(e.path), e.reason))))


def build_files(files: list[Path], *, aliases_file: str | Path | None = None,
                entity_aliases_file: str | Path | None = None,
                on_problem: ProblemHandler = _log_problem, progress: Progress | None = None,
                workers: int = 1, cache_dir: str | Path | None = None,
                limits: Limits = DEFAULT_LIMITS, reuse: bool = True,
                reuse_threshold: float | None = None) -> KnowledgeGraph:
    """:func:`build` of the files ``files`` (as :func:`list_files` gives them)."""
    builder = GraphBuilder(aliases_file=aliases_file, entity_aliases_file=entity_aliases_file,
                           on_problem=on_problem)
    extractions = read_files(files, workers=workers, cache_dir=cache_dir, limits=limits)
    with gc_paused():
        for extraction in progress(extractions, len(files)) if progress else extractions:
            for message in extraction.problems:
                on_problem(Problem(extraction.path, message))
            builder.add(extraction)
        if reuse:
            builder.add_reuse(reuse_threshold)
    return builder.kg


def read_files(files: list[Path], *, workers: int = 1, cache_dir: str | Path | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Iterator[Extraction]:
    """The records of each file, in the order of ``files``. Files with a cache entry are not
    read again; their entries are loaded one at a time, as the stream reaches them. The
    workers that read the other files also store what they read in the cache."""
    cache = ExtractionCache(cache_dir) if cache_dir else None
    keys = [cache.key(path) for path in files] if cache else [None] * len(files)
    cached = [cache is not None and cache.has(key) for key in keys]
    todo = [(path, key) for path, key, hit in zip(files, keys, cached, strict=True) if not hit]
    fresh = _extract_all(todo, workers, cache, limits)
    for path, key, hit in zip(files, keys, cached, strict=True):
        extraction = cache.get(path, key) if cache is not None and hit else next(fresh)
        yield extraction or _extract(path, key, cache, limits)  # a corrupt entry is read again


def read_file(path: Path, cache: ExtractionCache | None = None,
              limits: Limits = DEFAULT_LIMITS) -> tuple[Extraction, list[PickledDocument], bool]:
    """The records of one file, from ``cache`` where it holds them (else read, and stored
    there); each of its documents pickled (:class:`~policykg.graph.cache.PickledDocument`),
    once for both the cache and the caller; and whether the file was read."""
    key = cache.key(path) if cache is not None else None
    extraction = cache.get(path, key) if cache is not None and cache.has(key) else None
    read = extraction is None
    if extraction is None:
        extraction = _read(path, limits)
    documents = [PickledDocument.of(doc) for doc in extraction.documents]
    if read and cache is not None and key is not None and not extraction.failed:
        cache.put_documents(key, extraction, documents)
    return extraction, documents, read


PART_BYTES = 256 * 1024  # a smaller file is never read in parts


def parts_of(size: int, workers: int, total: int) -> int:
    """In how many parts (:class:`~policykg.loaders.extract.Part`) ``workers`` processes read
    a file of ``size`` bytes among files of ``total`` bytes: one that holds more than a
    worker's share of the work (a compilation among small files) is read by several, each
    loading it and reading its part of the plans; among files of like size each is read whole
    (a part costs its loading again)."""
    if size < PART_BYTES or workers < 2:
        return 1
    return max(1, min(workers, round(size * workers / total)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # gone: reading it says so


def _extract_all(todo: list[tuple[Path, str | None]], workers: int,
                 cache: ExtractionCache | None, limits: Limits) -> Iterator[Extraction]:
    sizes = [_size(path) for path, _ in todo]
    total = sum(sizes)
    counts = [parts_of(size, workers, total) for size in sizes]
    workers = max(1, min(workers, sum(counts)))
    if workers == 1:
        yield from (_extract(path, key, cache, limits) for path, key in todo)
        return
    items = [(path, key if count == 1 else None, cache, limits, Part(index, count))
             for (path, key), count in zip(todo, counts, strict=True) for index in range(count)]
    results = run_each(_extract_pickled, items, workers, limits, _died)
    for (_, key), count in zip(todo, counts, strict=True):
        if count == 1:
            yield pickle.loads(next(results))
            continue
        extraction = Extraction.joined([pickle.loads(next(results)) for _ in range(count)])
        _store(cache, key, extraction)
        yield extraction


def _extract(path: Path, key: str | None, cache: ExtractionCache | None,
             limits: Limits) -> Extraction:
    """What ``path`` holds (stored in ``cache`` under ``key``), or why it can't be read."""
    extraction = _read(path, limits)
    _store(cache, key, extraction)
    return extraction


def _store(cache: ExtractionCache | None, key: str | None, extraction: Extraction,
           data: bytes | None = None) -> None:
    """Keep ``extraction`` (pickled: ``data``) in ``cache`` under ``key``, unless it failed."""
    if cache is not None and key is not None and not extraction.failed:
        cache.put(key, data or pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))


def _extract_pickled(path: Path, key: str | None, cache: ExtractionCache | None,
                     limits: Limits, part: Part = WHOLE) -> bytes:
    """:func:`_extract` (of ``part`` of the file) in a worker process, pickled once for both
    the cache and the way back; a part is not stored (its whole file is, once joined)."""
    extraction = _read(path, limits, part)
    data = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
    _store(cache, key, extraction, data)
    return data


def _died(item: tuple, how: str) -> bytes:
    """The record of a file whose reading process died."""
    path = item[0]
    return pickle.dumps(Extraction(str(path), problems=[
        f"the process reading it died ({how}); the other files were read on"], failed=True))


def _read(path: Path, limits: Limits, part: Part = WHOLE) -> Extraction:
    try:
        return extract_file(path, limits, part)
    except LoadError as error:
        return Extraction(str(error.path), problems=[error.reason], failed=True)
    except MemoryError:
        return Extraction(str(path), failed=True, problems=[
            f"reading it needed more than {limits.memory_mb:,.0f} MB (--max-memory-mb)"])
    except Exception as error:  # a reader's bug must cost only its file
        return Extraction(str(path), failed=True, problems=[
            f"could not be read: {type(error).__name__}: {error}"])


def default_workers(files: list[Path]) -> int:
    """One process per core, but no more than ``files`` (in parts: :func:`parts_of`) can keep
    busy: starting a process and loading the dictionaries into it costs about as much as
    reading a quarter of a megabyte."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    sizes = [_size(path) for path in files]
    total = sum(sizes)
    parts = sum(parts_of(size, cores, total) for size in sizes)
    return max(1, min(cores, parts, int(total / 1e6 * 4)))


@dataclass
class PlanSource:
    """The first source of a plan: what later sources of the same plan are checked against."""

    id: str
    file: str
    doc: DocumentRead
    where: Jurisdiction
    task_ids: list[str] = field(default_factory=list)


def add_plan_reuse(kg: KnowledgeGraph, plans: Iterable[PlanSource], threshold: float | None,
                   on_problem: ProblemHandler) -> None:
    """REUSES and SIMILAR_TO edges between ``plans`` (nodes of ``kg``, in the order they were
    added), from their passages (:mod:`policykg.graph.reuse`; ``threshold`` default: the
    engine's). Without the ``reuse`` extra, a problem says so and the graph has none."""
    try:
        from policykg.graph.reuse.edges import PlanPassages, add_reuse
        from policykg.graph.reuse.engine import PlanText
    except ImportError as error:
        on_problem(Problem("passage reuse", f"not looked for: it needs {error.name} "
                           "(pip install 'policykg[reuse]'; --no-reuse builds without it)"))
        return
    passages = [PlanPassages(PlanText.read(source.id, source.doc), source.task_ids)
                for source in plans]
    add_reuse(kg, passages, **({} if threshold is None else {"threshold": threshold}))


class GraphBuilder:
    """Adds what was read from files, one file at a time, to a KnowledgeGraph."""

    def __init__(self, *, aliases_file: str | Path | None = None,
                 entity_aliases_file: str | Path | None = None,
                 on_problem: ProblemHandler = _log_problem) -> None:
        self.kg = KnowledgeGraph()
        self.aliases = load_aliases(Path(aliases_file) if aliases_file else None)
        self.entity_aliases = (load_user_aliases(entity_aliases_file) if entity_aliases_file
                               else UserAliases())
        self.on_problem = on_problem
        self.plans: dict[str, list[PlanSource]] = {}  # title key -> the plans of that title

    def add(self, extraction: Extraction) -> None:
        for document in extraction.documents:
            self.add_document(extraction.file, document, extraction.path)

    def add_reuse(self, threshold: float | None = None) -> None:
        """REUSES and SIMILAR_TO edges between the plans added (:func:`add_plan_reuse`)."""
        add_plan_reuse(self.kg, [source for namesakes in self.plans.values()
                                 for source in namesakes], threshold, self.on_problem)

    # -- one document -----------------------------------------------------------------------
    def add_document(self, file: str, doc: DocumentRead, path: str | None = None) -> str:
        """Add the plan ``doc`` read from ``file`` (the name of the file at ``path``); its
        id. A document that is a plan already added (:func:`policykg.graph.identity.same_plan`)
        adds only its source."""
        kg = self.kg
        key = title_key(doc.title)
        namesakes = self.plans.setdefault(key, [])
        for earlier in namesakes:
            why = same_plan(earlier.doc, doc)
            if why:
                self._add_source(earlier, file, doc, why, path or file)
                return earlier.id
        plan = plan_id(key, kg, doc, file)
        if namesakes:
            others = ", ".join(f"{p.id} ({p.file})" for p in namesakes)
            self.on_problem(Problem(path or file,
                                    f"plan title {doc.title!r} collides with {others}: no "
                                    f"common document number or tasks, so kept apart as {plan}"))
        where = self._jurisdiction(plan, doc)
        source = PlanSource(plan, file, doc, where)
        namesakes.append(source)
        kg.add_node(plan, "Plan", doc.title, sources=[file], jurisdiction=where.name,
                    issuer=self._issuer(doc), doc_number=doc.doc_number, date=doc.date,
                    period=doc.period, chars=doc.chars or None)
        if where.name and where.type:
            kg.add_edge(plan, self._place(where.type, where.name), "JURISDICTION")
        for rank, (name, span) in enumerate(doc.issuers, 1):
            unit = self._unit(name, where)
            kg.add_edge(plan, unit.id, "ISSUED_BY", rank=rank, **span.provenance())
        source.task_ids = [self._add_task(plan, n, task, where)
                           for n, task in enumerate(doc.tasks, 1)]
        for entity in doc.entities:
            node = self._entity(entity)
            origin = plan if entity.task is None else source.task_ids[entity.task]
            cue = {"cue": entity.cue} if entity.cue else {}
            kg.add_edge(origin, node, "MENTIONS", plan=plan, rule=entity.rule, **cue,
                        **entity.span.provenance())
            if entity.host is not None:
                kg.add_edge(self._entity(entity.host), node, "HOSTS", plan=plan,
                            **entity.span.provenance())
        return plan

    @staticmethod
    def _issuer(doc: DocumentRead) -> str | None:
        return "、".join(name for name, _ in doc.issuers) or None

    def _add_source(self, plan: PlanSource, file: str, doc: DocumentRead, why: str,
                    path: str) -> None:
        """Record ``file`` as one more source of ``plan``; fill in the front matter the plan
        lacks, and report what ``doc`` reads that the plan's first source does not."""
        self.kg.add_node(plan.id, "Plan", plan.doc.title, sources=[file],
                         issuer=self._issuer(doc), doc_number=doc.doc_number, date=doc.date,
                         period=doc.period)
        missing = self._not_in(plan, doc)
        if missing:
            self.on_problem(Problem(path, f"{doc.title!r} is one plan with {plan.file} ({why}): "
                                          f"kept as read there; not added from this file: "
                                          + "; ".join(missing)))

    def _not_in(self, plan: PlanSource, doc: DocumentRead) -> list[str]:
        """What ``doc``, a later source of ``plan``, holds that the plan's graph does not:
        tasks, responsibilities, issuers and entity mentions, each named."""
        graph = self.kg.graph
        missing: list[str] = []
        for task, at in zip(doc.tasks, match_tasks(plan.doc.tasks, doc.tasks), strict=True):
            if at is None:
                missing.append(f"task {_task_name(task)} ({len(task.units)} unit(s))")
                continue
            have = {(s, k) for s, _, k in graph.in_edges(plan.task_ids[at], keys=True)}
            missing.extend(f"{role.edge} {role.surface} on task {_task_name(task)}"
                           for role in task.units
                           if (resolve_unit(role.name, plan.where, self.aliases, entity_id).id,
                               role.edge) not in have)
        issuers = {t for _, t, k in graph.out_edges(plan.id, keys=True) if k == "ISSUED_BY"}
        missing.extend(f"ISSUED_BY {name}" for name, _ in doc.issuers
                       if resolve_unit(name, plan.where, self.aliases, entity_id).id
                       not in issuers)
        named = {t for origin in (plan.id, *plan.task_ids)
                 for _, t, k in graph.out_edges(origin, keys=True) if k == "MENTIONS"}
        mentions = dict.fromkeys(e.surface for e in doc.entities
                                 if self._entity_id(e) not in named)
        if mentions:
            missing.append("MENTIONS " + "、".join(mentions))
        return missing

    def _add_task(self, plan: str, ordinal: int, task: TaskRead, where: Jurisdiction) -> str:
        kg = self.kg
        task_id = f"{plan}#{ordinal}"
        kg.add_node(task_id, "Task", task.title, plan=plan, number=task.number,
                    title=task.title, text=task.text, section=list(task.section),
                    **{k: v for k, v in task.span.provenance().items() if k != "quote"})
        kg.add_edge(plan, task_id, "HAS_TASK")
        for role in task.units:
            unit = self._unit(role.name, where, role.surface)
            kg.add_edge(unit.id, task_id, role.edge, label=role.label, rank=role.rank,
                        plan=plan, surface=role.surface, **task.annotation.provenance())
        return task_id

    # -- nodes ------------------------------------------------------------------------------
    def _jurisdiction(self, plan: str, doc: DocumentRead) -> Jurisdiction:
        """The plan's place: from the place registry, else a leading name with a level word
        (甲市…); local units of a plan whose place is unknown are scoped to the plan."""
        found = doc.jurisdiction or _leading_place(doc.title)
        if found is None:
            return Jurisdiction(None, None, None, fallback=plan)
        kind, name = found
        province = name if kind == "Province" else parent_of(name)
        return Jurisdiction(name, kind, province)

    def _place(self, kind: str, name: str, aliases: list[str] | None = None) -> str:
        """The node of a place, joined to the place above it. The registry's type of a
        known place wins over the type a caller guessed (崇州市 is a county-level city)."""
        node = entity_id(kind, name)
        if node in self.kg:  # joined to the place above when first added
            self.kg.add_node(node, self.kg.node(node)["type"], name, aliases or [])
            return node
        self.kg.add_node(node, place_type(name) or kind, name, aliases or [])
        parent = parent_of(name)
        if parent and parent != name:
            self.kg.add_edge(node, self._place("City", parent), "PART_OF")
        return node

    def _unit(self, name: str, where: Jurisdiction, surface: str | None = None) -> UnitNode:
        unit = resolve_unit(name, where, self.aliases, entity_id)
        aliases = [a for a in (name, surface) if a]
        if unit.type in PLACE_TYPES:
            self._place(unit.type, unit.name, aliases)
            return unit
        props = {"jurisdiction": unit.jurisdiction, "level": unit.level}
        self.kg.add_node(unit.id, unit.type, unit.name, aliases, **props)
        if unit.type == "Department" and unit.jurisdiction and where.name:
            scope_kind = (where.type if unit.jurisdiction == where.name else
                          "Province" if unit.jurisdiction == where.province else None)
            if scope_kind:
                self.kg.add_edge(unit.id, self._place(scope_kind, unit.jurisdiction), "PART_OF")
        return unit

    def _entity_id(self, entity: EntityRead) -> str:
        """The id of the node an entity mention stands for (as :meth:`_entity` makes it)."""
        return entity_id(entity.type,
                         self.entity_aliases.canonical(entity.type, entity.name, entity.surface))

    def _entity(self, entity: EntityRead) -> str:
        name = self.entity_aliases.canonical(entity.type, entity.name, entity.surface)
        if entity.type in PLACE_TYPES:
            return self._place(entity.type, name, [entity.surface])
        node = entity_id(entity.type, name)
        props = {"kind": entity.kind, "level": entity.level} if entity.type == "Platform" else {}
        self.kg.add_node(node, entity.type, name, [entity.surface], **props)
        return node


def _task_name(task: TaskRead) -> str:
    return f"{task.number} {task.title}" if task.number else task.title


def _leading_place(title: str) -> tuple[str, str] | None:
    place, _ = split_place(title)
    return (place_kind(place), place) if place else None
