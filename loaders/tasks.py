"""Tasks: the items of a plan that carry a responsibility annotation.

An annotation closes the task it belongs to. The task opens at the paragraph of the nearest
heading or numbered item above the annotation, or just after the previous annotation when
that one closed an earlier task of the same item (one item can hold several annotated
groups). An item holding several tasks is a section: its heading phrase names the section,
and each task is titled by its own first phrase.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.loaders.annotations import Annotation
from policykg.loaders.documents import Document
from policykg.loaders.structure import Heading, first_phrase, match_marker, parse_headings


@dataclass(frozen=True)
class TaskRecord:
    """One task of a document; offsets are into the cleaned text of its source."""

    number: str | None
    title: str
    text: str  # line breaks joined
    start: int
    end: int
    section: tuple[str, ...]
    annotation: Annotation


def extract_tasks(doc: Document, annotations: list[Annotation],
                  headings: Sequence[Heading] | None = None) -> list[TaskRecord]:
    """The tasks of ``doc``, one per annotation that lies inside it, in document order
    (``headings``: the document's, when already parsed)."""
    text = doc.source.text
    if headings is None:
        headings = parse_headings(text, doc.start, doc.end)
    starts = [h.start for h in headings]
    groups: dict[int, list[tuple[int, Annotation]]] = {}
    previous_end = doc.start
    for annotation in sorted(annotations, key=lambda a: a.start):
        if not doc.start <= annotation.start < doc.end:
            continue
        at = bisect.bisect_right(starts, annotation.start) - 1
        item_start = headings[at].start if at >= 0 else _paragraph_start(text, annotation.start)
        start = _skip_space(text, max(item_start, previous_end))
        groups.setdefault(at, []).append((start, annotation))
        previous_end = annotation.end
    tasks = []
    for at, group in groups.items():
        item = headings[at] if at >= 0 else None
        for k, (start, annotation) in enumerate(group, 1):
            tasks.append(_task(text, item, start, annotation, k if len(group) > 1 else 0))
    return sorted(tasks, key=lambda t: t.start)


def _task(text: str, item: Heading | None, start: int, annotation: Annotation,
          ordinal: int) -> TaskRecord:
    """A task from ``start`` to the end of its annotation. ``ordinal`` is its place among
    the several tasks of a section-like item, or 0 when the item holds only this task."""
    body = text[start:annotation.start]
    number: str | None = None
    section: tuple[str, ...] = ()
    if item is not None:
        section = item.path + ((item.label,) if ordinal else ())
        if start == item.start:
            body = _strip_marker(body)
            if ordinal:
                body = body[len(first_phrase(body)):].lstrip("。！？ \n")
        number = item.marker + (f"-{ordinal}" if ordinal else "")
    title = first_phrase(body) or (item.phrase if item else "")
    return TaskRecord(number, title, _join_lines(text[start:annotation.end]), start,
                      annotation.end, section, annotation)


def _strip_marker(body: str) -> str:
    found = match_marker(body)
    return body[body.index(found[1]) + len(found[1]):].lstrip() if found else body


def _join_lines(text: str) -> str:
    """Text with its line breaks, and the spaces around them, removed."""
    return re.sub(r"[ \t]*\n[ \t\n]*", "", text).strip()


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n。；;":
        position += 1
    return position
