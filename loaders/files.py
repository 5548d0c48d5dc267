"""Finding the documents to load: files and folders in, readable document files out.

Folders are walked recursively in sorted order, so a build sees its files in the same order on
every machine. Hidden entries and Office lock files (``~$…``) are skipped. Symbolic links are
followed, but a folder is entered once only, which keeps a link loop from running forever; a
link with a document suffix that leads nowhere (broken, or a loop of links) is reported. A
path that cannot be used is reported through ``on_error`` (when given) so the caller can say
so and go on; without ``on_error`` it raises LoadError.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import LoadError

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".doc", ".pdf", ".ofd"})

_SKIPPED_PREFIXES = (".", "~$")  # hidden files and folders, Office lock files

ErrorHandler = Callable[[LoadError], None]


def _raise(error: LoadError) -> None:
    raise error


def iter_files(
    paths: Iterable[str | Path], on_error: ErrorHandler | None = None
) -> Iterator[Path]:
    """Yield every document file named by ``paths`` or found below the folders among them.

    A file named explicitly is yielded whatever its suffix (the reader will say if it cannot
    read it); files found in folders are yielded only if their suffix is a document suffix.
    Each file is yielded once, even if named twice or reached through two links.
    """
    report = on_error or _raise
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(path, seen_dirs, report)
        elif path.is_file():
            found = iter([path])
        else:
            report(LoadError(path, _missing(path)))
            continue
        for file in found:
            key = os.path.realpath(file)
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _walk(folder: Path, seen_dirs: set[str], report: ErrorHandler) -> Iterator[Path]:
    """The document files below ``folder``, depth first, entries sorted by name."""
    real = os.path.realpath(folder)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        report(LoadError(folder, f"cannot list folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.name.startswith(_SKIPPED_PREFIXES):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen_dirs, report)
        elif entry.suffix.lower() not in SUFFIXES:
            continue
        elif entry.is_file():
            yield entry
        elif entry.is_symlink():
            report(LoadError(entry, _missing(entry)))


def _missing(path: Path) -> str:
    """Why ``path`` (neither a file nor a folder) can't be read."""
    if not path.is_symlink():
        return "no such file or directory"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"
