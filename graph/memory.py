"""Handing memory that a process has freed back to the system.

Allocators keep the memory that a process frees for its next allocations: a long-lived worker
that runs one large task after another holds, at each moment, about the most that any task of
its past needed, not what its current task needs. Two allocators hold most of it in a Dask
worker: glibc's ``malloc`` (Python's larger objects), whose ``malloc_trim`` returns its free
pages, and Arrow's memory pool, whose ``release_unused`` is asked to. mimalloc, Arrow's pool
by default, keeps much of what it frees even so (at 1,000× the corpus, a worker's resident set
grew by 40 MB over one round of the Dask build's plans stage while Arrow held nothing), so the
Dask engine's workers allocate Arrow's memory from glibc's ``malloc``
(:data:`policykg.graph.dask_engine.WORKER_CONFIG`). Other C libraries (musl, macOS) have no
``malloc_trim``; there only Arrow's pool is released.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any


@cache
def _malloc_trim() -> Any:
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)  # the process's own symbols
    except OSError:
        return None


def release_memory() -> bool:
    """Return freed memory to the system: Arrow's pool's where pyarrow is loaded, and glibc's
    where the C library is glibc; whether glibc's could be."""
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
