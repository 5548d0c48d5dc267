"""Build throughput against word segmentation.

Runs, as whole processes alternated in one run, (a) ``policykg.build`` of the corpus with its
outputs written, with the processes ``policykg build`` uses (``default_workers``: one per core
where the files keep them busy; a large file is read in parts), (b) the same in one process,
and (c) ``jieba.lcut`` over the decoded text of the same files, and prints wall times,
throughput (MB/s), peak memory (of the process and its children) and the ratio build / jieba
(goal: ≤ 1.0), also for the build in one process.

Both run from compiled bytecode: pip compiled jieba's modules when it installed them, and it
compiles policykg's own in a regular install; an editable install's are compiled on their
first import, unless PYTHONDONTWRITEBYTECODE is set, when every run would compile them again.
So policykg's modules are compiled here first.

    python benchmarks/build.py [PATH ...] [--rounds 3]
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD = """
import json, resource, sys
import policykg.graph.build as b
from policykg.graph.outputs import write_outputs
paths, out = sys.argv[2:-1], sys.argv[-1]
workers = int(sys.argv[1]) or b.default_workers(b.list_files(paths))
kg = b.build(paths, on_problem=lambda p: None, workers=workers)
write_outputs(kg, out, workers=workers)
rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                        resource.RUSAGE_CHILDREN))
print(json.dumps({"rss_mb": rss / 1024, "plans": kg.counts()["nodes"]["Plan"],
                  "workers": workers}))
"""

SEGMENT = """
import json, resource, sys, logging
import jieba
jieba.setLogLevel(logging.WARNING)
from policykg.loaders.files import iter_files
from policykg.loaders.formats import read_file
words = sum(len(jieba.lcut(read_file(p).original)) for p in iter_files(sys.argv[1:]))
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "words": words}))
"""


def run(code: str, args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - start, json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import policykg
    from policykg.corpus import CORPUS_DIR
    from policykg.loaders.files import iter_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(CORPUS_DIR)])
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    compileall.compile_dir(Path(policykg.__file__).parent, quiet=1,
                           rx=re.compile(r"[/\\](\.|tests|benchmarks|scripts)"))
    size_mb = sum(p.stat().st_size for p in iter_files(options.paths)) / 1e6
    run(SEGMENT, options.paths)  # warm jieba's dictionary cache, as any second user has it
    builds, singles, segments = [], [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(options.rounds):
            builds.append(run(BUILD, ["0", *options.paths, str(Path(out) / "g")]))
            singles.append(run(BUILD, ["1", *options.paths, str(Path(out) / "g1")]))
            segments.append(run(SEGMENT, options.paths))
    jieba_s = statistics.median(t for t, _ in segments)
    print(f"corpus: {size_mb:.2f} MB, {builds[0][1]['plans']} plans; "
          f"{options.rounds} alternated rounds, medians of whole processes")
    for name, runs in ((f"build ({builds[0][1]['workers']} processes, as policykg build "
                        "runs it)", builds), ("build (one process)", singles),
                       ("jieba.lcut (one process)", segments)):
        median = statistics.median(t for t, _ in runs)
        print(f"{name:44} {median:6.2f} s  {size_mb / median:6.2f} MB/s  "
              f"peak RSS {max(r['rss_mb'] for _, r in runs):.0f} MB")
    ratio = statistics.median(t for t, _ in builds) / jieba_s
    single = statistics.median(t for t, _ in singles) / jieba_s
    print(f"ratio build / jieba: {ratio:.2f} (goal ≤ 1.0); in one process {single:.2f}")


if __name__ == "__main__":
    main()
