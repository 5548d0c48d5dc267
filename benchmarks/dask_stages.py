"""Where the Dask engine's time and worker memory go, stage by stage.

Builds a corpus (``--no-reuse``, no cache, every sharded format the CLI writes) on a ``dask
scheduler`` and two ``dask worker`` processes started here (``scale.py``'s cluster), and after
each stage prints its wall time and, for each worker, its peak and current RSS during the stage
(the peak is reset between stages through ``/proc/self/clear_refs``, so Linux only), its
anonymous memory, and who holds it: glibc's heap (in use, as ``mallinfo2`` counts it), Arrow's
memory pool (bytes allocated) and Python's allocator (how many blocks of up to 512 bytes,
``sys.getallocatedblocks``). Anonymous memory that grows while those three do not is memory an
allocator keeps after it was freed. The stages are the engine's own
(``policykg.graph.dask_engine._stage``, hooked here). The workers get the engine's
``WORKER_ENV`` but for what this process's environment sets:
``ARROW_DEFAULT_MEMORY_POOL=mimalloc python benchmarks/dask_stages.py CORPUS`` measures the
workers with Arrow's own pool.

    python benchmarks/dask_stages.py CORPUS [--out DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scale import Cluster

import policykg.exports  # noqa: F401 (the sharded formats of other tools, as the CLI writes)
import policykg.graph.dask_engine as engine
from policykg.graph.outputs import build_to


def worker_memory() -> dict[str, Any]:
    """This worker's memory in MB; its peak RSS reset for the next stage."""
    import ctypes
    import sys

    import pyarrow

    class Mallinfo2(ctypes.Structure):  # here: the function is sent to the workers by value
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost")]

    fields: dict[str, Any] = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon"):
                fields[key] = int(value.split()[0]) // 1024
    mallinfo2 = ctypes.CDLL(None).mallinfo2  # glibc's (2.33 and later)
    mallinfo2.restype = Mallinfo2
    heap = mallinfo2()
    fields["heap"] = (heap.uordblks + heap.hblkhd) >> 20
    fields["arrow"] = pyarrow.total_allocated_bytes() >> 20
    fields["pool"] = pyarrow.default_memory_pool().backend_name
    fields["blocks"] = sys.getallocatedblocks()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, help="Build here (default: a temporary folder).")
    args = parser.parse_args()
    from distributed import Client

    cluster = Cluster()
    try:
        with Client(cluster.address) as client:
            pools = {m["pool"] for m in client.run(worker_memory).values()}
            print(f"the workers' Arrow memory pool: {', '.join(sorted(pools))}")
            timed = engine._stage

            @contextmanager
            def stage(name: str) -> Iterator[None]:
                start = time.perf_counter()
                with timed(name):
                    yield
                report(name, time.perf_counter() - start, client.run(worker_memory))

            read = engine._Build.read

            def read_stage(build: Any) -> Any:
                with stage("read"):
                    return read(build)

            engine._stage = stage
            engine._Build.read = read_stage  # type: ignore[method-assign]
            print(f"{'stage':<14} {'wall s':>7}   per worker: peak / now / anonymous RSS MB "
                  "(glibc heap, Arrow, Python blocks)")
            start = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                build_to([args.corpus], args.out or Path(tmp) / "out", cache=False,
                         reuse=False, engine="dask", scheduler=cluster.address)
            print(f"{'total':<14} {time.perf_counter() - start:7.1f}")
    finally:
        cluster.stop()


def report(name: str, seconds: float, memory: dict[str, dict[str, int]]) -> None:
    workers = "   ".join(f"{m['VmHWM']:4d} / {m['VmRSS']:4d} / {m['RssAnon']:4d} "
                         f"({m['heap']:3d}, {m['arrow']:3d}, {m['blocks'] / 1e3:5.0f}k)"
                         for m in memory.values())
    print(f"{name:<14} {seconds:7.1f}   {workers}", flush=True)


if __name__ == "__main__":
    main()
