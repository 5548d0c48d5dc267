"""A cache of what was read from each file, keyed by the file's name and content and by the
reading code and data themselves, so an unchanged file is not read again and any change to
policykg's loaders invalidates every entry."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from policykg.graph.atomic import atomic_write
from policykg.loaders.extract import DocumentRead, Extraction


def _tree_digest(*packages: str) -> str:
    """A digest of the code and data files (by path and content) of ``packages``."""
    digest = hashlib.sha256()
    for package in packages:
        root = Path(str(resources.files(package)))
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".tsv", ".txt", ".ttl"):
                digest.update(f"{package}/{path.relative_to(root)}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def reader_fingerprint() -> str:
    """A digest of the loaders' code and data: what turns a file into records."""
    return _tree_digest("policykg.loaders")


@cache
def code_fingerprint() -> str:
    """A digest of the code and data that turn files into outputs (loaders, graph, schema)."""
    return _tree_digest("policykg.loaders", "policykg.graph", "policykg.schema")


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

    def put(self, key: str, pickled: bytes) -> None:
        """Store a pickled :class:`Extraction` under ``key``."""
        try:
            entry = self._entry(key)
            entry.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(entry, "wb") as handle:
                handle.write(pickled)
        except OSError:
            pass  # a cache that can't be written only costs time

    def put_documents(self, key: str, extraction: Extraction,
                      documents: list[PickledDocument]) -> None:
        """Store ``extraction`` under ``key``, its ``documents`` pickled already (one each):
        the entry holds their pickles, not the documents pickled again, and loads as any
        other (:func:`_extraction`)."""
        self.put(key, pickle.dumps(_PickledDocuments(extraction, documents),
                                   protocol=pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True)
class PickledDocument:
    """A document pickled in two parts: its passages, which only passage reuse reads (and
    which are most of its bytes), and the rest."""

    rest: bytes
    passages: bytes

    @classmethod
    def of(cls, doc: DocumentRead) -> PickledDocument:
        return cls(pickle.dumps(replace(doc, passages=[]), protocol=pickle.HIGHEST_PROTOCOL),
                   pickle.dumps(doc.passages, protocol=pickle.HIGHEST_PROTOCOL))


def load_document(rest: bytes, passages: bytes | None) -> DocumentRead:
    """The document of the two parts of a :class:`PickledDocument`; without ``passages``, the
    document without its passages."""
    doc: DocumentRead = pickle.loads(rest)
    if passages is not None:
        doc.passages = pickle.loads(passages)
    return doc


class _PickledDocuments:
    """An extraction whose documents are pickled already, pickled as the extraction."""

    def __init__(self, extraction: Extraction, documents: list[PickledDocument]) -> None:
        self.extraction, self.documents = extraction, documents

    def __reduce__(self) -> tuple[Any, ...]:
        e = self.extraction
        return _extraction, (e.path, [(d.rest, d.passages) for d in self.documents],
                             e.problems, e.failed)


def _extraction(path: str, documents: list[tuple[bytes, bytes]], problems: list[str],
                failed: bool) -> Extraction:
    """An extraction loaded from a cache entry of :meth:`ExtractionCache.put_documents`."""
    return Extraction(path, [load_document(*doc) for doc in documents], problems, failed)


def build_digest(files: list[Path], options: Mapping[str, object]) -> str:
    """A digest of everything a build's outputs depend on: the input files' names and
    contents, the options (and the contents of option files), and policykg's own code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(json.dumps(_option_values(options), sort_keys=True).encode())
    for path in files:
        digest.update(str(path).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as error:
            digest.update(str(error).encode())
    return digest.hexdigest()


def _option_values(options: Mapping[str, object]) -> dict[str, str]:
    values = {}
    for name, value in options.items():
        if isinstance(value, Path) and value.is_file():
            value = hashlib.sha256(value.read_bytes()).hexdigest()
        values[name] = str(value)
    return values


class BuildRecord:
    """What the last build into an output folder depended on (its digest), and what it
    reported, so that a build of unchanged input can be skipped and its report replayed."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.path = self.out / ".cache" / "build.json"

    def unchanged(self, digest: str) -> dict | None:
        """The stored report when the last build had this digest and its outputs are still
        there; else None."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        outputs = [self.out / name for name in record.get("outputs", [])]
        if record.get("digest") != digest or not outputs or not all(p.exists() for p in outputs):
            return None
        return record

    def save(self, digest: str, counts: dict, problems: list[list[str]],
             outputs: list[Path]) -> None:
        """Record a build: its digest, counts, problems (``[path, message]``) and outputs."""
        record = {"digest": digest, "counts": counts, "problems": problems,
                  "outputs": [p.name for p in outputs]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.path) as handle:
                json.dump(record, handle, ensure_ascii=False)
        except OSError:
            pass  # the record only saves time
