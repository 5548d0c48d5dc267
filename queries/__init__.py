"""Canned queries: one SPARQL (.rq) and one Cypher (.cypher) file per question, same names,
same parameters and same result columns, and the code that runs them on any store.

The catalogue is the set of ``sparql/*.rq`` files. Each opens with a comment that this module
reads::

    # NAME: what the query answers …
    # Param department: a name or alias of the unit, matched exactly      (zero or more)
    # Columns: department, role, label, plan, task, quote
    # Order: plan, task, role                                 (``col desc`` for descending)

:func:`run_query` runs a query and returns a :class:`QueryResult` (columns + rows, and
``to_dataframe()`` when pandas is installed). Rows are sorted again here by the ``Order`` key,
ties broken by the remaining columns left to right, so every backend returns the same table.

Backends are plain functions in :data:`BACKENDS`, chosen by ``run_query(..., backend=NAME)``::

    def runner(query: CannedQuery, params: dict[str, str], **options) -> Iterable[Sequence]:
        ...  # yield one row per result, values in query.columns order

    BACKENDS["neo4j"] = runner

``options`` are the keyword arguments given to :func:`run_query` (``graph_dir``, ``kg``,
``store``, ``endpoint``, ``graph_iri`` and any other the backend accepts); ``params`` are
checked against the query's declared parameters before the runner is called. The default
backend, ``"sparql"``, runs on the embedded pyoxigraph store, rdflib (``store="rdflib"``) or a
SPARQL endpoint (``endpoint=URL``); see :mod:`policykg.queries.sparql_backend`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any


class QueryError(ValueError):
    """A query could not be run: unknown name, missing or unknown parameter, store failure."""


@dataclass(frozen=True)
class CannedQuery:
    """One canned query as its header comment declares it."""

    name: str
    description: str
    params: dict[str, str]
    columns: tuple[str, ...]
    order: tuple[tuple[str, bool], ...]

    @property
    def sparql(self) -> str:
        return _query_text("sparql", f"{self.name}.rq")

    @property
    def cypher(self) -> str:
        return _query_text("cypher", f"{self.name}.cypher")

    def sort(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """The rows sorted by the declared order, ties broken by the remaining columns."""
        out = [tuple(row) for row in rows]
        ordered = [c for c, _ in self.order]
        keys = [*self.order, *((c, False) for c in self.columns if c not in ordered)]
        for column, descending in reversed(keys):
            i = self.columns.index(column)
            out.sort(key=lambda row, i=i: (row[i] is None, row[i]), reverse=descending)
        return out


@dataclass
class QueryResult:
    """The rows of one query run, with their column names."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (requires pandas)."""
        try:
            import pandas
        except ImportError as exc:
            raise QueryError("to_dataframe() needs pandas: pip install 'policykg[pandas]'") \
                from exc
        return pandas.DataFrame(self.rows, columns=list(self.columns))


def parse_header(name: str, text: str) -> CannedQuery:
    """The :class:`CannedQuery` a query file's opening comment declares."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    description, params, fields = [], {}, {}
    for line in lines:
        param = re.fullmatch(r"Param (\w+): (.*)", line)
        key = re.fullmatch(r"(Columns|Order): (.*)", line)
        if param:
            params[param[1]] = param[2]
        elif key:
            fields[key[1]] = [item.strip() for item in key[2].split(",")]
        else:
            description.append(line)
    text = " ".join(description)
    if not text.startswith(f"{name}: ") or set(fields) != {"Columns", "Order"}:
        raise QueryError(f"{name}: header must open with '# {name}: …' and declare Columns "
                         "and Order")
    order = tuple((item.split()[0], item.endswith(" desc")) for item in fields["Order"])
    return CannedQuery(name, text.removeprefix(f"{name}: "), params,
                       tuple(fields["Columns"]), order)


@cache
def _catalogue() -> dict[str, CannedQuery]:
    names = sorted(entry.name.removesuffix(".rq") for entry in
                   files("policykg.queries").joinpath("sparql").iterdir()
                   if entry.name.endswith(".rq"))
    return {name: parse_header(name, _query_text("sparql", f"{name}.rq")) for name in names}


def _query_text(language: str, name: str) -> str:
    """The text of ``queries/<language>/<name>``."""
    return files("policykg.queries").joinpath(language, name).read_text(encoding="utf-8")


def list_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return list(_catalogue().values())


def get_query(name: str) -> CannedQuery:
    try:
        return _catalogue()[name]
    except KeyError:
        raise QueryError(f"no query named {name!r}; known: {', '.join(_catalogue())}") \
            from None


def check_params(query: CannedQuery, params: dict[str, str] | None) -> dict[str, str]:
    """The parameters, checked: exactly those the query declares, every value a string."""
    params = dict(params or {})
    unknown = set(params) - set(query.params)
    missing = set(query.params) - set(params)
    if unknown or missing:
        wanted = ", ".join(query.params) or "none"
        raise QueryError(f"{query.name}: parameters wanted: {wanted}"
                         + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "")
                         + (f"; missing: {', '.join(sorted(missing))}" if missing else ""))
    for key, value in params.items():
        if not isinstance(value, str):
            raise QueryError(f"{query.name}: parameter {key} must be a string")
    return params


Backend = Callable[..., Iterable[Sequence[Any]]]


def _sparql(query: CannedQuery, params: dict[str, str], **options: Any) -> list[tuple]:
    from policykg.queries.sparql_backend import run_sparql

    return run_sparql(query, params, **options)


def _neo4j(query: CannedQuery, params: dict[str, str], **options: Any) -> list[tuple]:
    from policykg.queries.cypher_backend import neo4j_runner

    return neo4j_runner(query, params, **options)


BACKENDS: dict[str, Backend] = {"sparql": _sparql, "neo4j": _neo4j}


def run_query(name: str, params: dict[str, str] | None = None, *,
              graph_dir: str | Path | None = None, kg: Any = None, store: str = "oxigraph",
              endpoint: str | None = None, backend: str | None = None,
              **options: Any) -> QueryResult:
    """Run the canned query ``name`` with ``params`` and return its rows.

    The graph is ``kg`` (a KnowledgeGraph) or the build in ``graph_dir`` (default
    ``./policykg-out``), queried with the embedded ``store`` ("oxigraph" or "rdflib"), or the
    graph already on the SPARQL ``endpoint``. ``backend`` picks another entry of
    :data:`BACKENDS` (default "sparql").
    """
    query = get_query(name)
    params = check_params(query, params)
    runner = BACKENDS.get(backend or "sparql")
    if runner is None:
        raise QueryError(f"unknown backend {backend!r}; known: {', '.join(BACKENDS)}")
    rows = runner(query, params, graph_dir=graph_dir, kg=kg, store=store, endpoint=endpoint,
                  **options)
    return QueryResult(name, query.columns, query.sort(rows))
