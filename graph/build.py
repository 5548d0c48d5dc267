"""The build: files in, knowledge graph out.

For each file: load and clean it, find its responsibility annotations, split it into its
documents, and for each document add a Plan with its issuers and jurisdiction, its Tasks with
the units that lead or support them, and the entities it names. A plan already added from an
earlier source only gains that source: its tasks and edges are not counted twice.

Problems (a file that can't be read, an annotation that can't be parsed) go to ``on_problem``
and the build goes on with the rest.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from policykg.corpus import CORPUS_DIR
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.resolve import Jurisdiction, UnitNode, resolve_unit
from policykg.graph.resolve_entities import UserAliases, entity_id, load_user_aliases
from policykg.loaders import LoadError, load
from policykg.loaders.annotations import Annotation, edges, find_annotations
from policykg.loaders.documents import Document, split_documents, title_key
from policykg.loaders.entities import (
    EntityMention,
    find_entities,
    jurisdiction_of,
    parent_of,
    place_type,
)
from policykg.loaders.files import iter_files
from policykg.loaders.tasks import TaskRecord, extract_tasks
from policykg.loaders.text import SourceText
from policykg.loaders.units import load_aliases, split_place

log = logging.getLogger("policykg")


@dataclass(frozen=True)
class Problem:
    """Something the build could not do with one file, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


ProblemHandler = Callable[[Problem], None]


def _log_problem(problem: Problem) -> None:
    log.warning("%s", problem)


def build(paths: Iterable[str | Path] | None = None, *, aliases_file: str | Path | None = None,
          entity_aliases_file: str | Path | None = None,
          on_problem: ProblemHandler = _log_problem,
          progress: Callable[[list[Path]], Iterable[Path]] | None = None) -> KnowledgeGraph:
    """Build the graph of the documents under ``paths`` (default: the bundled corpus).

    ``progress`` wraps the list of files (e.g. a progress bar); ``aliases_file`` adds the
    user's department aliases to the shipped table; ``entity_aliases_file`` merges or splits
    named entities (format: :mod:`policykg.graph.resolve_entities`)."""
    builder = GraphBuilder(aliases_file=aliases_file, entity_aliases_file=entity_aliases_file,
                           on_problem=on_problem)
    files = list(iter_files(paths or [CORPUS_DIR],
                            on_error=lambda e: on_problem(Problem(str(e.path), e.reason))))
    for path in progress(files) if progress else files:
        builder.add_file(path)
    return builder.kg


class GraphBuilder:
    """Adds files, one at a time, to a KnowledgeGraph."""

    def __init__(self, *, aliases_file: str | Path | None = None,
                 entity_aliases_file: str | Path | None = None,
                 on_problem: ProblemHandler = _log_problem) -> None:
        self.kg = KnowledgeGraph()
        self.aliases = load_aliases(Path(aliases_file) if aliases_file else None)
        self.entity_aliases = (load_user_aliases(entity_aliases_file) if entity_aliases_file
                               else UserAliases())
        self.on_problem = on_problem

    def add_file(self, path: str | Path) -> None:
        try:
            source = load(path)
        except LoadError as error:
            self.on_problem(Problem(str(error.path), error.reason))
            return
        self.add_source(source)

    def add_source(self, source: SourceText) -> None:
        annotations = find_annotations(source.text)
        for annotation in annotations:
            for warning in annotation.warnings:
                line = source.original.count("\n", 0, source.original_span(
                    annotation.start, annotation.end)[0]) + 1
                self.on_problem(Problem(source.path, f"line {line}: {warning}"))
        for doc in split_documents(source):
            if doc.title:
                self.add_document(doc, annotations)

    # -- one document -----------------------------------------------------------------------
    def add_document(self, doc: Document, annotations: list[Annotation]) -> str:
        kg, source = self.kg, doc.source
        file = Path(source.path).name
        plan = "plan:" + title_key(doc.title)
        known = plan in kg
        issuer = "、".join(name for name, _, _ in doc.issuers) or None
        where = self._jurisdiction(plan, doc.title, issuer)
        kg.add_node(plan, "Plan", doc.title, sources=[file], jurisdiction=where.name,
                    issuer=issuer, doc_number=doc.doc_number, date=doc.date, period=doc.period)
        if known:
            return plan
        if where.name:
            place = self._place(where.type, where.name)
            kg.add_edge(plan, place, "JURISDICTION")
        for rank, (name, start, end) in enumerate(doc.issuers, 1):
            unit = self._unit(name, where)
            kg.add_edge(plan, unit.id, "ISSUED_BY", rank=rank, **_provenance(source, start, end))
        tasks = extract_tasks(doc, annotations)
        task_ids = [self._add_task(source, plan, n, task, where)
                    for n, task in enumerate(tasks, 1)]
        self._add_mentions(plan, doc, tasks, task_ids)
        return plan

    def _add_task(self, source: SourceText, plan: str, ordinal: int, task: TaskRecord,
                  where: Jurisdiction) -> str:
        kg, annotation = self.kg, task.annotation
        task_id = f"{plan}#{ordinal}"
        kg.add_node(task_id, "Task", task.title, plan=plan, number=task.number,
                    title=task.title, text=task.text, section=list(task.section),
                    **_provenance(source, task.start, task.end))
        kg.add_edge(plan, task_id, "HAS_TASK")
        quoted = _provenance(source, annotation.start, annotation.end)
        for edge_type, role, unit_ref in edges(annotation):
            unit = self._unit(unit_ref.name, where, unit_ref.surface)
            kg.add_edge(unit.id, task_id, edge_type, label=role.label, rank=unit_ref.rank,
                        plan=plan, surface=unit_ref.surface, **quoted)
        return task_id

    def _add_mentions(self, plan: str, doc: Document, tasks: list[TaskRecord],
                      task_ids: list[str]) -> None:
        starts = [t.start for t in tasks]
        for mention in find_entities(doc.text):
            start, end = doc.start + mention.start, doc.start + mention.end
            at = bisect.bisect_right(starts, start) - 1
            inside = at >= 0 and start < tasks[at].end
            entity = self._entity(mention)
            provenance = _provenance(doc.source, start, end)
            self.kg.add_edge(task_ids[at] if inside else plan, entity, "MENTIONS", plan=plan,
                             **provenance)
            if mention.host is not None:
                host = self._entity(mention.host)
                self.kg.add_edge(host, entity, "HOSTS", plan=plan, **provenance)

    # -- nodes ------------------------------------------------------------------------------
    def _jurisdiction(self, plan: str, title: str, issuer: str | None) -> Jurisdiction:
        """The plan's place: from the place registry, else a leading name with a level word
        (甲市…); local units of a plan whose place is unknown are scoped to the plan."""
        found = jurisdiction_of(title, issuer) or _leading_place(title)
        if found is None:
            return Jurisdiction(None, None, None, fallback=plan)
        kind, name = found
        province = name if kind == "Province" else parent_of(name)
        return Jurisdiction(name, kind, province)

    def _place(self, kind: str, name: str, aliases: list[str] | None = None) -> str:
        """The node of a place, joined to the place above it. The registry's type of a
        known place wins over the type a caller guessed (崇州市 is a county-level city)."""
        node = entity_id(kind, name)
        kind = self.kg.node(node)["type"] if node in self.kg else place_type(name) or kind
        self.kg.add_node(node, kind, name, aliases or [])
        parent = parent_of(name)
        if parent and parent != name:
            self.kg.add_edge(node, self._place("City", parent), "PART_OF")
        return node

    def _unit(self, name: str, where: Jurisdiction, surface: str | None = None) -> UnitNode:
        unit = resolve_unit(name, where, self.aliases, entity_id)
        aliases = [a for a in (name, surface) if a]
        props = {"jurisdiction": unit.jurisdiction, "level": unit.level}
        if unit.type in ("Department", "Government", "CollectiveActor"):
            self.kg.add_node(unit.id, unit.type, unit.name, aliases, **props)
            if unit.type == "Department" and unit.jurisdiction and where.name:
                scope_kind = (where.type if unit.jurisdiction == where.name else
                              "Province" if unit.jurisdiction == where.province else None)
                if scope_kind:
                    self.kg.add_edge(unit.id, self._place(scope_kind, unit.jurisdiction),
                                     "PART_OF")
        elif unit.type in ("Province", "City", "District"):
            self._place(unit.type, unit.name, aliases)
        else:
            self.kg.add_node(unit.id, unit.type, unit.name, aliases)
        return unit

    def _entity(self, mention: EntityMention) -> str:
        name = self.entity_aliases.canonical(mention.type, mention.name, mention.surface)
        if mention.type in ("Province", "City", "District"):
            return self._place(mention.type, name, [mention.surface])
        node = entity_id(mention.type, name)
        props = {"kind": mention.kind, "level": mention.level} if mention.type == "Platform" else {}
        self.kg.add_node(node, mention.type, name, [mention.surface], **props)
        return node


def _leading_place(title: str) -> tuple[str, str] | None:
    place, _ = split_place(title)
    if not place:
        return None
    kind = "Province" if place.endswith(("省", "自治区")) else "City" if place.endswith("市") \
        else "District"
    return kind, place


def _provenance(source: SourceText, start: int, end: int) -> dict[str, object]:
    """File, span in the original text and quote of the cleaned span ``[start, end)``."""
    ostart, oend = source.original_span(start, end)
    return {"file": Path(source.path).name, "start": ostart, "end": oend,
            "quote": source.original[ostart:oend]}
