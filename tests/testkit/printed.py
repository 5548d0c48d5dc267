"""PDFs made from the test plans the way users get them: printed by headless Chromium (CJK font
fonts-wqy-zenhei, the title at a larger size, paragraphs indented, page widths of choice), and
scanned: each page a picture of the printed plan, with no text layer.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from pathlib import Path

from testkit.browser import chromium

MM_PER_INCH = 25.4


def plan_page(text: str, width_mm: float, font_pt: float = 12) -> str:
    """The plan ``text`` (its first line the title) as a printable HTML page."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (f'<html><head><meta charset="utf-8"><style>'
            f"@page {{ size: {width_mm}mm 297mm; margin: 20mm; }}"
            f"body {{ font-family: 'WenQuanYi Zen Hei'; font-size: {font_pt}pt; margin: 0; }}"
            f"h1 {{ text-align: center; font-size: {font_pt * 1.8}pt; font-weight: normal; }}"
            f"p {{ text-indent: 2em; margin: 0; line-height: 1.6; }}"
            f"</style></head><body><h1>{html.escape(lines[0])}</h1>{body}</body></html>")


def print_pdfs(texts: dict[str, str], folder: Path, widths: Iterable[float]) -> list[Path]:
    """Print each plan at each page width (mm) with Chromium; the PDFs' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with chromium() as driver:
        for width in widths:
            for stem, text in texts.items():
                page = folder / f"{stem}_{width:g}mm.html"
                page.write_text(plan_page(text, width), encoding="utf-8")
                driver.get(page.resolve().as_uri())
                pdf = driver.execute_cdp_cmd("Page.printToPDF", {
                    "preferCSSPageSize": True, "printBackground": False,
                    "displayHeaderFooter": False})
                path = page.with_suffix(".pdf")
                path.write_bytes(base64.b64decode(pdf["data"]))
                paths.append(path)
    return paths


def scanned_pdfs(texts: dict[str, str], folder: Path, width_mm: float = 170) -> list[Path]:
    """Each plan as a PDF of one page that is only a picture (Chromium's screenshot of the
    plan laid out ``width_mm`` wide at 150 dpi, put on an A4 page with fpdf2)."""
    import fpdf
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    pixels = round(width_mm / MM_PER_INCH * 150)
    paths = []
    with chromium() as driver:
        for stem, text in texts.items():
            page = folder / f"{stem}_scan.html"
            page.write_text(plan_page(text, width_mm, font_pt=8).replace(
                "<body>", f'<body style="width:{pixels}px;padding:40px">'), encoding="utf-8")
            driver.get(page.resolve().as_uri())
            height = driver.execute_script("return document.body.scrollHeight") + 80
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": pixels + 80, "height": height, "scale": 1}})
            image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
            pdf = fpdf.FPDF(unit="mm", format="A4")
            pdf.add_page()
            pdf.image(image, x=10, y=10, w=190)
            path = folder / f"{stem}_scan.pdf"
            pdf.output(str(path))
            paths.append(path)
    return paths
