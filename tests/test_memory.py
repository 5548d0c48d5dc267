"""Handing freed memory back to the system (graph.memory), as the Dask build's tasks do."""

import platform
import sys

import pytest

from policykg.graph.memory import release_memory

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def _anonymous_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no RssAnon in /proc/self/status")


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_memory_freed_below_a_live_block_goes_back_to_the_system():
    blocks = [bytes(4096) for _ in range(20_000)]  # 80 MB from malloc's heap
    above = bytes(4096)  # a live block above them: the heap's top cannot simply shrink
    held = _anonymous_mb()
    del blocks
    kept = _anonymous_mb()
    assert release_memory()
    released = _anonymous_mb()
    assert kept > held - 20  # glibc kept the freed blocks ...
    assert released < kept - 40  # ... until they were handed back
    assert len(above) == 4096


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_arrow_freed_goes_back_to_the_system():
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.binary_repeat(pa.repeat(b"x", 100_000), 1000)  # 100 MB in Arrow's pool
    held = _anonymous_mb()
    del column
    kept = _anonymous_mb()
    release_memory()
    released = _anonymous_mb()
    assert kept > held - 20  # the pool kept the freed buffer ...
    assert released < kept - 60  # ... until it was handed back


def test_without_glibc_only_arrow_is_released(monkeypatch):
    import policykg.graph.memory as memory

    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert release_memory() is False
