"""Format readers: one file in, a SourceText out (before cleaning).

- ``.txt`` / ``.md``: the decoded text, unchanged.
- ``.html`` / ``.htm``: of a page, its metadata, title and body (:mod:`policykg.loaders.html`),
  mapped into the decoded HTML source.
- ``.docx``: python-docx (extra ``docx``): paragraphs, and table rows with tab-separated
  cells, one per line; the extracted text is the ``original``.
- ``.pdf``: :mod:`policykg.loaders.pdf`: the text layer, OCR for pages without one; the text
  read is the ``original``.
- ``.doc`` (Word 97-2003): Debian's ``antiword``; the extracted text is the ``original``.
- ``.ofd``: refused with advice: no maintained OFD reader is in the package registries.

Every reader checks the file against :class:`policykg.loaders.limits.Limits` before it reads,
inflates or allocates. Optional libraries are imported only when such a file is read.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .decode import decode_bytes
from .errors import LoadError, need
from .html import decode_page, document_text, parse
from .limits import DEFAULT_LIMITS, Limits
from .pdf import read_pdf
from .text import SourceText


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """The text of the document at ``path``; LoadError if it cannot be read or is over one of
    ``limits``."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise LoadError(path, f"unsupported file type {path.suffix or '(no suffix)'!r}")
    return reader(path, limits)


def _read_bytes(path: Path, limits: Limits) -> bytes:
    limits.check_size(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_text(path: Path, limits: Limits) -> SourceText:
    """A plain-text or markdown file: its decoded text, unchanged."""
    return SourceText.identity(str(path), decode_bytes(_read_bytes(path, limits), path))


# ---------------------------------------------------------------- HTML


def read_html(path: Path, limits: Limits) -> SourceText:
    """An HTML page: the document it holds (:mod:`policykg.loaders.html`), mapped into the
    decoded HTML source."""
    source = decode_page(_read_bytes(path, limits), path)
    return document_text(parse(source, str(path)), str(path))


# ---------------------------------------------------------------- Word


def read_docx(path: Path, limits: Limits) -> SourceText:
    """A Word file: paragraphs, and table rows with tab-separated cells, one per line."""
    docx = need("docx", "docx", path)
    limits.check_archive(path)
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


def read_doc(path: Path, limits: Limits) -> SourceText:
    """An old Word file (.doc, Word 97-2003): its text as Debian's ``antiword`` gives it."""
    limits.check_size(path)
    antiword = shutil.which("antiword")
    if antiword is None:
        raise LoadError(path, "reading .doc files needs antiword (apt-get install antiword), "
                              "or save the file as .docx")
    try:
        done = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)],
                              capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LoadError(path, "antiword took more than 120 s") from exc
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoadError(path, f"not a readable .doc file: {why[-1] if why else 'antiword failed'}")
    return SourceText.identity(str(path), done.stdout.decode("utf-8", "replace"))


def read_ofd(path: Path, limits: Limits) -> SourceText:
    """OFD (GB/T 33190) is refused with advice: no maintained OFD reader is in the registries."""
    raise LoadError(path, "OFD files are not read (no maintained OFD reader is available): "
                          "save it as PDF from an OFD reader and build the PDF")


READERS: dict[str, Callable[[Path, Limits], SourceText]] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".doc": read_doc,
    ".pdf": read_pdf,
    ".ofd": read_ofd,
}
