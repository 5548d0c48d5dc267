"""The ``policykg`` command: a shell over the Python API that parses arguments and prints what
the API returns. Each command is in a module of this package and is imported only when it runs,
so that one command does not pay for the imports of all the others. Choices that name formats
or stores are read from their registries (:mod:`policykg.graph.formats`,
:mod:`policykg.stores`) when the command runs.

Exit codes: 0 success, 1 the work failed (nothing built, a query failed, a check failed),
2 bad usage.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from policykg.cli.common import Program

COMMANDS = {
    "build": "policykg.cli.build:build",
    "evaluate": "policykg.cli.build:evaluate",
    "entities": "policykg.cli.build:entities",
    "queries": "policykg.cli.query:queries",
    "query": "policykg.cli.query:query",
    "validate": "policykg.cli.query:validate",
    "load": "policykg.cli.stores:load",
    "push": "policykg.cli.stores:push",
    "viz": "policykg.cli.explore:viz",
    "report": "policykg.cli.explore:report",
    "export": "policykg.cli.explore:export",
    "stats": "policykg.cli.explore:stats",
}


class LazyGroup(click.Group):
    """A command group whose commands named in ``lazy`` ("module:attribute") are imported
    only when used."""

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


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(package_name="policykg")
def main() -> None:
    """Turn Chinese policy documents into a knowledge graph of who leads what."""


def run() -> None:
    """The ``policykg`` program: :func:`main`, allowed to end the process as soon as a build is
    done (tests call :func:`main` in their own process)."""
    Program.running = True
    main()
