"""OCR throughput: pages per second that policykg reads from scanned PDFs on this machine.

Scans the test plans (``tests/printed.py``: Chromium lays each plan out and photographs it;
the picture is put on an A4 page with no text layer), then reads the pages with
:func:`policykg.loaders.pdf.ocr_pages` in one process: the time to load RapidOCR's models once,
then per page (rendering at ``OCR_DPI`` and recognising), and the share of the text's
characters found again (a rough check that the pages were read, not a score).

    python benchmarks/ocr.py [--pages 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import tempfile
import time
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)

from policykg.loaders.pdf import OCR_DPI, _ocr_engine, ocr_pages

from testkit.portal import plan_texts
from testkit.printed import scanned_pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    texts = dict(list(plan_texts().items())[:options.pages])
    with tempfile.TemporaryDirectory() as tmp:
        scans = scanned_pdfs(texts, Path(tmp))
        start = time.perf_counter()
        engine = _ocr_engine()
        load_s = time.perf_counter() - start
        if engine is None:
            raise SystemExit("needs the ocr extra: pip install 'policykg[ocr]'")
        rounds, read = [], {}
        for _ in range(options.rounds):
            start = time.perf_counter()
            for scan in scans:
                read[scan] = ocr_pages(scan, [0], engine)[0]
            rounds.append(time.perf_counter() - start)
    seconds = statistics.median(rounds)
    found = statistics.mean(
        difflib.SequenceMatcher(None, "".join(text.split()), "".join(read[scan].split()))
        .ratio() for scan, text in zip(scans, texts.values(), strict=True))
    print(f"{len(scans)} scanned pages (A4, rendered at {OCR_DPI} dpi), median of "
          f"{options.rounds} rounds")
    print(f"model load: {load_s:.2f} s once per process")
    print(f"OCR: {seconds / len(scans):.2f} s per page, {len(scans) / seconds:.2f} pages/s")
    print(f"text found again: {found:.3f} (similarity of OCR text to the plan's text)")


if __name__ == "__main__":
    main()
