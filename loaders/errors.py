"""The one error the loading layer raises: a file that cannot be read, with the reason (also
when a reader's optional library is missing: :func:`need`)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType


class LoadError(Exception):
    """A file (or a path given to read) that could not be loaded; ``str()`` is "PATH: reason"."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def need(module: str, extra: str, path: Path) -> ModuleType:
    """Import an optional dependency, or explain which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise LoadError(
            path, f"reading {path.suffix} files needs {module}: pip install 'policykg[{extra}]'"
        ) from exc
