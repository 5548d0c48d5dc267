"""The segmenter behind entity boundaries, measured: policykg's own (``loaders/words.py``, the
dictionary of jieba read as a word list) against jieba's part-of-speech tagger
(``jieba.posseg``, with and without its hidden Markov model), each run in the same build of the
bundled corpus, on one process.

For each: the time to load it, the time of the whole build (the recogniser segments the
few characters around each candidate name), and the entity scores on the development gold
(``tests/gold`` and, when present, ``../shared/gold``).

    python benchmarks/segmenters.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import policykg.loaders.words as words
from policykg.evaluate import evaluate
from policykg.graph.build import build

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted([*(ROOT / "tests" / "gold").glob("*.json"),
               *(ROOT.parent / "shared" / "gold").glob("*.json")])
TYPES = ("companies", "platforms", "industries", "places", "institutes", "universities")


def jieba_segmenter(hmm: bool) -> Callable[[str], tuple[words.Word, ...]]:
    import logging

    import jieba
    import jieba.posseg as pseg
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    freq = jieba.dt.FREQ

    def segment(text: str) -> tuple[words.Word, ...]:
        return tuple(words.Word(p.word, p.flag if p.flag != "eng" else "x", freq.get(p.word, 0))
                     for p in pseg.cut(text, HMM=hmm))
    return segment


def use(segment: Callable[[str], tuple[words.Word, ...]]) -> None:
    """Make every module of the package that segments use ``segment``."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("policykg.") \
                and getattr(module, "segment", None) is not None:
            module.segment = segment


def measure(name: str, load: Callable[[], Callable], rounds: int) -> None:
    start = time.perf_counter()
    segment = load()
    loaded = time.perf_counter() - start
    use(segment)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        kg = build([str(ROOT / "corpus")], on_problem=lambda problem: None)
        times.append(time.perf_counter() - start)
    figures = evaluate(kg, GOLD)["all"].figures()
    cells = [f"{figures[f'{t}_recall'] or 0:.2f}/{figures[f'{t}_precision'] or 0:.2f}"
             for t in TYPES]
    print(f"{name:26} {loaded:6.2f} {statistics.median(times):7.2f} "
          + " ".join(f"{c:>11}" for c in cells) + f" {figures['hosts_found'] or 0:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'segmenter':26} {'load s':>6} {'build s':>7} "
          + " ".join(f"{t[:11]:>11}" for t in TYPES) + "  hosts")
    print(" " * 42 + "(recall/precision on the development gold)")

    build([str(ROOT / "corpus")], on_problem=lambda problem: None)  # warm the dictionaries

    def own() -> Callable:
        words._dictionary.cache_clear()
        words._dictionary()
        return words.segment
    measure("policykg (jieba's words)", own, args.rounds)
    measure("jieba.posseg, HMM off", lambda: jieba_segmenter(False), args.rounds)
    measure("jieba.posseg, HMM on", lambda: jieba_segmenter(True), args.rounds)
    print("(jieba loads its dictionary once: the second jieba row shows no load time)")


if __name__ == "__main__":
    main()
