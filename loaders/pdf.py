"""Reading PDF files: the text layer of each page, and OCR for pages that have none.

A page's text comes from its text layer (pypdf). A page without one (a scan, a page printed
as an image) is rendered (pypdfium2) and read with RapidOCR (``rapidocr-onnxruntime``, whose
wheel ships the PP-OCR detection and recognition models: nothing is downloaded); both come with
the ``ocr`` extra. OCR'd lines are laid out top to bottom, the boxes of one line left to right,
and ASCII punctuation read right after a Chinese character is made full-width (。 read as .).
The ``original`` of the SourceText is the text read, pages separated by a line break, so every
span quotes it. Without the ``ocr`` extra, a PDF of images only is refused and pages without
text in a mixed PDF are named in a note; pypdf decodes no stream past ``Limits.inflated_mb``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .errors import LoadError, need
from .limits import MB, Limits
from .text import SourceText

OCR_DPI = 150  # resolution pages are rendered at for OCR
# PP-OCR reads a full-width mark after a Chinese character as its ASCII look-alike (。 as .).
_FULL_WIDTH = {".": "。", "．": "。", ",": "，", ";": "；", ":": "：", "(": "（", ")": "）",
               "?": "？", "!": "！"}
_FULL_WIDTH_AFTER_CJK = re.compile(
    r"([\u3400-\u9fff\uff08\uff09\u3001\u3002])([.．,;:()?!])")
OCR_EXTRA = "reading it needs OCR: pip install 'policykg[ocr]'"


def read_pdf(path: Path, limits: Limits) -> SourceText:
    """The text of a PDF's pages (see the module docstring)."""
    pypdf = need("pypdf", "pdf", path)
    limits.check_size(path)
    inflated = int(limits.inflated_mb * MB)
    try:
        with pypdf.apply_configuration(
                maximum_declared_stream_length=inflated, zlib_maximum_output_length=inflated,
                lzw_maximum_output_length=inflated, run_length_maximum_output_length=inflated,
                array_based_stream_maximum_output_length=inflated,
                image_maximum_buffer_size=inflated):
            reader = pypdf.PdfReader(str(path), strict=False)
            pages = [page.extract_text() or "" for page in reader.pages]
    except pypdf.errors.LimitReachedError as exc:
        raise LoadError(path, f"a stream would inflate past {limits.inflated_mb:,.0f} MB "
                              f"(--max-inflated-mb): {exc}") from exc
    except Exception as exc:  # pypdf has no single error type for damaged files
        raise LoadError(path, f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    blank = [n for n, text in enumerate(pages) if not text.strip()]
    notes = []
    if blank:
        engine = _ocr_engine()
        if engine is not None:
            for n, text in zip(blank, ocr_pages(path, blank, engine), strict=True):
                pages[n] = text
        elif len(blank) == len(pages):
            raise LoadError(path, f"PDF has no text layer (its {len(pages)} page(s) are "
                                  f"images): {OCR_EXTRA}")
        else:
            notes.append(f"page(s) {', '.join(str(n + 1) for n in blank)} have no text layer "
                         f"and were not read: {OCR_EXTRA}")
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(path, "PDF has no text, not even by OCR")
    return SourceText.identity(str(path), text, notes)


@cache
def _ocr_engine():
    """RapidOCR's engine (loaded once per process), or None without the ``ocr`` extra."""
    try:
        import pypdfium2  # noqa: F401
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    return RapidOCR()


def ocr_pages(path: Path, numbers: list[int], engine) -> list[str]:
    """The OCR text of pages ``numbers`` (0-based) of the PDF at ``path``."""
    import numpy
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for n in numbers:
            image = document[n].render(scale=OCR_DPI / 72).to_pil().convert("RGB")
            boxes, _ = engine(numpy.asarray(image))
            texts.append(layout(boxes or []))
        return texts
    finally:
        document.close()


def layout(boxes: list) -> str:
    """OCR boxes ([corners, text, score]) as lines: boxes whose vertical centres lie within
    half a line height of each other form one line, read left to right."""
    items = []
    for corners, text, _ in boxes:
        ys = [y for _, y in corners]
        xs = [x for x, _ in corners]
        items.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), text))
    items.sort()
    lines: list[list[tuple]] = []
    for item in items:
        if lines and abs(item[0] - lines[-1][0][0]) <= lines[-1][0][1] / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    text = "\n".join("".join(text for *_, text in sorted(line, key=lambda i: i[2]))
                     for line in lines)
    return _FULL_WIDTH_AFTER_CJK.sub(lambda m: m.group(1) + _FULL_WIDTH[m.group(2)], text)
