"""Score the entity recogniser against gold files: per-type precision and recall, and host pairs.

Usage: python benchmarks/score_entities.py GOLD.json [GOLD.json …] [--corpus DIR]

Each gold document's text is its source file's text from the document's title to the next
document's title (titles of a compilation are read from its table of contents). Line breaks
between CJK characters are removed first, a stand-in for the cleaner. A gold entity is found
when a mention of its type has a surface form or name among the entity's alternatives; a found
entity (by name) is correct when it matches a gold entity of its type that way.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from policykg.loaders.entities import EntityMention, find_entities

CATEGORIES = {"universities": ("University",), "institutes": ("Institute",),
              "companies": ("Company",), "platforms": ("Platform",), "industries": ("Industry",),
              "places": ("Province", "City", "District")}
CJK = r"[\u4e00-\u9fff，、。；：（）“”\-—]"
TOC_ENTRY = re.compile(r"^[-\s]*\d+\.\s*(.+?)(?:\.{2,}|\s+)\s*\d+\s*$", re.M)


def simple_clean(text: str) -> str:
    return re.sub(rf"(?<={CJK})[ \t]*\n+[ \t]*(?={CJK})", "", text)


def _key(title: str) -> str:
    return re.sub(r"\s+", "", title)[:12]


def _find(key: str, text: str, after: int) -> int | None:
    """Where ``key`` first occurs after ``after``, whitespace allowed between characters."""
    m = re.compile(r"\s*".join(map(re.escape, key))).search(text, after)
    return m.start() if m else None


def _contents(text: str) -> list[re.Match[str]]:
    """The table of contents: the first run of entries "N. title …… page" close together."""
    entries: list[re.Match[str]] = []
    for m in TOC_ENTRY.finditer(text):
        if entries and m.start() - entries[-1].end() > 500:
            break
        entries.append(m)
    return entries


def document_texts(text: str, titles: list[str]) -> dict[str, str]:
    """Each title's document: after the table of contents (if any), from its title to the
    next document's title."""
    if len(titles) == 1:
        return {titles[0]: text}
    toc = _contents(text)
    toc_end = toc[-1].end() if toc else 0
    keys = {_key(t) for t in titles} | {_key(m.group(1)) for m in toc}
    starts = {k: _find(k, text, toc_end) for k in keys}
    bounds = sorted(v for v in starts.values() if v is not None) + [len(text)]
    out = {}
    for title in titles:
        start = starts[_key(title)] or 0
        out[title] = text[start:next(b for b in bounds if b > start)]
    return out


def _matches(m: EntityMention, alts: list[str]) -> bool:
    return m.surface in alts or m.name in alts


def score_document(doc: dict, mentions: list[EntityMention]
                   ) -> dict[str, tuple[int, int, int, int]]:
    """category -> (gold found, gold total, predicted correct, predicted total)."""
    result = {}
    for cat, types in CATEGORIES.items():
        gold = [g["name"] if cat == "platforms" else g for g in doc.get(cat, [])]
        pred: dict[str, list[EntityMention]] = {}
        for m in mentions:
            if m.type in types:
                pred.setdefault(m.name, []).append(m)
        found = sum(any(_matches(m, alts) for ms in pred.values() for m in ms) for alts in gold)
        correct = sum(any(_matches(m, alts) for m in ms for alts in gold) for ms in pred.values())
        result[cat] = (found, len(gold), correct, len(pred))
    return result


def host_pairs(doc: dict, mentions: list[EntityMention]) -> tuple[int, int, list[str]]:
    platforms = [m for m in mentions if m.type == "Platform"]
    missed, total = [], 0
    for g in doc.get("platforms", []):
        if not g.get("host"):
            continue
        total += 1
        if not any(_matches(p, g["name"]) and p.host and _matches(p.host, g["host"])
                   for p in platforms):
            missed.append(f"{g['name'][0]} <- {g['host'][0]}")
    return total - len(missed), total, missed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--corpus", default=str(Path(__file__).parent.parent / "corpus"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    for path in args.gold:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        text = (Path(args.corpus) / gold["source"]).read_text(encoding="utf-8")
        docs = document_texts(text, [d["title"] for d in gold["documents"]])
        for doc in gold["documents"]:
            mentions = find_entities(simple_clean(docs[doc["title"]]))
            print(f"{gold['source']}  {doc['title'][:30]}")
            for cat, (f, g, c, p) in score_document(doc, mentions).items():
                recall = f / g if g else 1.0
                precision = c / p if p else 1.0
                print(f"  {cat:12} recall {recall:5.2f} ({f}/{g})  "
                      f"precision {precision:5.2f} ({c}/{p})")
                if args.verbose:
                    _explain(doc, cat, mentions)
            ok, total, missed = host_pairs(doc, mentions)
            print(f"  host pairs   {ok}/{total}" + (f"  missed: {missed}" if missed else ""))


def _explain(doc: dict, cat: str, mentions: list[EntityMention]) -> None:
    gold = [g["name"] if cat == "platforms" else g for g in doc.get(cat, [])]
    pred = [m for m in mentions if m.type in CATEGORIES[cat]]
    missed = [alts[0] for alts in gold if not any(_matches(m, alts) for m in pred)]
    extra = sorted({m.name for m in pred if not any(_matches(m, alts) for alts in gold)})
    if missed:
        print(f"      missed: {missed}")
    if extra:
        print(f"      extra:  {extra}")


if __name__ == "__main__":
    main()
