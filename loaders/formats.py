"""Format readers: one file in, a SourceText out (before cleaning).

- ``.txt`` / ``.md``: the decoded text, unchanged.
- ``.html`` / ``.htm``: of a page, the document it holds: metadata, title and body, not the
  site's banner, navigation and footer (:mod:`policykg.loaders.html`); each character mapped
  to its place in the decoded HTML source.
- ``.docx``: paragraph and table text in document order, one paragraph or table row per line;
  the extracted text is the ``original``.
- ``.pdf``: the text layer of each page, pages separated by a line break; the extracted text is
  the ``original``.

python-docx and pypdf are optional extras, imported only when such a file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .decode import decode_bytes
from .errors import LoadError
from .html import decode_page, document_text, parse
from .text import SourceText


def read_file(path: str | Path) -> SourceText:
    """The text of the document at ``path``; LoadError if it cannot be read."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise LoadError(path, f"unsupported file type {path.suffix or '(no suffix)'!r}")
    return reader(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_text(path: Path) -> SourceText:
    """A plain-text or markdown file: its decoded text, unchanged."""
    return SourceText.identity(str(path), decode_bytes(_read_bytes(path), path))


# ---------------------------------------------------------------- HTML


def read_html(path: Path) -> SourceText:
    """An HTML page: the document it holds (:mod:`policykg.loaders.html`), mapped into the
    decoded HTML source."""
    source = decode_page(_read_bytes(path), path)
    return document_text(parse(source, str(path)), str(path))


# ---------------------------------------------------------------- DOCX and PDF


def _need(module: str, extra: str, path: Path):
    """Import an optional dependency, or explain which extra provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise LoadError(
            path, f"reading {path.suffix} files needs {module}: pip install policykg[{extra}]"
        ) from exc


def read_docx(path: Path) -> SourceText:
    """A Word file: paragraphs, and table rows with tab-separated cells, one per line."""
    docx = _need("docx", "docx", path)
    try:
        document = docx.Document(str(path))
        lines = [_docx_block_text(block) for block in document.iter_inner_content()]
    except Exception as exc:  # python-docx raises zipfile, lxml and KeyError failures alike
        raise LoadError(path, f"not a readable .docx file: {type(exc).__name__}: {exc}") from exc
    return SourceText.identity(str(path), "\n".join(lines))


def _docx_block_text(block) -> str:
    """The text of a paragraph, or of a table as tab-separated rows."""
    rows = getattr(block, "rows", None)
    if rows is None:
        return block.text
    return "\n".join("\t".join(cell.text for cell in row.cells) for row in rows)


def read_pdf(path: Path) -> SourceText:
    """A text-based PDF: the text of its pages; LoadError if it has no text layer."""
    pypdf = _need("pypdf", "pdf", path)
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf has no single error type for damaged files
        raise LoadError(path, f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(path, "PDF has no text layer (scanned images need OCR first)")
    return SourceText.identity(str(path), text)


READERS: dict[str, Callable[[Path], SourceText]] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
