"""Format readers: one file in, a SourceText out (before cleaning).

- ``.txt`` / ``.md``: the decoded text, unchanged.
- ``.html`` / ``.htm``: the visible text (script, style and head dropped, block elements as line
  breaks, table cells separated by tabs, entities decoded, whitespace runs collapsed as a
  browser does), each character mapped to its place in the decoded HTML source (a character
  decoded from an entity maps to the entity's ``&``).
- ``.docx``: paragraph and table text in document order, one paragraph or table row per line;
  the extracted text is the ``original``.
- ``.pdf``: the text layer of each page, pages separated by a line break; the extracted text is
  the ``original``.

python-docx and pypdf are optional extras, imported only when such a file is read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from .decode import decode_bytes
from .errors import LoadError
from .text import SourceText, TextBuilder


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

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML source with the source offset of each character."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = TextBuilder()
        self.hidden = 0  # depth of open hidden elements
        self.cells = 0  # table cells opened so far in the current row
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._break("\n")
            self.cells = 0
        elif tag in _CELL_TAGS:
            if self.cells:
                self._break("\t")
            self.cells += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self._break("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self._break("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        start, pos = self._offset(), 0
        for space in _SPACE_RUN.finditer(data):
            self.builder.append(data[pos : space.start()], start + pos)
            self.builder.insert(" ", start + space.start())
            pos = space.end()
        self.builder.append(data[pos:], start + pos)

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, reference: str) -> None:
        if not self.hidden:
            self.builder.insert(html.unescape(reference).replace("\xa0", " "), self._offset())

    def _break(self, separator: str) -> None:
        if not self.hidden:
            self.builder.insert(separator, self._offset())


def read_html(path: Path) -> SourceText:
    """An HTML page: its visible text, mapped into the decoded HTML source."""
    source = decode_bytes(_read_bytes(path), path)
    parser = _VisibleText(source)
    parser.feed(source)
    parser.close()
    return parser.builder.build(str(path), source)


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
