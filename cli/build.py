"""The ``build``, ``evaluate`` and ``entities`` commands: building a graph and checking what it
holds."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from policykg.cli.common import (
    ROW_FORMATS,
    RegistryChoice,
    end_program,
    format_option,
    graph_option,
    print_rows,
    read_build,
    stderr,
    warn,
)
from policykg.graph import engines, formats
from policykg.graph.io import DEFAULT_DIR
from policykg.schema.model import ENTITY_TYPES


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default=DEFAULT_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the outputs.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your department aliases (TSV: alias, canonical), added to the shipped ones.")
@click.option("--entity-aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your entity alias file (TSV: alias, canonical, type[, split]): merges or "
                   "splits universities, companies, platforms ...")
@click.option("--rdf-format", type=RegistryChoice(lambda: formats.names(rdf=True)),
              default="ttl", show_default=True, help="Serialisation of the RDF output.")
@click.option("--base-iri", help="Base of the RDF IRIs (default https://w3id.org/policykg/id/).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes reading files (default: one per core).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Keep what was read from each file in OUT/.cache, keyed by its content, so "
                   "an unchanged file is not read again.")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=200,
              show_default=True, help="Refuse a file larger than this.")
@click.option("--max-inflated-mb", type=click.FloatRange(min=0, min_open=True), default=500,
              show_default=True, help="Refuse an archive (.docx) whose members inflate past "
                                      "this, or a PDF with a stream that does.")
@click.option("--max-ratio", type=click.FloatRange(min=1), default=100, show_default=True,
              help="Refuse an archive member compressed more than this to 1 (a zip bomb).")
@click.option("--max-memory-mb", type=click.FloatRange(min=100), default=4000,
              show_default=True, help="Address space of each process reading files.")
@click.option("--engine", type=RegistryChoice(engines.names), default="memory",
              show_default=True, help="memory: the graph assembled in this process; dask: on a "
              "Dask cluster, the outputs in shards (OUT/shards).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the Dask scheduler to run on (tcp://HOST:PORT); "
                   "default: a local cluster of --workers processes.")
@click.option("--reuse/--no-reuse", default=True, show_default=True,
              help="Link plans that share passages (REUSES, SIMILAR_TO edges).")
@click.option("--reuse-threshold", type=click.FloatRange(min=0, max=1, min_open=True),
              help="Score a pair of passages needs to be linked (default 0.75).")
@click.option("--strict", is_flag=True, help="Exit 1 when any file or annotation had a problem.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def build(paths: tuple[Path, ...], out: Path, aliases: Path | None,
          entity_aliases: Path | None, rdf_format: str, base_iri: str | None,
          workers: int | None, cache: bool, max_file_mb: float, max_inflated_mb: float,
          max_ratio: float, max_memory_mb: float, reuse: bool, reuse_threshold: float | None,
          engine: str, scheduler: str | None,
          strict: bool, quiet: bool) -> None:
    """Build the graph of the documents under PATHS (default: the bundled corpus).

    Writes OUT/graph.json (node-link), OUT/graph.graphml and OUT/graph.ttl; with --engine
    dask also OUT/shards (N-Triples, Neo4j import CSVs, Parquet tables and a manifest)."""
    import policykg.exports  # noqa: F401 (registers the sharded formats of other tools)
    from policykg.graph.outputs import BuildError, build_to
    from policykg.loaders.limits import Limits

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is an option of --engine dask")

    try:
        result = build_to(list(paths) or None, out, cache=cache, rdf_format=rdf_format,
                          base_iri=base_iri, aliases_file=aliases,
                          entity_aliases_file=entity_aliases, workers=workers,
                          limits=Limits(max_file_mb, max_inflated_mb, max_ratio, max_memory_mb),
                          reuse=reuse, reuse_threshold=reuse_threshold, on_problem=warn,
                          progress=None if quiet else _progress, engine=engine,
                          scheduler=scheduler, on_note=None if quiet else _note)
    except BuildError as error:
        raise click.ClickException(str(error)) from error
    if not quiet:
        _print_summary(result.counts, result.outputs)
        if result.read is not None:
            click.echo(f"files read: {result.read}, taken from the cache: {result.cached}")
        if result.unchanged:
            click.echo("unchanged since the last build: nothing was rebuilt")
    if strict and result.problems:
        raise click.ClickException(f"{len(result.problems)} problem(s) with the input (--strict)")
    if not result.unchanged:
        end_program()


def _note(text: str) -> None:
    stderr.print(text, highlight=False, markup=False, soft_wrap=True)


def _progress(extractions: Iterable, total: int) -> Iterable:
    """A progress bar on a terminal; nothing in a pipe or a log."""
    from rich.progress import track

    if not stderr.is_terminal:
        return extractions
    return track(extractions, total=total, description="reading files", console=stderr,
                 transient=True)


def _print_summary(counts: dict[str, Counter], written: list[Path]) -> None:
    nodes, edges = Counter(counts["nodes"]), Counter(counts["edges"])
    units = sum(nodes[t] for t in ("Department", "Government", "CollectiveActor"))
    table = Table(title="policykg build", show_header=False)
    table.add_row("plans", str(nodes["Plan"]))
    table.add_row("tasks", str(nodes["Task"]))
    table.add_row("units (departments, governments, groups)", str(units))
    for node_type, n in sorted(nodes.items()):
        if node_type not in ("Plan", "Task"):
            table.add_row(f"  {node_type}", str(n))
    for edge_type, n in sorted(edges.items()):
        table.add_row(f"edges {edge_type}", str(n))
    Console().print(table)
    for path in written:
        click.echo(f"wrote {path}")


@click.command()
@click.argument("gold", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@graph_option
@format_option(("table", "json"))
@click.option("--by-plan", is_flag=True, help="A column per gold document, not per file.")
@click.option("--show-missing", is_flag=True, help="List the gold items the build missed.")
@click.option("--show-wrong", is_flag=True,
              help="List the entities found that the gold does not list.")
def evaluate(gold: tuple[Path, ...], graph_dir: Path, fmt: str, by_plan: bool,
             show_missing: bool, show_wrong: bool) -> None:
    """Score the build in --graph against GOLD annotation files."""
    from policykg.evaluate import evaluate as score

    scores = score(read_build(graph_dir), list(gold), by_plan=by_plan)
    figures = {name: s.figures() for name, s in scores.items()}
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        table = Table(title="policykg evaluate")
        table.add_column("measure", no_wrap=True)
        for name in figures:
            table.add_column(Path(name).name if name != "all" else "all", justify="right")
        for measure in figures["all"]:
            table.add_row(measure, *(_figure(figures[n][measure]) for n in figures))
        Console().print(table)
    if show_missing:
        for item in scores["all"].missing:
            click.echo(f"missing: {item}", err=True)
    if show_wrong:
        for item in scores["all"].wrong:
            click.echo(f"wrong: {item}", err=True)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


ENTITY_COLUMNS = ("id", "type", "name", "aliases", "plans", "found_by")


@click.command()
@graph_option
@click.option("--type", "types", multiple=True, help="Only entities of this type (repeatable).",
              type=click.Choice(ENTITY_TYPES))
@click.option("--plan", help="Only entities named in this plan (its title or id).")
@format_option(ROW_FORMATS)
def entities(graph_dir: Path, types: tuple[str, ...], plan: str | None, fmt: str) -> None:
    """List the named entities of a build with their aliases, the plans naming them and the
    rule and cue that found them."""
    from policykg.graph.review import entity_rows

    try:
        rows = entity_rows(read_build(graph_dir), types, plan)
    except KeyError as error:
        raise click.ClickException(str(error).strip("'\"")) from error
    print_rows(rows, ENTITY_COLUMNS, fmt, f"{len(rows)} entities",
               table_columns=ENTITY_COLUMNS[1:])
