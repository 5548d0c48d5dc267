"""Passage reuse: MinHash LSH candidates against every pair scored, and how precise the links are.

Side by side in one run:

- on the bundled corpus, for thresholds around the default, the links of the exhaustive
  computation (every pair of passages of different plans scored) and the share of them the LSH
  path finds (goal: recall ≥ 0.95 at the default);
- on 10× the corpus (copies with renamed places, as ``benchmarks/scale.py`` makes them), the
  same recall, and the time of ``find_reuse`` by each method, LSH timed before and after the
  exhaustive run (goal: ≥ 20× faster; the exhaustive scoring runs on every core, the LSH path
  mostly on one);
- on both, the engine's candidate pairs (signatures and bands in numpy) against datasketch's
  own ``MinHash.bulk`` and ``MinHashLSH`` with the same signatures and bands: time, and
  whether they propose the same pairs;
- the cost of reuse in a build: whole builds (files read, graph made, nothing written) with
  and without it, alternated, on the corpus and at 10×;
- precision samples: links drawn at random (seeded) from the corpus links, written to TSV
  files in ``benchmarks/`` with both quotes and a ``same`` column that a person fills by
  reading each pair (``yes``: the same measure, ``no``: not). A rerun carries the judgements
  of all three files over to the links drawn (the same two quotes of the same two plans) and
  prints the share judged ``yes``. Three samples: 50 links at the
  default threshold; 30 with scores just below it; 50 at the default with responsibility
  annotations taken as passages (``plan_texts(annotations=True)``).

    python benchmarks/reuse.py [--copies 10] [--keep DIR] [--skip-scale]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from scale import generate

from policykg.graph.build import build
from policykg.graph.reuse import THRESHOLD, PlanText, ReuseLink, find_reuse, plan_texts
from policykg.graph.reuse.engine import BANDS, NUM_PERM, SEED, candidates, shingle_hashes

HERE = Path(__file__).resolve().parent
SAMPLE_SEED = 16
THRESHOLDS = (0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
COLUMNS = ("n", "score", "similarity", "plans_sharing", "type", "source", "target",
           "source_quote", "target_quote", "same", "note")


def key(link: ReuseLink) -> tuple[str, str, int, int]:
    return link.source, link.target, link.source_passage.start, link.target_passage.start


def undirected(link: ReuseLink) -> tuple:
    """A link's two ends in a fixed order, whichever way it runs."""
    ends = ((link.source, link.source_passage.start, link.source_passage.end),
            (link.target, link.target_passage.start, link.target_passage.end))
    return tuple(sorted(ends))


def recall(plans: list[PlanText], threshold: float) -> tuple[int, int, float]:
    """Links of the exhaustive computation, links of the LSH path, share of the former found."""
    every = {key(link) for link in find_reuse(plans, threshold, method="exhaustive")}
    hashed = {key(link) for link in find_reuse(plans, threshold)}
    return len(every), len(hashed), len(every & hashed) / len(every) if every else 1.0


def timed(run: Callable[[], list[ReuseLink]]) -> tuple[float, list[ReuseLink]]:
    start = time.perf_counter()
    links = run()
    return time.perf_counter() - start, links


def corpus_recall(plans: list[PlanText]) -> float:
    """Print links and recall at each threshold; return the recall at the default."""
    print(f"bundled corpus: {len(plans)} plans")
    library_candidates(plans)
    build_cost(None)
    print(f"{'threshold':>9} {'exhaustive':>10} {'lsh':>6} {'recall':>7}")
    at_default = 0.0
    for threshold in THRESHOLDS:
        every, hashed, share = recall(plans, threshold)
        mark = "  (default)" if threshold == THRESHOLD else ""
        print(f"{threshold:>9.2f} {every:>10} {hashed:>6} {share:>7.3f}{mark}", flush=True)
        at_default = share if threshold == THRESHOLD else at_default
    return at_default


def goal(what: str, value: float, target: float, wording: str) -> None:
    print(f"{what:<42} {value:7.3f}  goal {wording:<7} {'met' if value >= target else 'MISSED'}")


def scaled(copies: int, root: Path) -> tuple[float, float]:
    """Recall and speed-up of the LSH path on ``copies`` × the corpus."""
    folder = root / f"corpus-{copies}x"
    megabytes = generate(copies, folder)
    seconds, plans = timed(lambda: list(plan_texts([folder])))
    print(f"\n{copies}× corpus: {megabytes:.1f} MB, {len(plans)} plans, read in {seconds:.1f} s",
          flush=True)
    library_candidates(plans)
    build_cost([folder], rounds=1)
    first, hashed = timed(lambda: find_reuse(plans))
    print(f"  lsh         {first:8.1f} s  {len(hashed)} links", flush=True)
    every_s, every = timed(lambda: find_reuse(plans, method="exhaustive"))
    print(f"  exhaustive  {every_s:8.1f} s  {len(every)} links", flush=True)
    second, _ = timed(lambda: find_reuse(plans))
    print(f"  lsh again   {second:8.1f} s", flush=True)
    found = {key(link) for link in every} & {key(link) for link in hashed}
    share = len(found) / len(every) if every else 1.0
    return share, every_s / max(first, second)


def build_cost(paths: list[Path] | None, rounds: int = 3) -> None:
    """Whole builds of ``paths`` (default: the corpus) without and with reuse, alternated;
    medians."""
    times: dict[bool, list[float]] = {False: [], True: []}
    links = 0
    for _ in range(rounds):
        for reuse in (False, True):
            seconds, kg = timed(lambda reuse=reuse: build(paths, reuse=reuse,
                                                          on_problem=lambda problem: None))
            times[reuse].append(seconds)
            counts = kg.counts()["edges"]
            links = counts["REUSES"] + counts["SIMILAR_TO"]
    without, with_reuse = (sorted(times[r])[len(times[r]) // 2] for r in (False, True))
    print(f"  build (median of {rounds}, alternated): without reuse {without:.1f} s, with reuse "
          f"{with_reuse:.1f} s (+{with_reuse - without:.1f} s, {links} links)", flush=True)


def library_candidates(plans: list[PlanText]) -> None:
    """Time the candidate pairs of the engine and of datasketch's MinHashLSH; compare them."""
    keys, owners = [], []
    for index, plan in enumerate(plans):
        for passage in plan.passages:
            keys.append(passage.key)
            owners.append(index)
    ours_s, ours = timed(lambda: candidates(keys, owners))
    start = time.perf_counter()
    minhashes = MinHash.bulk([[int(h) for h in shingle_hashes(key)] for key in keys],
                             num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    signed = time.perf_counter()
    lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
    found = set()
    for index in sorted(set(owners)):  # each plan looked up among the plans before it
        mine = [i for i, owner in enumerate(owners) if owner == index]
        found.update((other, i) for i in mine for other in lsh.query(minhashes[i]))
        for i in mine:
            lsh.insert(i, minhashes[i], check_duplication=False)
    theirs_s = time.perf_counter() - start
    same = found == {(int(a), int(b)) for a, b in ours}
    print(f"  candidates: engine {ours_s:.1f} s, datasketch {theirs_s:.1f} s "
          f"(MinHash.bulk {signed - start:.1f} s, MinHashLSH {theirs_s - signed + start:.1f} s), "
          f"{len(ours)} pairs, the same: {'yes' if same else 'NO'}", flush=True)


def judgements(paths: list[Path]) -> dict[tuple, tuple[str, str]]:
    """The judgements in the sample files: (same, note) for the two quotes of two plans,
    whichever way the link runs."""
    judged = {}
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, dialect="excel-tab"):
                if row["same"]:
                    ends = ((row["source"], row["source_quote"]),
                            (row["target"], row["target_quote"]))
                    judged[tuple(sorted(ends))] = (row["same"], row["note"])
    return judged


def sample(links: list[ReuseLink], size: int, path: Path,
           judged: dict[tuple, tuple[str, str]]) -> tuple[int, int, int]:
    """Write ``size`` links drawn at random to ``path`` with the ``judged`` answers for them;
    return (rows, judged, judged yes)."""
    pool = sorted(links, key=undirected)
    drawn = sorted(random.Random(SAMPLE_SEED).sample(pool, min(size, len(pool))), key=undirected)
    rows = []
    for n, link in enumerate(drawn, 1):
        quotes = (link.source_passage.quote, link.target_passage.quote)
        ends = ((link.source, quotes[0]), (link.target, quotes[1]))
        same, note = judged.get(tuple(sorted(ends)), ("", ""))
        rows.append((n, link.score, link.similarity, link.plans_sharing, link.type, link.source,
                     link.target, *quotes, same, note))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, dialect="excel-tab")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    answers = [row[-2] for row in rows if row[-2]]
    return len(rows), len(answers), answers.count("yes")


def precision(plans: list[PlanText], annotated: list[PlanText]) -> None:
    links = find_reuse(plans)
    kept = {key(link) for link in links}
    below = [link for link in find_reuse(plans, 0.65) if key(link) not in kept]
    samples = (
        (f"at the default threshold {THRESHOLD}", links, 50, "reuse_precision_sample.tsv"),
        (f"at 0.65, not at {THRESHOLD}", below, 30, "reuse_precision_below.tsv"),
        ("at the default, annotations taken as passages", find_reuse(annotated), 50,
         "reuse_precision_annotations.tsv"),
    )
    judged = judgements([HERE / name for *_, name in samples])
    print()
    for what, drawn_from, size, name in samples:
        rows, answered, yes = sample(drawn_from, size, HERE / name, judged)
        share = f"{yes / answered:.2f}" if answered else "—"
        print(f"precision {what}: {yes}/{answered} judged the same measure = {share} "
              f"({rows} of {len(drawn_from)} links drawn; benchmarks/{name})", flush=True)
        if answered < rows:
            print(f"  {rows - answered} rows still to judge: fill the 'same' column",
                  file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--keep", help="folder for the scaled corpus (default: a temporary one)")
    parser.add_argument("--skip-scale", action="store_true", help="the bundled corpus only")
    args = parser.parse_args(argv)
    plans = list(plan_texts())
    goals = [("1× recall of LSH candidates", corpus_recall(plans), 0.95, "≥ 0.95")]
    precision(plans, list(plan_texts(annotations=True)))
    if not args.skip_scale:
        root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="reuse-bench-"))
        try:
            share, speedup = scaled(args.copies, root)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        goals += [(f"{args.copies}× recall of LSH candidates", share, 0.95, "≥ 0.95"),
                  (f"{args.copies}× exhaustive time / LSH time (slower)", speedup, 20, "≥ 20")]
    print()
    for what, value, target, wording in goals:
        goal(what, value, target, wording)
    return 0


if __name__ == "__main__":
    sys.exit(main())
