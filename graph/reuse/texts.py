"""The texts of the plans in document files, as the reuse engine takes them.

Files are read and split into plans by the loaders, as a build reads them; a plan's passages
are its body, after its title (a notice that issues the plan, its document number and
addressees stand before the plan's own title and are left out). Responsibility annotations
（牵头单位：…；配合单位：…） are left out too, unless asked for: they are lists of unit names,
and two plans' lists read alike because their cities have the same departments, not because
one plan took the other's words (on the bundled corpus they add 48 links to 258, and the share
of links judged right falls from 0.86 to 0.78: benchmarks/reuse.py).

A plan met again in a later source (same title) is taken once, from its first source, as the
build does. A plan's date is the date the loaders read for it (a notice's or signature's), else
the first year of the period its title names (a plan for 2020–2022 is dated 2020, which the
engine compares at the precision of a year), else None.

A build takes the passages from what it read of each file (:class:`DocumentRead` keeps them,
cached with the rest): :meth:`PlanText.read`. :func:`plan_texts` reads files anew, for the
benchmark and for passages with the annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from policykg.corpus import CORPUS_DIR
from policykg.graph.reuse.engine import PlanText
from policykg.loaders import LoadError, load
from policykg.loaders.annotations import find_annotations
from policykg.loaders.documents import reference_date, split_documents, title_key
from policykg.loaders.extract import read_passages
from policykg.loaders.files import iter_files


def plan_id(title: str) -> str:
    """The id a build gives the plan titled ``title``."""
    return "plan:" + title_key(title)


def plan_texts(paths: Iterable[str | Path] | None = None,
               on_problem: Callable[[LoadError], None] | None = None, *,
               annotations: bool = False) -> Iterator[PlanText]:
    """The plans of the documents under ``paths`` (default: the bundled corpus), each once;
    with ``annotations``, responsibility annotations are part of their text. A file that can't
    be read goes to ``on_problem`` (default: raised) and the rest are read."""
    seen: set[str] = set()
    for path in iter_files(paths or [CORPUS_DIR], on_error=on_problem):
        try:
            source = load(path)
        except LoadError as error:
            if on_problem is None:
                raise
            on_problem(error)
            continue
        notes = [] if annotations else [(a.start, a.end) for a in find_annotations(source.text)]
        for doc in split_documents(source):
            plan = plan_id(doc.title)
            if plan in seen:
                continue
            seen.add(plan)
            yield PlanText(plan, reference_date(doc.date, doc.period),
                           tuple(read_passages(doc, notes)))
