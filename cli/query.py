"""The ``queries``, ``query`` and ``validate`` commands: the canned queries
(:mod:`policykg.queries`), on the build or on a dataset of a store, and the SHACL check
(:mod:`policykg.graph.validate`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policykg import stores
from policykg.cli.common import (
    RegistryChoice,
    format_option,
    graph_option,
    parse_params,
    print_rows,
    read_build,
)
from policykg.cli.stores import dataset_param, given, setting_options
from policykg.graph.io import dataset_of
from policykg.graph.rdf import DEFAULT_BASE_IRI
from policykg.queries import QueryError, list_queries, run_query
from policykg.queries.embedded import STORES as EMBEDDED
from policykg.stores.base import StoreError

base_iri_option = click.option(
    "--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
    help="Base of the nodes' IRIs (as given to the build).")


@click.command("queries")
def queries() -> None:
    """List the canned queries and their parameters."""
    for query in list_queries():
        params = " ".join(f"--param {p}=…" for p in query.params)
        click.echo(f"{query.name} {params}".rstrip())
        click.echo(f"    {query.description}")
        for name, text in query.params.items():
            click.echo(f"    {name}: {text}")


class QueryCommand(click.Command):
    """``query``, whose options include the settings of every registered store, read from the
    registry when it runs."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        *own, help_option = super().get_params(ctx)
        settings = [s for store in stores.stores() for s in store.settings if not s.load_only]
        taken = {p.name for p in own if p.name}
        return [*own, dataset_param(), *setting_options(settings, taken), help_option]


@click.command("query", cls=QueryCommand)
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable).")
@graph_option
@format_option()
@click.option("--store", type=click.Choice(EMBEDDED), default=EMBEDDED[0],
              show_default=True, help="Embedded store to run the query in.")
@base_iri_option
@click.option("--backend", type=RegistryChoice(stores.names),
              help="Run on a dataset of this store's server (its settings below) [default: "
              "the build in --graph in the embedded store; sparql when --endpoint is given].")
def query(name: str, params: tuple[str, ...], graph_dir: Path, fmt: str, store: str,
          base_iri: str, backend: str | None, dataset: str | None, **settings: Any) -> None:
    """Run the canned query NAME on the build in --graph, or on a dataset of a server."""
    settings = given(settings)
    on_server = bool(backend or settings.get("endpoint"))
    if settings and not on_server:
        raise click.UsageError(f"--{next(iter(settings)).replace('_', '-')} is a setting of a "
                               "store: choose one with --backend")
    try:
        result = run_query(name, parse_params(params),
                           kg=None if on_server else read_build(graph_dir), store=store,
                           base_iri=base_iri, backend=backend,
                           dataset=dataset or dataset_of(graph_dir), **settings)
    except (QueryError, StoreError) as error:
        raise click.ClickException(str(error)) from error
    print_rows(result.to_dicts(), result.columns, fmt, f"{result.name} ({len(result)} rows)")


@click.command("validate")
@graph_option
@base_iri_option
def validate(graph_dir: Path, base_iri: str) -> None:
    """Check the RDF form of the build in --graph against the SHACL shapes."""
    from policykg.graph.validate import validate_graph

    try:
        report = validate_graph(read_build(graph_dir), base_iri)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    if not report.conforms:
        for v in report.violations:
            click.echo(f"{v.focus} {v.path}: {v.message}", err=True)
        raise click.ClickException(f"{len(report.violations)} SHACL violation(s)")
    click.echo("the graph conforms to the SHACL shapes")
