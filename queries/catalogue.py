"""The catalogue of canned queries: one SPARQL (``sparql/NAME.rq``) and one Cypher
(``cypher/NAME.cypher``) file per question, the SPARQL file's opening comment declaring its
name, parameters, columns and order (see :mod:`policykg.queries`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

LANGUAGES = {"sparql": "rq", "cypher": "cypher"}  # a query language -> its files' suffix


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
        return self.text("sparql")

    @property
    def cypher(self) -> str:
        return self.text("cypher")

    def text(self, language: str) -> str:
        """The query's text in ``language``: ``sparql`` or ``cypher``."""
        if language not in LANGUAGES:
            raise QueryError(f"no {language} twin of {self.name}; the queries are written in "
                             f"{', '.join(LANGUAGES)}")
        return _query_text(language, f"{self.name}.{LANGUAGES[language]}")

    def sort(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """The rows sorted by the declared order, ties broken by the remaining columns."""
        out = [tuple(row) for row in rows]
        ordered = [c for c, _ in self.order]
        keys = [*self.order, *((c, False) for c in self.columns if c not in ordered)]
        for column, descending in reversed(keys):
            out.sort(key=_by_column(self.columns.index(column)), reverse=descending)
        return out


def _by_column(i: int) -> Callable[[tuple[Any, ...]], tuple[bool, Any]]:
    """The sort key of column ``i``: its value, None last."""
    return lambda row: (row[i] is None, row[i])


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
