"""Entity recognition on the development set: per-type recall and precision of a build of the
bundled corpus against the hand-coded gold (``tests/gold`` and, when present,
``../shared/gold``), for all of it and for the plans first coded for issue 12 (the part of the
development set the recogniser was not written from before), with host ties.

    python benchmarks/score_entities.py [-v]     # -v: what each plan misses and adds

The same figures, per file or per plan, come from ``policykg evaluate``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from policykg.evaluate import Score, evaluate
from policykg.graph.build import build

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("companies", "platforms", "industries", "places", "institutes", "universities")


def gold_files() -> list[Path]:
    return sorted([*(ROOT / "tests" / "gold").glob("*.json"),
                   *(ROOT.parent / "shared" / "gold").glob("*.json")])


def entity_only(paths: list[Path]) -> set[str]:
    """Titles of the gold documents coded for entities only (no tasks): issue 12's."""
    return {d["title"] for p in paths for d in json.loads(p.read_text("utf-8"))["documents"]
            if not d["tasks"] and p.parent.name == "gold" and p.parent.parent.name == "tests"
            and not p.name.startswith("001")}


def row(name: str, score: Score) -> str:
    f = score.figures()
    cells = [f"{f[f'{t}_recall'] or 0:.2f}/{f[f'{t}_precision'] or 0:.2f}" for t in TYPES]
    return f"{name:28} " + " ".join(f"{c:>11}" for c in cells) + f" {f['hosts_found'] or 0:6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    paths = gold_files()
    kg = build([str(ROOT / "corpus")], on_problem=lambda problem: None)
    scores = evaluate(kg, paths, by_plan=True)
    new = entity_only(paths)
    issue12 = Score()
    for title, score in scores.items():
        if title in new:
            issue12.add(score)
    print(f"{'gold':28} " + " ".join(f"{t[:11]:>11}" for t in TYPES) + "  hosts")
    print(f"{'':28} (recall/precision)")
    print(row(f"issue 12 plans ({len(new)})", issue12))
    print(row(f"all ({len(scores) - 1} plans)", scores["all"]))
    if args.verbose:
        for title, score in scores.items():
            for item in score.missing + [f"wrong {w}" for w in score.wrong]:
                if not item.startswith(("task", "unit")):
                    print(f"  {title[:16]}  {item}")


if __name__ == "__main__":
    main()
