"""The ``viz``, ``export`` and ``stats`` commands, sharing one set of selection options
(:func:`selection_options`); ``policykg.cli`` adds them to its group."""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from policykg.graph.kg import KnowledgeGraph
from policykg.queries.commands import parse_params
from policykg.viz.select import Selection, SelectionError, select

DEFAULT_GRAPH = "policykg-out"


def selection_options(command: Callable) -> Callable:
    """Add --graph and the selection options; the command receives ``kg``, the selected graph."""
    options = [
        click.option("--graph", "graph_dir", default=DEFAULT_GRAPH, show_default=True,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Folder of a build (holding graph.json)."),
        click.option("--plan", "plans", multiple=True, help="A plan's title or id (repeatable)."),
        click.option("--type", "types", multiple=True, help="Keep only this node type "
                     "(repeatable)."),
        click.option("--around", help="Ego network of the node with this name, alias or id."),
        click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Radius of --around."),
        click.option("--department", "departments", multiple=True,
                     help="A unit, its tasks and their other units (repeatable)."),
        click.option("--query", help="The nodes a canned query returns."),
        click.option("--param", "params", multiple=True, help="KEY=VALUE for --query."),
    ]

    @functools.wraps(command)
    def run(graph_dir: Path, plans: tuple[str, ...], types: tuple[str, ...], around: str | None,
            hops: int, departments: tuple[str, ...], query: str | None,
            params: tuple[str, ...], **kwargs: Any) -> Any:
        from policykg.graph.io import read_graph

        selection = Selection(plans=plans, types=types, around=around, hops=hops,
                              departments=departments, query=query, params=parse_params(params))
        try:
            kg = select(read_graph(graph_dir), selection)
        except (FileNotFoundError, SelectionError) as error:
            raise click.ClickException(str(error)) from error
        return command(kg=kg, **kwargs)

    for option in reversed(options):
        run = option(run)
    return run


@click.command()
@selection_options
@click.option("--out", default="policykg.html", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@click.option("--mentions", is_flag=True, help="Show MENTIONS edges from the start.")
def viz(kg: KnowledgeGraph, out: Path, mentions: bool) -> None:
    """Write the interactive explorer: one self-contained HTML page that works offline."""
    from policykg.viz.html import TooLargeError, write_explorer

    try:
        write_explorer(kg, out, mentions=mentions)
    except (TooLargeError, OSError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {out} ({len(kg)} nodes, {kg.graph.number_of_edges()} edges)")


@click.command()
@selection_options
@click.option("--format", "fmt", required=True, help="json, graphml, gexf, ttl, cypher, "
              "neo4j-csv, html, matrix (a folder of CSVs), ucinet (DL) or pajek (.net).")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="The file to write (a folder for matrix and neo4j-csv).")
def export(kg: KnowledgeGraph, fmt: str, out: Path) -> None:
    """Export the selected graph for other tools."""
    from policykg.viz.export import ExportError
    from policykg.viz.export import export as write
    from policykg.viz.html import TooLargeError

    try:
        write(kg, fmt, out)
    except (ExportError, TooLargeError, OSError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {out} ({len(kg)} nodes, {kg.graph.number_of_edges()} edges)")


@click.command()
@selection_options
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the table as CSV here ('-' for stdout, no table).")
def stats(kg: KnowledgeGraph, csv_path: Path | None) -> None:
    """Degree, betweenness and eigenvector centrality of departments in the
    co-responsibility network of the selection."""
    from policykg.viz.stats import COLUMNS, department_stats

    rows = department_stats(kg)
    if str(csv_path) == "-":
        _write_rows(sys.stdout, rows, COLUMNS)
        return
    if csv_path:
        from policykg.graph.io import atomic_write

        with atomic_write(csv_path) as handle:
            _write_rows(handle, rows, COLUMNS)
    _print_table(rows, COLUMNS)


def _write_rows(handle: Any, rows: list[dict], columns: tuple[str, ...]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)


def _print_table(rows: list[dict], columns: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"departments in the co-responsibility network ({len(rows)})")
    for column in columns:
        table.add_column(column, justify="left" if column in columns[:2] else "right")
    for row in rows:
        table.add_row(*(Text(str(row[c])) for c in columns))
    Console().print(table)
