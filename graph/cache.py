"""A cache of what was read from each file, keyed by the file's name and content and by the
reading code and data themselves, so an unchanged file is not read again and any change to
policykg's loaders invalidates every entry."""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from importlib import resources
from pathlib import Path

from policykg.graph.io import atomic_write
from policykg.loaders.extract import Extraction


@cache
def reader_fingerprint() -> str:
    """A digest of the loaders' code and data files."""
    digest = hashlib.sha256()
    root = resources.files("policykg.loaders")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".tsv", ".txt"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class ExtractionCache:
    """Pickled extractions in a folder, one file per (name, content, reader) key."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _entry(self, path: Path) -> Path:
        digest = hashlib.sha256(reader_fingerprint().encode())
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        key = digest.hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, path: Path) -> Extraction | None:
        """The cached extraction of ``path``, or None (missing, unreadable or corrupt)."""
        try:
            entry = self._entry(path)
            with entry.open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        if not isinstance(extraction, Extraction):
            return None
        extraction.path = str(path)
        return extraction

    def put(self, path: Path, extraction: Extraction) -> None:
        try:
            entry = self._entry(path)
            entry.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(entry, "wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass  # a cache that can't be written only costs time
