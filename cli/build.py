"""The ``policykg`` command: a thin shell over the Python API.

Exit codes: 0 success, 1 the work failed (nothing built, a query failed, a check failed),
2 bad usage.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from importlib import import_module
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from policykg.schema.model import ENTITY_TYPES

DEFAULT_OUT = "policykg-out"
stderr = Console(stderr=True)
# Set by run(): the process is the policykg program, and a finished build may end it at once.
_program = False


class LazyGroup(click.Group):
    """A command group whose commands named in ``lazy`` ("module:attribute") are imported
    only when used, so that one command does not pay for the imports of all the others."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy={
    "viz": "policykg.viz.commands:viz",
    "export": "policykg.viz.commands:export",
    "stats": "policykg.viz.commands:stats",
    "queries": "policykg.queries.commands:queries_command",
    "query": "policykg.queries.commands:query_command",
    "validate": "policykg.queries.commands:validate_command",
})
@click.version_option(package_name="policykg")
def main() -> None:
    """Turn Chinese policy documents into a knowledge graph of who leads what."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the outputs.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your department aliases (TSV: alias, canonical), added to the shipped ones.")
@click.option("--entity-aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your entity alias file (TSV: alias, canonical, type[, split]): merges or "
                   "splits universities, companies, platforms ...")
@click.option("--rdf-format", type=click.Choice(["ttl", "nt", "jsonld", "trig"]), default="ttl",
              show_default=True, help="Serialisation of the RDF output.")
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
@click.option("--strict", is_flag=True, help="Exit 1 when any file or annotation had a problem.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def build(paths: tuple[Path, ...], out: Path, aliases: Path | None,
          entity_aliases: Path | None, rdf_format: str, base_iri: str | None,
          workers: int | None, cache: bool, max_file_mb: float, max_inflated_mb: float,
          max_ratio: float, max_memory_mb: float, strict: bool, quiet: bool) -> None:
    """Build the graph of the documents under PATHS (default: the bundled corpus).

    Writes OUT/graph.json (node-link), OUT/graph.graphml and OUT/graph.ttl."""
    from policykg.corpus import CORPUS_DIR
    from policykg.graph.build import build as build_graph
    from policykg.graph.build import default_workers
    from policykg.graph.cache import BuildRecord, build_digest
    from policykg.graph.io import check_writable, write_outputs
    from policykg.loaders.files import iter_files
    from policykg.loaders.limits import Limits

    try:
        check_writable(out)  # before an hour of reading, not after
    except OSError as error:
        raise click.ClickException(f"{out}: cannot write the outputs: {error}") from error
    inputs = list(paths) or None
    limits = Limits(max_file_mb, max_inflated_mb, max_ratio, max_memory_mb)
    options = {"aliases": aliases, "entity_aliases": entity_aliases, "rdf": rdf_format,
               "base_iri": base_iri, "limits": limits}
    files = list(iter_files(inputs or [CORPUS_DIR], on_error=lambda e: None))
    record = BuildRecord(out) if cache else None
    digest = ""
    if record:
        digest = build_digest(files, options)
        if previous := record.unchanged(digest):
            _replay(previous, out, strict, quiet)
            return
    problems: list[str] = []

    def report(problem) -> None:
        problems.append(str(problem))
        _warn(problem)

    build_workers = workers or default_workers(files)
    kg = build_graph(inputs, aliases_file=aliases, entity_aliases_file=entity_aliases,
                     on_problem=report, progress=None if quiet else _progress,
                     workers=build_workers, limits=limits,
                     cache_dir=out / ".cache" if cache else None)
    counts = kg.counts()
    if not counts["nodes"]["Plan"]:
        raise click.ClickException("nothing was built: no plan found in the input")
    try:
        written = write_outputs(kg, out, rdf_format, base_iri, workers=build_workers)
    except OSError as error:
        raise click.ClickException(f"{out}: cannot write the outputs: {error}") from error
    if record:
        record.save(digest, counts, problems, written)
    if not quiet:
        _print_summary(counts, written)
    _fail_if_strict(strict, problems)
    if _program:
        _exit_now()


def _exit_now() -> None:
    """End the process as soon as a build is done (exit code 0). Letting the interpreter free
    the graph object by object, then every module, takes 0.3 s at 10× the bundled corpus and
    1.8 s at 100×; a build needs none of it: its files are written and closed and its worker
    processes joined."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _replay(previous: dict, out: Path, strict: bool, quiet: bool) -> None:
    """Report a build whose input, options and code are those of the last one: its outputs
    are already what a build would write."""
    for problem in previous["problems"]:
        _warn(problem)
    if not quiet:
        _print_summary(previous["counts"], [out / n for n in previous["outputs"]])
        click.echo("unchanged since the last build: nothing was rebuilt")
    _fail_if_strict(strict, previous["problems"])


def _warn(problem: object) -> None:
    from rich.markup import escape

    stderr.print(f"[yellow]warning[/]: {escape(str(problem))}", highlight=False, soft_wrap=True)


def _fail_if_strict(strict: bool, problems: list[str]) -> None:
    if strict and problems:
        raise click.ClickException(f"{len(problems)} problem(s) with the input (--strict)")


def _progress(extractions, total: int):
    """A progress bar on a terminal; nothing in a pipe or a log."""
    from rich.progress import track

    if not stderr.is_terminal:
        return extractions
    return track(extractions, total=total, description="reading files", console=stderr,
                 transient=True)


def _print_summary(counts: dict, written: list[Path]) -> None:
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


@main.command()
@click.argument("gold", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", "graph_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of a build.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--by-plan", is_flag=True, help="A column per gold document, not per file.")
@click.option("--show-missing", is_flag=True, help="List the gold items the build missed.")
@click.option("--show-wrong", is_flag=True,
              help="List the entities found that the gold does not list.")
def evaluate(gold: tuple[Path, ...], graph_dir: Path, fmt: str, by_plan: bool,
             show_missing: bool, show_wrong: bool) -> None:
    """Score the build in --graph against GOLD annotation files."""
    import json

    from policykg.evaluate import evaluate as score
    from policykg.graph.io import read_graph

    try:
        kg = read_graph(graph_dir)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    scores = score(kg, list(gold), by_plan=by_plan)
    figures = {name: s.figures() for name, s in scores.items()}
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        table = Table(title="policykg evaluate")
        table.add_column("measure", no_wrap=True)
        names = [Path(n).name if n != "all" else "all" for n in figures]
        for name in names:
            table.add_column(name, justify="right")
        for measure in figures["all"]:
            cells = [_percent(figures[n][measure]) for n in figures]
            table.add_row(measure, *cells)
        Console().print(table)
    if show_missing:
        for item in scores["all"].missing:
            click.echo(f"missing: {item}", err=True)
    if show_wrong:
        for item in scores["all"].wrong:
            click.echo(f"wrong: {item}", err=True)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@main.command()
@click.option("--graph", "graph_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of a build.")
@click.option("--type", "types", multiple=True, help="Only entities of this type (repeatable).",
              type=click.Choice(ENTITY_TYPES))
@click.option("--plan", help="Only entities named in this plan (its title or id).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def entities(graph_dir: Path, types: tuple[str, ...], plan: str | None, fmt: str) -> None:
    """List the named entities of a build with their aliases, the plans naming them and the
    rule and cue that found them."""
    import csv
    import json

    from policykg.graph.io import read_graph
    from policykg.graph.review import entity_rows

    try:
        rows = entity_rows(read_graph(graph_dir), types, plan)
    except (FileNotFoundError, KeyError) as error:
        raise click.ClickException(str(error).strip("'\"")) from error
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "type", "name", "aliases", "plans", "found_by"])
        for row in rows:
            writer.writerow([row["id"], row["type"], row["name"], "|".join(row["aliases"]),
                             "|".join(row["plans"]), "|".join(row["found_by"])])
    else:
        table = Table(title=f"{len(rows)} entities")
        for column in ("type", "name", "aliases", "plans", "found by"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(row["type"], row["name"], "、".join(row["aliases"]),
                          str(len(row["plans"])) + " plan(s)", "; ".join(row["found_by"]))
        Console().print(table)


@main.group(cls=LazyGroup, lazy={"sparql": "policykg.queries.commands:push_sparql"})
def push() -> None:
    """Write a build to a database server."""


@main.group()
def load() -> None:
    """Load a build into a graph database server."""


@load.command("neo4j")
@click.option("--graph", "graph_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of a build.")
@click.option("--uri", help="bolt://, neo4j:// or neo4j+s:// URI [default: $NEO4J_URI].")
@click.option("--user", help="User name [default: $NEO4J_USER]; the password is read from "
              "$NEO4J_PASSWORD only.")
@click.option("--database", help="Database [default: $NEO4J_DATABASE, else the server's "
              "default].")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1),
              help="Rows per transaction.")
def load_neo4j_command(graph_dir: Path, uri: str | None, user: str | None,
                       database: str | None, batch_size: int) -> None:
    """Load the build in --graph into Neo4j: batched MERGE on the ids, only what changed."""
    from policykg.graph.io import read_graph
    from policykg.graph.neo4j import Connection, Neo4jLoadError, load_neo4j

    try:
        kg = read_graph(graph_dir)
        connection = Connection.from_env(uri, user, database)
        report = load_neo4j(kg, connection, batch_size=batch_size)
    except (FileNotFoundError, ValueError, Neo4jLoadError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.schema, err=True)
    click.echo(f"{connection.uri} {connection.database or '(default database)'}: "
               f"{report.summary()}")


def run() -> None:
    """The ``policykg`` program: :func:`main`, allowed to end the process as soon as a build is
    done (tests call :func:`main` in their own process)."""
    global _program
    _program = True
    main()


if __name__ == "__main__":
    run()
