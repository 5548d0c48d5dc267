"""The ``viz``, ``report``, ``export`` and ``stats`` commands, sharing one set of selection
options (:func:`selection_options`): the explorer, the report's charts, the registered output
formats and the department network's statistics."""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import policykg.exports  # noqa: F401 (registers the formats of other tools)
from policykg.cli.common import RegistryChoice, graph_option, parse_params, read_build
from policykg.graph import formats
from policykg.graph.io import dataset_of
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI
from policykg.viz.select import Selection, SelectionError, select


def selection_options(command: Callable) -> Callable:
    """Add --graph and the selection options; the command receives ``kg``, the selected graph."""
    options = [
        graph_option,
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
        selection = Selection(plans=plans, types=types, around=around, hops=hops,
                              departments=departments, query=query, params=parse_params(params))
        try:
            kg = select(read_build(graph_dir), selection)
        except SelectionError as error:
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
@click.option("--out", default="report.html", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@click.option("--title", default="policykg report", show_default=True,
              help="The page's title.")
def report(kg: KnowledgeGraph, out: Path, title: str) -> None:
    """Write the report: one self-contained HTML page of charts (plans on a timeline, tasks,
    leading units, departments × plans, shared passages, entities) that works offline."""
    from policykg.viz.report import ReportError, write_report

    try:
        write_report(kg, out, title)
    except (ReportError, OSError) as error:
        raise click.ClickException(str(error)) from error
    plans = kg.counts()["nodes"]["Plan"]
    click.echo(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB; {plans} "
               f"plan{'' if plans == 1 else 's'})")


class ExportCommand(click.Command):
    """``export``, whose help ends with the registered formats."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Formats"):
            formatter.write_dl([(f.name, f.description) for f in formats.formats()])


@click.command(cls=ExportCommand)
@selection_options
@click.option("--format", "fmt", required=True, type=RegistryChoice(formats.names),
              help="An output format (the list below).")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="The file to write (a folder for a format that writes one).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="Base of the RDF IRIs, for the RDF formats.")
@click.option("--dataset", help="The dataset of the Neo4j forms (cypher, neo4j-csv), as a load "
              "names it [default: the name of the --graph folder].")
def export(kg: KnowledgeGraph, fmt: str, out: Path, base_iri: str, dataset: str | None) -> None:
    """Export the selected graph for other tools, in one of the registered formats."""
    from policykg.viz.html import TooLargeError
    from policykg.viz.report import ReportError

    dataset = dataset or dataset_of(click.get_current_context().params["graph_dir"])
    try:
        formats.write(kg, fmt, out, base_iri=base_iri, dataset=dataset)
    except (TooLargeError, ReportError, OSError) as error:
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
        from policykg.graph.atomic import atomic_write

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
