"""The ``queries``, ``query``, ``push sparql`` and ``validate`` commands: thin wrappers over
:mod:`policykg.queries`, :mod:`policykg.graph.sparql_endpoint` and
:mod:`policykg.graph.validate`."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from policykg.graph.io import read_graph
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI
from policykg.queries import QueryError, QueryResult, list_queries, run_query

DEFAULT_GRAPH_DIR = "policykg-out"

graph_option = click.option(
    "--graph", "graph_dir", default=DEFAULT_GRAPH_DIR, show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder of a build.")
base_iri_option = click.option(
    "--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
    help="Base of the nodes' IRIs (as given to the build).")
graph_iri_option = click.option(
    "--graph-iri", default=None,
    help="Named graph on the server [default: BASE_IRI + 'graph'].")


def _load(graph_dir: Path) -> KnowledgeGraph:
    try:
        return read_graph(graph_dir)
    except (FileNotFoundError, ValueError) as error:
        raise click.ClickException(str(error)) from error


@click.command("queries")
def queries_command() -> None:
    """List the canned queries and their parameters."""
    for query in list_queries():
        params = " ".join(f"--param {p}=…" for p in query.params)
        click.echo(f"{query.name} {params}".rstrip())
        click.echo(f"    {query.description}")
        for name, text in query.params.items():
            click.echo(f"    {name}: {text}")


def parse_params(items: tuple[str, ...]) -> dict[str, str]:
    """The query parameters given as repeated ``--param KEY=VALUE`` options (shared with the
    ``viz`` commands' ``--query``)."""
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        params[key] = value
    return params


def _print_result(result: QueryResult, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result.to_dicts(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        table = Table(title=f"{result.name} ({len(result)} rows)")
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*(str(v) for v in row))
        Console().print(table, markup=False, highlight=False)


@click.command("query")
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable).")
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--store", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="Embedded store to run the query in.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Run on this SPARQL query endpoint instead of the embedded store.")
@graph_iri_option
@base_iri_option
@click.option("--backend", type=click.Choice(["sparql", "neo4j"]), default="sparql",
              show_default=True, help="neo4j: run the Cypher twin on the server of --uri "
              "(default $NEO4J_URI; user, password, database from NEO4J_*).")
@click.option("--uri", default=None, help="Bolt URI for --backend neo4j.")
@click.option("--database", default=None, help="Database for --backend neo4j.")
def query_command(name: str, params: tuple[str, ...], graph_dir: Path, fmt: str, store: str,
                  endpoint: str | None, graph_iri: str | None, base_iri: str, backend: str,
                  uri: str | None, database: str | None) -> None:
    """Run the canned query NAME on the build in --graph (or on --endpoint)."""
    from policykg.graph.sparql_endpoint import EndpointError

    kg = None if endpoint or backend == "neo4j" else _load(graph_dir)
    try:
        result = run_query(name, parse_params(params), kg=kg, store=store, endpoint=endpoint,
                           graph_iri=graph_iri, base_iri=base_iri, backend=backend,
                           **({"uri": uri, "database": database} if backend == "neo4j" else {}))
    except (QueryError, EndpointError) as error:
        raise click.ClickException(str(error)) from error
    _print_result(result, fmt)


@click.command("sparql")
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL Update URL (Oxigraph: http://HOST:PORT/update).")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="Its query URL, to read what the last push wrote [default: the update URL "
              "with /update made /query, /statements dropped].")
@graph_iri_option
@graph_option
@base_iri_option
@click.option("--batch-size", default=20_000, show_default=True, type=click.IntRange(1),
              help="Triples per INSERT DATA request.")
@click.option("--full", is_flag=True, help="Replace the whole named graph, not only what "
              "changed since the last push.")
def push_sparql(endpoint: str, query_endpoint: str | None, graph_iri: str | None,
                graph_dir: Path, base_iri: str, batch_size: int, full: bool) -> None:
    """Make a named graph on a SPARQL 1.1 server equal the build in --graph, writing only the
    subjects that changed since the last push."""
    from policykg.graph.rdf import graph_iri as default_graph_iri
    from policykg.graph.sparql_endpoint import EndpointError, push_graph

    kg = _load(graph_dir)
    graph_iri = graph_iri or default_graph_iri(base_iri)
    try:
        report = push_graph(kg, endpoint, query_endpoint=query_endpoint, graph_iri=graph_iri,
                            base_iri=base_iri, batch_size=batch_size, full=full)
    except EndpointError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{endpoint} <{graph_iri}>: {report.summary()}")


@click.command("validate")
@graph_option
@base_iri_option
def validate_command(graph_dir: Path, base_iri: str) -> None:
    """Check the RDF form of the build in --graph against the SHACL shapes."""
    from policykg.graph.validate import validate_graph

    try:
        report = validate_graph(_load(graph_dir), base_iri)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    if not report.conforms:
        for v in report.violations:
            click.echo(f"{v.focus} {v.path}: {v.message}", err=True)
        raise click.ClickException(f"{len(report.violations)} SHACL violation(s)")
    click.echo("the graph conforms to the SHACL shapes")
