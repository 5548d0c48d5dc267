"""Everything policykg reads from one file, as plain records.

``extract_file(path)`` loads and cleans a file, splits it into its documents and reads each
one's front matter, tasks, responsibility annotations, entity mentions and passages (the
sentences and long clauses that passage reuse compares across plans). Spans are already
mapped back to the original text and quoted, so the records need no source text any more:
they can cross process boundaries, be cached by file content, and be turned into graph nodes
and edges by :mod:`policykg.graph.build` without reading the file again.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from policykg.loaders import load
from policykg.loaders.annotations import Annotation, edges, find_annotations
from policykg.loaders.documents import Document, split_documents
from policykg.loaders.entities import EntityMention, find_entities, jurisdiction_of
from policykg.loaders.limits import DEFAULT_LIMITS, Limits
from policykg.loaders.passages import key_of, outside, passages
from policykg.loaders.structure import Heading, parse_headings
from policykg.loaders.tasks import TaskRecord, extract_tasks
from policykg.loaders.text import SourceText


@dataclass(frozen=True)
class Span:
    """Where a statement was read: file name, offsets in the original text, and the quote."""

    file: str
    start: int
    end: int
    quote: str

    def provenance(self) -> dict[str, Any]:
        return {"file": self.file, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True)
class UnitRole:
    """One unit of one responsibility annotation, with the edge it makes."""

    edge: str  # LEADS | SUPPORTS
    label: str
    rank: int
    surface: str
    name: str  # after prefix distribution


@dataclass(frozen=True)
class TaskRead:
    number: str | None
    title: str
    text: str
    section: tuple[str, ...]
    span: Span
    annotation: Span
    units: tuple[UnitRole, ...]


@dataclass(frozen=True)
class EntityRead:
    type: str
    name: str
    surface: str
    span: Span
    task: int | None  # index of the task the mention lies in, None when outside any task
    kind: str | None = None
    level: str | None = None
    host: EntityRead | None = None
    rule: str = "dictionary"  # what found it (loaders/entities: dictionary, ending, list …)
    cue: str = ""  # the word that cued it


@dataclass(frozen=True)
class PassageRead:
    """A sentence or long clause of a plan (:mod:`policykg.loaders.passages`): its text as
    cleaned (what passage reuse compares), where it stands in its file, whether it is a clause
    of a longer sentence, the task that holds it (index into the document's tasks; None outside
    any task) and the headings above it, outermost first.

    ``breaks`` map the text back to the file: ``(i, offset)`` where ``text[i]`` stands at
    ``offset`` of the file and not right after ``text[i - 1]`` (a joined line, a dropped mark);
    empty when the passage is the file's text as it is."""

    text: str
    span: Span
    clause: bool = False
    task: int | None = None
    section: tuple[str, ...] = ()
    breaks: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> str:
        return key_of(self.text)

    def part(self, start: int, end: int) -> Span:
        """Where ``text[start:end]`` stands in the file, quoted from there."""
        first, last = self._offset(start), self._offset(end - 1) + 1
        at = self.span.start
        return Span(self.span.file, first, last, self.span.quote[first - at:last - at])

    def _offset(self, i: int) -> int:
        at = bisect.bisect_right(self.breaks, (i, float("inf"))) - 1
        j, offset = self.breaks[at] if at >= 0 else (0, self.span.start)
        return offset + i - j


@dataclass
class DocumentRead:
    title: str
    jurisdiction: tuple[str, str] | None  # (type, name) of the issuing place, when known
    issuers: list[tuple[str, Span]] = field(default_factory=list)
    doc_number: str | None = None
    date: str | None = None
    period: str | None = None
    tasks: list[TaskRead] = field(default_factory=list)
    entities: list[EntityRead] = field(default_factory=list)
    passages: list[PassageRead] = field(default_factory=list)
    chars: int = 0  # characters of the plan's text (its body without annotations), no spaces


@dataclass
class Extraction:
    """What one file holds, or the problems that kept it from being read."""

    path: str
    documents: list[DocumentRead] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: bool = False  # the file could not be read at all; ``problems`` says why

    @property
    def file(self) -> str:
        return Path(self.path).name

    @staticmethod
    def joined(parts: Sequence[Extraction]) -> Extraction:
        """The extraction of a whole file from those of its parts (:class:`Part`), in order;
        a part that could not be read fails the file."""
        failed = next((part for part in parts if part.failed), None)
        if failed is not None:
            return failed
        return Extraction(parts[0].path, [doc for part in parts for doc in part.documents],
                          [problem for part in parts for problem in part.problems])


@dataclass(frozen=True)
class Part:
    """Part ``index`` (from 0) of ``count`` parts of a file's documents, in their order: a file
    of many plans (a compilation) is read by several processes at once, each loading the whole
    file and reading its part of the plans. The file's own problems (what loading it noted,
    annotations outside any plan) come with part 0; :meth:`Extraction.joined` puts the parts
    together again."""

    index: int = 0
    count: int = 1

    def of(self, documents: Sequence[Document]) -> Sequence[Document]:
        n = len(documents)
        return documents[self.index * n // self.count:(self.index + 1) * n // self.count]


WHOLE = Part()


def extract_file(path: str | Path, limits: Limits = DEFAULT_LIMITS,
                 part: Part = WHOLE) -> Extraction:
    """Read one file (its documents of ``part``); a file that can't be read (or is over one of
    ``limits``) raises :class:`policykg.loaders.LoadError`."""
    return extract_source(load(path, limits), part)


def extract_source(source: SourceText, part: Part = WHOLE) -> Extraction:
    own = part.index == 0  # the file's own problems come with its first part
    extraction = Extraction(source.path, problems=list(source.notes) if own else [])
    annotations = find_annotations(source.text)
    documents = split_documents(source)
    for annotation in annotations if own else ():
        warnings = list(annotation.warnings)
        if not any(doc.start <= annotation.start < doc.end for doc in documents):
            warnings.append(f"responsibility annotation before the first plan, not read: "
                            f"{annotation.text[:40]}")
        for warning in warnings:
            line = source.original.count("\n", 0, _span(source, annotation.start).start) + 1
            extraction.problems.append(f"line {line}: {warning}")
    for doc in part.of(documents):
        extraction.documents.append(_read_document(doc, annotations))
    return extraction


def _span(source: SourceText, start: int, end: int | None = None) -> Span:
    ostart, oend = source.original_span(start, start + 1 if end is None else end)
    return Span(_file_name(source.path), ostart, oend, source.original[ostart:oend])


@lru_cache(maxsize=64)  # bounded: a worker that reads a national corpus stays flat
def _file_name(path: str) -> str:
    """The name of the file at ``path``: one string for all the spans of a file, not one per
    span."""
    return Path(path).name


def _read_document(doc: Document, annotations: list[Annotation]) -> DocumentRead:
    source = doc.source
    issuer = "、".join(name for name, _, _ in doc.issuers) or None
    read = DocumentRead(doc.title, jurisdiction_of(doc.title, issuer),
                        [(name, _span(source, s, e)) for name, s, e in doc.issuers],
                        doc.doc_number, doc.date, doc.period)
    headings = parse_headings(source.text, doc.start, doc.end)
    tasks = extract_tasks(doc, annotations, headings)
    read.tasks = [_read_task(source, task) for task in tasks]
    skip = [(a.start, a.end) for a in annotations]
    read.passages = read_passages(doc, skip, headings, tasks)
    read.chars = body_chars(doc, skip)
    starts = [t.start for t in tasks]
    for mention in find_entities(doc.text, read.jurisdiction[1] if read.jurisdiction else None):
        start = doc.start + mention.start
        at = bisect.bisect_right(starts, start) - 1
        inside = at if at >= 0 and start < tasks[at].end else None
        read.entities.append(_read_entity(source, doc.start, mention, inside))
    return read


def outside_body(doc: Document, skip: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The spans of the source text that are no part of the plan's text: what comes before its
    body (the text after its title: a notice that issues the plan, its number and addressees
    stand before the title) or after its end, and the spans of ``skip``."""
    return [(0, max(doc.start, doc.title_span[1])), *skip, (doc.end, len(doc.source.text))]


def body_chars(doc: Document, skip: Iterable[tuple[int, int]] = ()) -> int:
    """The characters, spaces not counted, of the plan's text outside ``skip``."""
    text = doc.source.text
    return sum(len("".join(text[start:end].split()))  # split() splits at what isspace() is
               for start, end in outside(len(text), outside_body(doc, skip)))


def read_passages(doc: Document, skip: Iterable[tuple[int, int]] = (),
                  headings: Sequence[Heading] = (),
                  tasks: Sequence[TaskRecord] = ()) -> list[PassageRead]:
    """The passages of the plan's text outside ``skip`` (e.g. its responsibility annotations),
    each with its span in the file, the task of ``tasks`` that holds it and the section of
    ``headings`` it stands in."""
    source = doc.source
    heads = [h.start for h in headings]
    starts = [t.start for t in tasks]
    found = []
    for passage in passages(source.text, outside_body(doc, skip)):
        offsets = source.offsets[passage.start:passage.end]
        breaks = () if offsets[-1] - offsets[0] == len(offsets) - 1 else tuple(
            (i, offsets[i]) for i in range(1, len(offsets)) if offsets[i] != offsets[i - 1] + 1)
        at = bisect.bisect_right(starts, passage.start) - 1
        task = at if at >= 0 and passage.start < tasks[at].end else None
        h = bisect.bisect_right(heads, passage.start) - 1
        section = (*headings[h].path, headings[h].label) if h >= 0 else ()
        found.append(PassageRead(passage.text, _span(source, passage.start, passage.end),
                                 passage.clause, task, section, breaks))
    return found


def _read_task(source: SourceText, task: TaskRecord) -> TaskRead:
    units = tuple(UnitRole(edge, role.label, unit.rank, unit.surface, unit.name)
                  for edge, role, unit in edges(task.annotation))
    return TaskRead(task.number, task.title, task.text, task.section,
                    _span(source, task.start, task.end),
                    _span(source, task.annotation.start, task.annotation.end), units)


def _read_entity(source: SourceText, offset: int, mention: EntityMention,
                 task: int | None) -> EntityRead:
    host = _read_entity(source, offset, mention.host, task) if mention.host else None
    return EntityRead(mention.type, mention.name, mention.surface,
                      _span(source, offset + mention.start, offset + mention.end), task,
                      mention.kind, mention.level, host, mention.rule, mention.cue)
