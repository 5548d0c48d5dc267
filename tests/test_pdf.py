"""PDFs as users get them: the fourteen test plans printed by headless Chromium at three page
widths build to the titles and tasks of their text (titles and task titles re-joined where
the page wrapped them); scanned PDFs (pages that are only pictures) build with OCR to the
tasks and units of their text; without the ``ocr`` extra such a file is named with the way to
get it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykg.graph.build import Problem, build
from policykg.loaders.extract import DocumentRead, extract_file

from testkit import browser
from testkit.portal import plan_texts

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browser.available(), reason="needs Debian's chromium")]
WIDTHS = (148, 210, 250)  # mm: A5, A4 and a wide page


def read(path: Path) -> list[DocumentRead]:
    return extract_file(path).documents


def tasks(doc: DocumentRead) -> list[tuple]:
    return [(t.number, t.title) for t in doc.tasks]


def units(doc: DocumentRead) -> set[tuple]:
    return {(t.number, u.edge, u.name) for t in doc.tasks for u in t.units}


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, DocumentRead]:
    folder = tmp_path_factory.mktemp("texts")
    out = {}
    for stem, text in plan_texts().items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out[stem],) = read(folder / f"{stem}.txt")
    return out


def test_printed_plans_build_to_the_titles_and_tasks_of_their_text(texts, tmp_path):
    from testkit.printed import print_pdfs

    pdfs = print_pdfs(plan_texts(), tmp_path, WIDTHS)
    assert len(pdfs) == 3 * len(texts)
    wrapped_titles = 0
    for pdf in pdfs:
        stem = pdf.stem.rsplit("_", 1)[0]
        expected = texts[stem]
        (doc,) = read(pdf)
        layer = pdf.read_bytes()
        assert layer.startswith(b"%PDF")
        assert (doc.title, tasks(doc), units(doc)) == (
            expected.title, tasks(expected), units(expected)), pdf.name
        first_line = extract_text_layer(pdf).split("\n")[0]
        wrapped_titles += first_line != plan_texts()[stem].split("\n")[0]
    assert wrapped_titles >= 5  # the test does wrap titles: at 148 mm most of them


def extract_text_layer(pdf: Path) -> str:
    from policykg.loaders.formats import read_file

    return read_file(pdf).original


OCR_PLANS = ("03_nanning", "08_taiyuan", "13_changchun")


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> list[Path]:
    from testkit.printed import scanned_pdfs

    chosen = {stem: text for stem, text in plan_texts().items() if stem in OCR_PLANS}
    return scanned_pdfs(chosen, tmp_path_factory.mktemp("scans"))


def test_scanned_plans_build_with_ocr_to_the_tasks_and_units_of_their_text(texts, scans):
    pytest.importorskip("rapidocr_onnxruntime")
    pytest.importorskip("pypdfium2")
    for scan in scans:
        assert extract_text_layer_is_empty(scan)
    problems: list[Problem] = []
    kg = build(scans, on_problem=problems.append)
    assert problems == []
    hit = predicted = gold = 0
    for scan in scans:
        expected = texts[scan.stem.removesuffix("_scan")]
        (plan,) = [p for p in kg.nodes("Plan") if p["sources"] == [scan.name]]
        assert plan["name"] == expected.title
        found = {t["number"]: t for t in kg.neighbours(plan["id"], "HAS_TASK")}
        assert sorted(found) == sorted(t.number for t in expected.tasks)
        got = {(kg.node(e["target"])["number"], e["type"], e["surface"]) for e in kg.edges()
               if e.get("plan") == plan["id"] and e["type"] in ("LEADS", "SUPPORTS")}
        want = {(t.number, u.edge, u.surface) for t in expected.tasks for u in t.units}
        hit, predicted, gold = hit + len(got & want), predicted + len(got), gold + len(want)
    precision, recall = hit / predicted, hit / gold
    assert 2 * precision * recall / (precision + recall) >= 0.95


def extract_text_layer_is_empty(pdf: Path) -> bool:
    import pypdf

    return all(not (page.extract_text() or "").strip() for page in pypdf.PdfReader(pdf).pages)


def test_without_the_ocr_extra_a_scanned_pdf_is_named_with_the_way_to_get_it(scans, tmp_path):
    blocked = ("import sys; sys.modules['rapidocr_onnxruntime'] = None; "
               "from policykg.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", blocked, "build", str(scans[0]), "--out",
                           str(tmp_path / "out"), "--quiet", "--no-cache"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert f"{scans[0]}: PDF has no text layer (its 1 page(s) are images): reading it needs " \
           "OCR: pip install 'policykg[ocr]'" in done.stderr
