"""Plan identity: when two documents with one title are one plan, and what a second source of
a plan holds that the first did not.

Two documents are one plan only on evidence: the same normalised title and the same document
number (发文字号), or the same tasks (as many, with the same numbers and nearly the same titles,
in the same order). Titles alone prove nothing: a draft and the final version, two years'
工作要点, or fourteen web pages all titled 首页 share one. Documents that share a title but not
the evidence are different plans and get ids of their own (:func:`plan_id`).
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from difflib import SequenceMatcher

from policykg.loaders.documents import title_key
from policykg.loaders.extract import DocumentRead, TaskRead

# Task titles of two sources of one plan may differ by a character or two (a typo fixed, a
# line wrap): 打造文创旅游应用场景 / 打造文旅旅游应用场景 have a ratio of 0.9.
SAME_TITLE_RATIO = 0.8


def same_plan(first: DocumentRead, second: DocumentRead) -> str | None:
    """Why two documents of one title are one plan ("same document number", "same tasks"),
    or None when nothing says they are."""
    if first.doc_number and second.doc_number and (
            title_key(first.doc_number) == title_key(second.doc_number)):
        return "same document number"
    if first.tasks and same_tasks(first.tasks, second.tasks):
        return "same tasks"
    return None


def same_tasks(first: Sequence[TaskRead], second: Sequence[TaskRead]) -> bool:
    """Whether two lists of tasks are the same tasks: as many, pairwise alike."""
    return len(first) == len(second) and all(
        alike(a, b) for a, b in zip(first, second, strict=True))


def alike(a: TaskRead, b: TaskRead) -> bool:
    """Whether two tasks are one task read twice: same number, nearly the same title."""
    return a.number == b.number and (
        a.title == b.title
        or SequenceMatcher(None, a.title, b.title).ratio() >= SAME_TITLE_RATIO)


def match_tasks(first: Sequence[TaskRead], second: Sequence[TaskRead]) -> list[int | None]:
    """For each task of ``second``, the index of the task of ``first`` it is, or None.

    Tasks are matched in order: each to the first unmatched alike task after the last match."""
    matches: list[int | None] = []
    position = 0
    for task in second:
        found = next((i for i in range(position, len(first)) if alike(first[i], task)), None)
        matches.append(found)
        if found is not None:
            position = found + 1
    return matches


def plan_id(key: str, taken: Container[str], doc: DocumentRead, file: str) -> str:
    """The id of a plan titled ``key``: ``plan:`` + key for the first plan of that title;
    a later, different plan of the same title is told apart by its document number, else by
    its file name, else by a count (``plan:key@file``)."""
    base = "plan:" + key
    if base not in taken:
        return base
    file = file.replace("#", "_")  # "#" separates a task's ordinal from its plan's id
    for mark in (doc.doc_number and title_key(doc.doc_number), file):
        if mark and f"{base}@{mark}" not in taken:
            return f"{base}@{mark}"
    n = 2
    while f"{base}@{file}-{n}" in taken:
        n += 1
    return f"{base}@{file}-{n}"
