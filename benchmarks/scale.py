"""How the build scales: 1×, 10× and 100× the bundled corpus, cold and cached, 1 and 2 workers;
and the dask engine up to 1,000×.

Copy ``k`` of the corpus (``k`` ≥ 1) is the same files with every place name of the registry
(``loaders/data/places.tsv``: provinces, cities, districts, and the short forms of cities
and provinces) given a tag of two common characters before its level word (西安市 → 西安<tag>市,
上海 → 上海<tag>), so its plans are new plans with new
jurisdictions, departments and tasks instead of duplicates of copy 0. Each configuration runs
``policykg build`` as a whole process (outputs written) and records wall time, input MB/s per
worker and the peak RSS of the largest process of the build. Then the goals are checked:

- time grows linearly: 100× ≤ 110 × the 1× time, start-up (an empty build) taken off both;
- two workers build ≥ 1.6× faster than one (10×, cold; medians of alternated rounds);
- a cached rebuild takes ≤ 10% of the cold build (10× and 100×);
- the 100× build stays under 2 GB RSS.

The dask engine (``--engines dask``, with ``--copies … 1000``) builds each corpus cold
(``--no-cache``, as the in-memory cold builds) on a ``dask scheduler`` and two ``dask worker``
processes started here (one thread each, no nanny), and records wall time, MB/s per worker,
the peak RSS of every process (the client, that is the ``policykg build`` process, the
scheduler and each worker) and the bytes written. Its goals:

- memory does not grow with the corpus: the largest process's peak RSS at 1,000× is no more
  than 10% above its peak at 100×, and at most 1.5 GB;
- throughput at 100× is at least 80% of the in-memory (multiprocessing) build's, 2 workers
  (``--pairs N``: the medians of N cold builds of each, alternated, since a shared host's speed
  drifts by a fifth within minutes);
- the N-Triples shards, merged, are the in-memory build's triples at 1× and 10×.

The in-memory build is not run above 100×. Every build runs ``--no-reuse``: the copies share
every passage, so their reuse links would grow with the square of the copies
(``benchmarks/reuse.py`` measures reuse).

Beside them it prints how much faster a pure-Python loop runs on two processes than on one,
before and after the builds: on a shared host, the ceiling of the workers goal at the time.

    python benchmarks/scale.py [--copies 1 10 100 1000] [--rounds 5] [--keep DIR]
                               [--engines memory dask] [--pairs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from policykg.corpus import CORPUS_DIR
from policykg.graph.dask_engine import WORKER_ENV
from policykg.loaders.decode import _common_ideograph
from policykg.loaders.vocabulary import data_rows
from policykg.schema.model import PLACE_TYPES

LEVEL_WORDS = ("自治区", "自治州", "省", "市", "区", "县", "州", "盟", "旗")

# Runs one build and prints its peak RSS: the largest of the build process and its workers.
RUN = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _place_pattern() -> re.Pattern[str]:
    """Every place name of the registry and the short forms of cities and provinces (上海)."""
    names = set()
    for row in data_rows("places.tsv"):
        fields = row + ["", ""]
        if fields[1] in PLACE_TYPES and fields[0].endswith(LEVEL_WORDS):
            names.add(fields[0])
            names.update(short for short in fields[3].split(",") if len(short) > 1)
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def _tag(k: int) -> str:
    chars = _common_ideograph().pattern[1:-1]
    return chars[k // len(chars) % len(chars)] + chars[k % len(chars)]


def _renamed(text: str, k: int, places: re.Pattern[str]) -> str:
    def rename(m: re.Match[str]) -> str:
        name = m.group()
        level = next((w for w in LEVEL_WORDS if name.endswith(w)), "")
        return name[: len(name) - len(level)] + _tag(k) + level

    return places.sub(rename, text) if k else text


def generate(copies: int, folder: Path) -> float:
    """Write ``copies`` varied copies of the corpus into ``folder`` (kept if a run before
    wrote them all); return their size in MB."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS_DIR.glob("*.txt"))]
    names = [folder / f"{k:03d}_{name}" for k in range(copies) for name, _ in sources]
    if all(path.exists() for path in names) and len(list(folder.iterdir())) == len(names):
        return sum(path.stat().st_size for path in names) / 1e6
    places = _place_pattern()
    size = 0
    for k in range(copies):
        for name, text in sources:
            data = _renamed(text, k, places).encode("utf-8")
            (folder / f"{k:03d}_{name}").write_bytes(data)
            size += len(data)
    return size / 1e6


@dataclass
class Run:
    copies: int
    workers: int
    cached: bool
    seconds: float
    rss_mb: float
    megabytes: float

    @property
    def per_core(self) -> float:
        return self.megabytes / self.seconds / self.workers


def build(corpus: Path, out: Path, workers: int, cache: bool,
          exit_code: int = 0) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``policykg build`` that should exit with
    ``exit_code``."""
    command = [sys.executable, "-m", "policykg.cli", "build", "--out", str(out), "--quiet",
               "--no-reuse", "--workers", str(workers), "--cache" if cache else "--no-cache"]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, *command, str(corpus)],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    code, rss_kb = map(int, done.stdout.split())
    if code != exit_code:
        raise RuntimeError(f"build of {corpus} exited with {code}, not {exit_code}")
    return seconds, rss_kb / 1024


def start_up(root: Path) -> float:
    """Seconds of a build with nothing to read (an empty folder): interpreter and imports."""
    empty = root / "empty"
    empty.mkdir(exist_ok=True)
    return build(empty, root / "out-empty", 1, False, exit_code=1)[0]  # 1: nothing built


def measure(copies: list[int], root: Path, rounds: int) -> tuple[list[Run], float]:
    runs = []
    for n in copies:
        corpus = root / f"corpus-{n}x"
        megabytes = generate(n, corpus)
        plans = []
        for workers, cached in _configurations(n, rounds):
            out = root / f"out-{n}x-{workers}"
            if not cached:
                shutil.rmtree(out, ignore_errors=True)
            seconds, rss = build(corpus, out, workers, cache=True)
            runs.append(Run(n, workers, cached, seconds, rss, megabytes))
            print(_row(runs[-1]), flush=True)
            plans.append(json.loads((out / "graph.json").read_text("utf-8")))
        _check_same(plans, n)
    return runs, start_up(root)


def _configurations(copies: int, rounds: int) -> list[tuple[int, bool]]:
    """(workers, cached) per build: cold with one and two workers, alternated ``rounds`` times
    (the machine may be shared: the goal compares their medians), then cached with two."""
    if copies <= 10:
        return [(1, False), (2, False)] * rounds + [(2, True)]
    return [(2, False), (2, True)]


def _check_same(graphs: list[dict], copies: int) -> None:
    counts = {(len(g["nodes"]), len(g["edges"])) for g in graphs}
    if len(counts) != 1:
        raise RuntimeError(f"{copies}×: the builds differ: {counts}")
    plans = sum(n["type"] == "Plan" for n in graphs[0]["nodes"])
    print(f"    {copies}×: {plans} plans, {len(graphs[0]['nodes'])} nodes, "
          f"{len(graphs[0]['edges'])} edges", flush=True)


HEADER = f"{'corpus':>7} {'MB':>6} {'workers':>7} {'cache':>6} {'wall s':>7} {'MB/s/core':>9} " \
         f"{'peak RSS MB':>11}"


def _row(run: Run) -> str:
    return (f"{run.copies:>6}× {run.megabytes:>6.1f} {run.workers:>7} "
            f"{'warm' if run.cached else 'cold':>6} {run.seconds:>7.1f} {run.per_core:>9.2f} "
            f"{run.rss_mb:>11.0f}")


def goals(runs: list[Run], start: float) -> list[str]:
    def find(copies: int, workers: int, cached: bool) -> Run | None:
        """The run of that configuration with the median time (of the lower two when even)."""
        same = sorted((r for r in runs if (r.copies, r.workers, r.cached) ==
                       (copies, workers, cached)), key=lambda r: r.seconds)
        return same[(len(same) - 1) // 2] if same else None

    lines = [f"start-up (empty build): {start:.2f} s"]
    small, large = find(1, 2, False), find(100, 2, False)
    if small and large:
        ratio = (large.seconds - start) / (small.seconds - start)
        lines.append(_goal("100× cold / 1× cold, less start-up", ratio, "≤ 110", ratio <= 110))
    one, two = find(10, 1, False), find(10, 2, False)
    if one and two:
        speedup = one.seconds / two.seconds
        lines.append(_goal("10× cold: 1 worker / 2 workers", speedup, "≥ 1.6", speedup >= 1.6))
    for n in (10, 100):
        cold, warm = find(n, 2, False), find(n, 2, True)
        if cold and warm:
            share = warm.seconds / cold.seconds
            lines.append(_goal(f"{n}× cached / cold", share, "≤ 0.10", share <= 0.10))
    if large:
        lines.append(_goal("100× peak RSS (MB)", large.rss_mb, "< 2048", large.rss_mb < 2048))
    return lines


# -- the dask engine -------------------------------------------------------------------------
# Runs a program (a dask scheduler or worker) until told to stop, then prints its peak RSS.
# A program that has not ended 20 s after SIGTERM is killed.
SERVE = """
import resource, signal, subprocess, sys, time
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
stopped = []
signal.signal(signal.SIGTERM, lambda *_: stopped.append(time.monotonic()) or child.terminate())
while child.poll() is None:
    time.sleep(0.1)
    if stopped and time.monotonic() - stopped[0] > 20:
        child.kill()
        child.wait()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
"""


@dataclass
class DaskRun:
    copies: int
    megabytes: float
    seconds: float
    rss_mb: dict[str, float]  # client, scheduler, worker 1, worker 2
    written_mb: float
    workers: int = 2

    @property
    def per_core(self) -> float:
        return self.megabytes / self.seconds / self.workers


class Cluster:
    """A ``dask scheduler`` and ``workers`` ``dask worker`` processes (one thread, no nanny,
    no profiler: the engine's ``WORKER_ENV``, but for what this process's environment sets) on
    127.0.0.1, each in a wrapper that prints its peak RSS when it is stopped."""

    def __init__(self, workers: int = 2) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        dask = str(Path(sys.executable).parent / "dask")
        commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                     "--dashboard-address", "127.0.0.1:0"]]
        commands += [[dask, "worker", self.address, "--nthreads", "1", "--no-nanny",
                      "--host", "127.0.0.1", "--no-dashboard"]] * workers
        self.processes = []
        for command in commands:
            self.processes.append(subprocess.Popen([sys.executable, "-c", SERVE, *command],
                                                   stdout=subprocess.PIPE, text=True,
                                                   env={**WORKER_ENV, **os.environ}))
            if len(self.processes) == 1:
                time.sleep(2)
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=60)

    def stop(self) -> list[float]:
        """Stop the workers, then the scheduler; the peak RSS of each in MB (the scheduler
        first)."""
        for process in [*self.processes[1:], self.processes[0]]:
            process.terminate()
            process.wait(timeout=60)
        return [int(process.communicate()[0].split()[-1]) / 1024 for process in self.processes]


def build_dask(corpus: Path, out: Path, megabytes: float, copies: int) -> DaskRun:
    """One cold ``policykg build --engine dask`` on a new cluster of two workers."""
    shutil.rmtree(out, ignore_errors=True)
    cluster = Cluster()
    try:
        command = [sys.executable, "-m", "policykg.cli", "build", "--out", str(out), "--quiet",
                   "--no-reuse", "--no-cache", "--engine", "dask", "--scheduler",
                   cluster.address, str(corpus)]
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUN, *command], capture_output=True,
                              text=True, check=True)
        seconds = time.perf_counter() - start
    finally:
        scheduler, *workers = cluster.stop()
    code, rss_kb = map(int, done.stdout.split())
    if code:
        raise RuntimeError(f"dask build of {corpus} exited with {code}")
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    rss = {"client": rss_kb / 1024, "scheduler": scheduler,
           **{f"worker {n}": mb for n, mb in enumerate(workers, 1)}}
    return DaskRun(copies, megabytes, seconds, rss, written)


def same_triples(dask_out: Path, memory_out: Path) -> bool:
    """Whether the N-Triples shards of a dask build, merged, are the triples of an in-memory
    build."""
    from policykg.graph.io import read_graph
    from policykg.graph.rdf import ntriples

    shards = set()
    for path in (dask_out / "shards" / "nt").glob("*.nt"):
        with path.open(encoding="utf-8") as lines:
            shards.update(lines)
    return shards == set(ntriples(read_graph(memory_out)))


DASK_HEADER = (f"{'corpus':>7} {'MB':>6} {'wall s':>7} {'MB/s/core':>9} {'client':>7} "
               f"{'sched.':>7} {'worker1':>7} {'worker2':>7} {'written MB':>10}")


def _dask_row(run: DaskRun) -> str:
    rss = "".join(f" {mb:>7.0f}" for mb in run.rss_mb.values())
    return (f"{run.copies:>6}× {run.megabytes:>6.1f} {run.seconds:>7.1f} {run.per_core:>9.2f}"
            f"{rss} {run.written_mb:>10.0f}")


def measure_dask(copies: list[int], root: Path, memory: list[Run], pairs: int) -> list[str]:
    """The dask engine on each corpus, and its goals against the in-memory runs: the
    throughput at 100× from the medians of ``pairs`` cold builds of each, alternated."""
    print("\ndask engine: a dask scheduler and two workers on this machine, cold builds; "
          "peak RSS in MB per process", flush=True)
    print(DASK_HEADER, flush=True)
    runs, lines = [], []
    for n in copies:
        corpus = root / f"corpus-{n}x"
        megabytes = generate(n, corpus)
        runs.append(build_dask(corpus, root / f"out-{n}x-dask", megabytes, n))
        print(_dask_row(runs[-1]), flush=True)
        memory_out = root / f"out-{n}x-2"
        if n <= 10 and (memory_out / "graph.json").exists():
            same = same_triples(root / f"out-{n}x-dask", memory_out)
            lines.append(_goal(f"{n}× shards merged = in-memory triples", float(same),
                               "= 1", same))
    peak = {r.copies: max(r.rss_mb.values()) for r in runs}
    if 100 in peak and 1000 in peak:
        growth = peak[1000] / peak[100]
        lines.append(_goal("1000× / 100× largest process's RSS", growth, "≤ 1.10",
                           growth <= 1.10))
    if 1000 in peak:
        lines.append(_goal("1000× largest process's RSS (MB)", peak[1000], "≤ 1536",
                           peak[1000] <= 1536))
    cold = [r.seconds for r in memory if (r.copies, r.workers, r.cached) == (100, 2, False)]
    dask = [r.seconds for r in runs if r.copies == 100]
    if cold and dask:
        corpus, megabytes = root / "corpus-100x", runs[copies.index(100)].megabytes
        for _ in range(pairs - 1):  # more of both, alternated: the host's speed drifts
            cold.append(build(corpus, root / "out-100x-2", 2, cache=False)[0])
            dask.append(build_dask(corpus, root / "out-100x-dask", megabytes, 100).seconds)
            print(f"   100× pair: in-memory {cold[-1]:.1f} s, dask {dask[-1]:.1f} s", flush=True)
        share = statistics.median(cold) / statistics.median(dask)
        lines.append(_goal(f"100× dask / multiprocessing throughput ({len(dask)})", share,
                           "≥ 0.80", share >= 0.80))
    return lines


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_speedup(n: int = 10_000_000) -> float:
    """How much faster the same pure-Python loop runs split over two processes than in one,
    now: the ceiling of the workers goal on this machine (a shared host drifts)."""
    start = time.perf_counter()
    _spin(n)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1, 1]))  # both processes started
        start = time.perf_counter()
        list(pool.map(_spin, [n // 2, n // 2]))
        two = time.perf_counter() - start
    return one / two


def _goal(name: str, value: float, target: str, met: bool) -> str:
    return f"{name:<40} {value:>8.2f}  goal {target:<7} {'met' if met else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--keep", type=Path, help="Generate into this folder and keep it.")
    parser.add_argument("--rounds", type=int, default=5,
                        help="Alternated cold builds with one and two workers (up to 10×).")
    parser.add_argument("--pairs", type=int, default=1,
                        help="Cold 100× builds of each engine, alternated, whose medians give "
                             "the throughput goal.")
    parser.add_argument("--engines", nargs="+", choices=("memory", "dask"),
                        default=["memory", "dask"],
                        help="The in-memory build (up to 100×) and the dask engine.")
    args = parser.parse_args()
    before = machine_speedup()
    runs: list[Run] = []
    dask_goals: list[str] = []
    start = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        if "memory" in args.engines:
            print(HEADER, flush=True)
            runs, start = measure([n for n in args.copies if n <= 100], root, args.rounds)
        if "dask" in args.engines:
            dask_goals = measure_dask(args.copies, root, runs, args.pairs)
    after = machine_speedup()
    print()
    print("\n".join((goals(runs, start) if runs else []) + dask_goals))
    print(f"{'machine: pure-Python loop, 2 processes / 1':<40} {before:>8.2f} before the builds, "
          f"{after:.2f} after")


if __name__ == "__main__":
    main()
