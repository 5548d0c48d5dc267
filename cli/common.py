"""What the commands share: the ``--graph`` option, reading a build, ``--param KEY=VALUE``,
printing rows as a table, CSV or JSON, warnings on stderr, and choices read from a registry
when the command runs."""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policykg.graph.io import DEFAULT_DIR, read_graph
from policykg.graph.kg import KnowledgeGraph

stderr = Console(stderr=True)
ROW_FORMATS = ("table", "csv", "json")


class Program:
    """Whether this process is the policykg program (set by :func:`policykg.cli.run`), rather
    than a caller of :func:`policykg.cli.main` such as a test."""

    running = False


def end_program() -> None:
    """In the program, end the process at once (exit code 0) when a build is done: its files
    are written and closed and its worker processes joined, and freeing the graph object by
    object, then every module, takes time that grows with the graph and buys nothing."""
    if Program.running:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

_GRAPH: dict[str, Any] = {"default": DEFAULT_DIR, "show_default": True,
                          "type": click.Path(file_okay=False, path_type=Path),
                          "help": "Folder of a build."}
graph_option = click.option("--graph", "graph_dir", **_GRAPH)


def graph_param() -> click.Option:
    """``--graph`` for a command made without decorators."""
    return click.Option(["--graph", "graph_dir"], **_GRAPH)


def format_option(choices: Sequence[str] = ROW_FORMATS) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True)


class RegistryChoice(click.Choice):
    """A choice among the names a registry holds when the command runs, so that what is
    registered after the command was made (a plugin, a test's toy) is offered too."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        super().__init__([])

    @property  # type: ignore[override]  # click.Choice keeps a list; this one is read anew
    def choices(self) -> Sequence[str]:
        return list(self._names())

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass


def read_build(graph_dir: Path) -> KnowledgeGraph:
    """The graph of the build in ``graph_dir``, or a usage error saying how to make one."""
    try:
        return read_graph(graph_dir)
    except (FileNotFoundError, ValueError) as error:
        raise click.ClickException(str(error)) from error


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """The query parameters given as repeated ``--param KEY=VALUE`` options."""
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        params[key] = value
    return params


def warn(problem: object) -> None:
    """A warning on stderr, the text as it is (no rich markup read in it)."""
    stderr.print(f"[yellow]warning[/]: {escape(str(problem))}", highlight=False, soft_wrap=True)


def _cell(value: Any, joiner: str) -> Any:
    return joiner.join(map(str, value)) if isinstance(value, list | tuple) else value


def print_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str,
               title: str, table_columns: Sequence[str] | None = None) -> None:
    """``rows`` (values by column; a list value is a list of items) on stdout: as a table of
    ``table_columns`` (default: every column), as CSV (lists joined by ``|``) or as JSON."""
    if fmt == "json":
        click.echo(json.dumps([dict(row) for row in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row[c], "|") for c in columns] for row in rows)
    else:
        table = Table(title=title)
        shown = table_columns or columns
        for column in shown:
            table.add_column(column.replace("_", " "), overflow="fold")
        for row in rows:
            table.add_row(*(str(_cell(row[c], "、")) for c in shown))
        Console().print(table, markup=False, highlight=False)
