"""Portal pages: which reader finds the document in a government site's page.

Writes each test plan (``tests/data/plans``) as a portal page, with and without the welcome
banner (``tests/portal.py``: three layouts, some pages in GB18030), and reads each page three
ways:

- ``whole page``: every visible line (the HTML reader before issue 13);
- ``trafilatura``: ``trafilatura.extract``'s main text and title, its text aligned back onto
  the page's rendered text so that offsets still point into the HTML source;
- ``rules``: :mod:`policykg.loaders.html` (the DOM rules policykg uses).

Each is scored against the same plan read from its text file: tasks found, unit F1 over
(task, role, unit), plans titled right, front matter (issuer, document number, date) right,
and milliseconds per page to read (median over ``--rounds``).

    python benchmarks/portal.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)

from policykg.loaders.clean import clean
from policykg.loaders.extract import DocumentRead, extract_file, extract_source
from policykg.loaders.html import decode_page, document_text, fields, parse
from policykg.loaders.text import SourceText, TextBuilder

from testkit.portal import metadata_for, plan_texts, write_pages


def whole_page(path: Path) -> SourceText:
    return parse(decode_page(path.read_bytes(), path), str(path)).text


def with_trafilatura(path: Path) -> SourceText:
    """trafilatura's main text, found again in the rendered page, after its title and the
    page's metadata lines (read as the rules read them)."""
    import trafilatura

    source = decode_page(path.read_bytes(), path)
    page = parse(source, str(path))
    rendered = page.text
    found = trafilatura.bare_extraction(source, include_tables=True, with_metadata=True)
    if found is None:
        return rendered
    builder = TextBuilder()
    for item in fields(page):  # the metadata as the rules read it: only the body differs
        if item.kind != "title":
            builder.insert(item.label + "：", rendered.offsets[item.value[0]])
            builder.extend(rendered, *item.value)
            builder.insert("\n", rendered.offsets[item.value[0]])
    title = (found.title or "").strip()
    at = source.find(title) if title else -1
    if title:
        builder.insert(title + "\n", max(at, 0))
    for start, end in _aligned(rendered.text, found.text or ""):
        builder.extend(rendered, start, end)
        builder.insert("\n", rendered.offsets[end - 1])
    return builder.build(str(path), source)


def _aligned(text: str, extracted: str) -> list[tuple[int, int]]:
    """The ranges of ``text`` that spell the pieces of ``extracted`` (split at spaces and
    table bars), found in order."""
    ranges, position = [], 0
    squeezed = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    stream = "".join(ch for _, ch in squeezed)
    for piece in re.split(r"[|\s]+", extracted):
        if not piece:
            continue
        at = stream.find(piece, position)
        if at < 0:
            continue
        start, end = squeezed[at][0], squeezed[at + len(piece) - 1][0] + 1
        if ranges and text[ranges[-1][1]:start].strip("\t ") == "":
            ranges[-1] = (ranges[-1][0], end)  # same line: one range
        else:
            ranges.append((start, end))
        position = at + len(piece)
    return ranges


def with_rules(path: Path) -> SourceText:
    source = decode_page(path.read_bytes(), path)
    return document_text(parse(source, str(path)), str(path))


READERS: dict[str, Callable[[Path], SourceText]] = {
    "whole page": whole_page, "trafilatura": with_trafilatura, "rules": with_rules}


def units(doc: DocumentRead) -> set[tuple]:
    return {(t.number, t.title, u.edge, u.name) for t in doc.tasks for u in t.units}


def score(expected: DocumentRead, got: list[DocumentRead], meta) -> dict[str, float]:
    doc = max(got, key=lambda d: len(d.tasks)) if got else DocumentRead("", None)
    want, have = units(expected), units(doc)
    hit = len(want & have)
    precision = hit / len(have) if have else 0.0
    recall = hit / len(want) if want else 1.0
    tasks = {(t.number, t.title) for t in expected.tasks}
    front = (meta.number, _iso(meta.date), meta.issuer)
    issuers = [name for name, _ in doc.issuers]
    return {"tasks": len(tasks & {(t.number, t.title) for t in doc.tasks}),
            "tasks_all": len(tasks),
            "f1": 2 * precision * recall / (precision + recall) if hit else 0.0,
            "titled": float(len(got) == 1 and doc.title == expected.title),
            "front": float((doc.doc_number, doc.date) == front[:2] and front[2] in issuers)}


def _iso(date: str) -> str:
    y, m, d = map(int, re.findall(r"\d+", date))
    return f"{y:04d}-{m:02d}-{d:02d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    texts = plan_texts()
    with tempfile.TemporaryDirectory() as tmp:
        plans = Path(tmp) / "plans"
        plans.mkdir()
        expected = {}
        for stem, text in texts.items():
            (plans / f"{stem}.txt").write_text(text, encoding="utf-8")
            expected[stem] = extract_file(plans / f"{stem}.txt").documents[0]
        print(f"{len(texts)} plans, {sum(len(d.tasks) for d in expected.values())} tasks; "
              f"reading time: median of {options.rounds} rounds")
        print(f"{'pages':<15}{'reader':<13}{'tasks':>8}{'unit F1':>9}{'titled':>8}"
              f"{'front':>7}{'ms/page':>9}")
        for banner in (True, False):
            pages = write_pages(Path(tmp) / f"banner-{banner}", banner=banner)
            for name, reader in READERS.items():
                rows, times = [], []
                for _ in range(options.rounds):
                    start = time.perf_counter()
                    sources = {stem: reader(path) for stem, path in pages.items()}
                    times.append((time.perf_counter() - start) / len(pages))
                for stem, source in sources.items():
                    got = extract_source(clean(source)).documents
                    rows.append(score(expected[stem], got, metadata_for(stem, texts[stem])))
                label = "with banner" if banner else "without banner"
                print(f"{label:<15}{name:<13}"
                      f"{sum(r['tasks'] for r in rows):>4}/{sum(r['tasks_all'] for r in rows):<3}"
                      f"{statistics.mean(r['f1'] for r in rows):>9.2f}"
                      f"{sum(r['titled'] for r in rows):>5.0f}/{len(rows):<2}"
                      f"{sum(r['front'] for r in rows):>4.0f}/{len(rows):<2}"
                      f"{statistics.median(times) * 1000:>9.1f}")


if __name__ == "__main__":
    main()
