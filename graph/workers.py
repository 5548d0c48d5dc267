"""Reading files in worker processes, where a process that dies costs only the file it held.

Each worker caps its own address space (``Limits.memory_mb``), so a reader that allocates past
the cap gets a MemoryError, which its file's record reports. A worker that dies all the same
(killed by a signal, a crash inside a C library) breaks the pool: the files that had been
begun and not finished are read again one by one, each in a process of its own, and a file
whose own process dies too is given up, with how it died; a new pool reads the rest.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from policykg.loaders.limits import MB, Limits

_started: Any = None  # in a worker: the shared flags of the files begun, one byte per file


def _start_worker(limits: Limits, started: Any) -> None:
    global _started
    _started = started
    cap_memory(limits)


def cap_memory(limits: Limits) -> None:
    """Cap this process's address space at ``limits.memory_mb`` (never above its hard cap)."""
    cap = int(limits.memory_mb * MB)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _run(task: Callable, index: int, args: tuple) -> Any:
    _started[index] = 1
    return task(*args)


def run_each(task: Callable[..., Any], items: list[tuple], workers: int, limits: Limits,
             died: Callable[[tuple, str], Any]) -> Iterator[Any]:
    """``task(*item)`` for each item, in processes, yielded in the order of ``items``. An item
    whose process dies gives ``died(item, how)`` instead (see the module docstring)."""
    context = multiprocessing.get_context()
    position = 0
    while position < len(items):
        rest = items[position:]
        started = context.Array("b", len(rest), lock=False)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                 initargs=(limits, started)) as pool:
            futures = [pool.submit(_run, task, n, item) for n, item in enumerate(rest)]
            broken = None
            for n, future in enumerate(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = n
                    break
                yield result
        if broken is None:
            return
        begun = [n for n in range(broken, len(rest)) if started[n]]
        last = max(begun, default=broken)
        for n in range(broken, last + 1):
            yield futures[n].result() if _finished(futures[n]) else alone(
                task, rest[n], limits, died)
        position += last + 1


def _finished(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def alone(task: Callable[..., Any], item: tuple, limits: Limits,
          died: Callable[[tuple, str], Any]) -> Any:
    """``task(*item)`` in a process of its own; ``died(item, how)`` if that process dies."""
    context = multiprocessing.get_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, task, item, limits))
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        result = None
    process.join()
    receive.close()
    if result is None:
        return died(item, _how(process.exitcode))
    return result


def _child(send: Any, task: Callable, item: tuple, limits: Limits) -> None:
    cap_memory(limits)
    send.send(task(*item))
    send.close()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"
