"""The vocabularies shipped in ``loaders/data/``, read through :mod:`importlib.resources` so that
they are found wherever the package is installed."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def data_text(name: str) -> str:
    """The text of ``loaders/data/<name>``."""
    return files("policykg.loaders").joinpath("data", name).read_text(encoding="utf-8")


def data_json(name: str) -> Any:
    """The parsed JSON of ``loaders/data/<name>``."""
    return json.loads(data_text(name))


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``loaders/data/<name>``, without blank and ``#`` lines."""
    return [line.split("\t") for line in data_text(name).splitlines()
            if line.strip() and not line.startswith("#")]


def data_lines(name: str) -> list[str]:
    """The stripped lines of ``loaders/data/<name>``, without blank and ``#`` lines."""
    return [line.strip() for line in data_text(name).splitlines()
            if line.strip() and not line.startswith("#")]
