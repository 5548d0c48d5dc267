"""The ``load`` command (also called ``push``): a build into a dataset of a database server,
one subcommand per registered store (:mod:`policykg.stores`), whose options are the store's
settings; and those settings as options of other commands (``query``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from policykg import stores
from policykg.cli.common import graph_param, read_build
from policykg.graph.io import dataset_of
from policykg.graph.shards import SHARDS_DIR
from policykg.stores.base import Setting, StoreError


def dataset_param() -> click.Option:
    return click.Option(["--dataset"], help="The name of the build on the server [default: "
                        "the name of the --graph folder]; a load changes this dataset only.")


def setting_option(setting: Setting) -> click.Option:
    """The CLI option of a store's setting: ``--name`` (dashes for underscores), None when not
    given so that the store applies its environment variable and default."""
    notes = [f"default: ${setting.env}" if setting.env else "",
             f"default: {setting.default}" if setting.default is not None and not setting.flag
             else ""]
    help = setting.help + "".join(f" [{note}]" for note in notes if note)
    name = "--" + setting.name.replace("_", "-")
    if setting.flag:
        return click.Option([name, setting.name], is_flag=True, default=None, help=help)
    return click.Option([name, setting.name], type=setting.type, default=None, help=help)


def setting_options(settings: Iterable[Setting], taken: Iterable[str] = ()) -> list[click.Option]:
    """Options for ``settings``, once per name, leaving out the names in ``taken``."""
    seen = set(taken)
    options = []
    for setting in settings:
        if setting.name not in seen:
            seen.add(setting.name)
            options.append(setting_option(setting))
    return options


def given(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings given on the command line (flags only when set)."""
    return {k: v for k, v in settings.items() if v not in (None, False)}


def load_command(store: type[stores.Store]) -> click.Command:
    """``load STORE``: the build in --graph into a dataset of the store's server."""

    def load(graph_dir: Path, dataset: str | None, prune: bool, bulk: bool,
             **settings: Any) -> None:
        try:
            target = stores.open_store(store.name, dataset or dataset_of(graph_dir),
                                       **given(settings))
            report = (target.bulk_load(graph_dir / SHARDS_DIR) if bulk
                      else target.load(read_build(graph_dir), prune=prune))
        except StoreError as error:
            raise click.ClickException(str(error)) from error
        for note in report.notes():
            click.echo(note, err=True)
        click.echo(report.line())

    prune = click.Option(["--prune"], is_flag=True, help="Let the load delete most of what "
                         "the dataset holds (a load that would is refused without it).")
    bulk = click.Option(["--bulk"], is_flag=True, help="Load the shards of a sharded build "
                        "(build --engine dask) with the server's own bulk loader, replacing "
                        "the dataset (neo4j: print the neo4j-admin import command).")
    return click.Command(
        store.name, callback=load, help=f"Load the build in --graph into {store.description}, "
        "writing only what changed since the last load of the dataset.",
        params=[graph_param(), dataset_param(), prune, bulk, *setting_options(store.settings)])


class StoreGroup(click.Group):
    """A group with one command per registered store, read from the registry when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return stores.names()

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            return load_command(stores.get(name))
        except StoreError:
            return None


load = StoreGroup("load", help="Load a build into a dataset of a database server.")
push = StoreGroup("push", help="The same as load.")
