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

    def key(self, path: Path) -> str | None:
        """The key of ``path``'s current content, or None if it can't be read."""
        digest = hashlib.sha256(reader_fingerprint().encode())
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            return None
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def has(self, key: str | None) -> bool:
        return key is not None and self._entry(key).is_file()

    def get(self, path: Path, key: str | None = None) -> Extraction | None:
        """The cached extraction of ``path`` (whose key may be given), or None (missing,
        unreadable or corrupt)."""
        key = key or self.key(path)
        if key is None:
            return None
        try:
            with self._entry(key).open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        if not isinstance(extraction, Extraction):
            return None
        extraction.path = str(path)
        return extraction

    def put(self, key: str, extraction: Extraction) -> None:
        try:
            entry = self._entry(key)
            entry.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(entry, "wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass  # a cache that can't be written only costs time
