"""The one error the loading layer raises: a file that cannot be read, with the reason."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A file (or a path given to read) that could not be loaded; ``str()`` is "PATH: reason"."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
