"""Writing files safely: each file to a temporary file in the same folder, renamed into place
only when written (:func:`atomic_write`), so that an interrupted write never leaves a
half-written file behind; the files of one block renamed together once all of them are written
(:func:`all_or_nothing`), so that a build that fails half-way leaves the previous build's files
as they were; and several files written side by side by forked processes that share the data
with this one (:func:`write_side_by_side`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import IO, Any

# (temporary file, target) pairs waiting for the end of an all_or_nothing block
_staged: ContextVar[list[tuple[str, Path]] | None] = ContextVar("staged", default=None)


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; rename it to ``path`` only if the block succeeds
    (inside :func:`all_or_nothing`, only when that block succeeds)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        staged = _staged.get()
        if staged is None:
            os.replace(tmp, path)
        else:
            staged.append((tmp, path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written with :func:`atomic_write` in this block are renamed into place together
    when it ends; if it fails, none is, and their temporary files are removed."""
    staged: list[tuple[str, Path]] = []
    token = _staged.set(staged)
    try:
        yield
        for _, path in staged:
            if path.is_dir():
                raise IsADirectoryError(f"{path} is a folder")
        for tmp, path in staged:
            os.replace(tmp, path)
        staged.clear()
    finally:
        _staged.reset(token)
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def check_writable(folder: str | Path) -> None:
    """Create ``folder`` if need be and make sure a file can be written in it; OSError if not."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# The jobs of write_side_by_side, for the forked processes that inherit them.
_jobs: list[tuple[Path, Callable[[Path], object]]] = []


def write_side_by_side(jobs: list[tuple[Path, Callable[[Path], object]]], workers: int) -> None:
    """Run each ``write(path)`` of ``jobs`` inside an :func:`all_or_nothing` block. With
    ``workers`` > 1 (and where processes can fork) the last ``workers - 1`` jobs run in forked
    processes, which share the graph with this one instead of copying it, while this one runs
    the others. A forked job writes a part file, staged like the files written here."""
    forked = min(workers - 1, len(jobs) - 1) if "fork" in get_all_start_methods() else 0
    here, there = jobs[:len(jobs) - forked], range(len(jobs) - forked, len(jobs))
    if not forked:
        for path, write in here:
            write(path)
        return
    staged = _staged.get()
    if staged is None:
        raise RuntimeError("write_side_by_side runs inside an all_or_nothing block")
    global _jobs
    _jobs = jobs
    parts = {i: jobs[i][0].with_name(f".{jobs[i][0].name}.{os.getpid()}.part") for i in there}
    staged.extend((str(part), jobs[i][0]) for i, part in parts.items())
    try:
        with ProcessPoolExecutor(forked, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_write_job, i, part) for i, part in parts.items()]
            for path, write in here:
                write(path)
            for i, future in zip(parts, futures, strict=True):
                try:
                    future.result()
                except BrokenProcessPool as error:  # killed, out of memory …
                    raise OSError(f"{jobs[i][0]}: the process writing it died") from error
    finally:
        _jobs = []


def _write_job(index: int, path: Path) -> None:
    _staged.set(None)  # forked inside the parent's all_or_nothing block: rename when written
    _jobs[index][1](path)
