"""Build throughput against word segmentation.

Runs, as whole processes alternated in one run, (a) ``policykg.build`` of the corpus with its
outputs written, and (b) ``jieba.lcut`` over the decoded text of the same files, and prints
wall times, throughput (MB/s), peak memory and the ratio build / jieba (goal: ≤ 1.0).

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
kg = b.build(sys.argv[1:-1], on_problem=lambda p: None)
write_outputs(kg, sys.argv[-1])
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "plans": kg.counts()["nodes"]["Plan"]}))
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
    builds, segments = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(options.rounds):
            builds.append(run(BUILD, [*options.paths, str(Path(out) / "g")]))
            segments.append(run(SEGMENT, options.paths))
    build_s = statistics.median(t for t, _ in builds)
    jieba_s = statistics.median(t for t, _ in segments)
    print(f"corpus: {size_mb:.2f} MB, {builds[0][1]['plans']} plans; "
          f"{options.rounds} alternated rounds, medians of whole processes")
    print(f"build : {build_s:6.2f} s  {size_mb / build_s:6.2f} MB/s  "
          f"peak RSS {max(r['rss_mb'] for _, r in builds):.0f} MB")
    print(f"jieba : {jieba_s:6.2f} s  {size_mb / jieba_s:6.2f} MB/s  "
          f"peak RSS {max(r['rss_mb'] for _, r in segments):.0f} MB")
    print(f"ratio build / jieba: {build_s / jieba_s:.2f} (goal ≤ 1.0)")


if __name__ == "__main__":
    main()
