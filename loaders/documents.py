"""Documents inside a source text: a compilation splits into the plans its table of contents
lists; a notice (…关于印发…的通知) gives way to the plan it issues. Each document gets its
title and the front matter that is known: issuers, document number, date and period.

The cues (table-of-contents lines, notice titles, document numbers, signature blocks) are
regular expressions in ``data/documents.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policykg.loaders.structure import match_marker
from policykg.loaders.text import SourceText
from policykg.loaders.vocabulary import data_json

MAX_TITLE = 150  # characters; a longer line is a paragraph, not a title


@dataclass
class Document:
    """One plan within a source text; offsets are into ``source.text``."""

    source: SourceText
    start: int
    end: int
    title: str
    title_span: tuple[int, int]
    issuers: list[tuple[str, int, int]] = field(default_factory=list)  # (name, start, end)
    doc_number: str | None = None
    date: str | None = None
    period: str | None = None

    @property
    def text(self) -> str:
        return self.source.text[self.start:self.end]


@dataclass(frozen=True)
class Line:
    text: str
    start: int
    end: int


@cache
def _data() -> dict:
    return data_json("documents.json")


@cache
def cues() -> dict[str, re.Pattern[str]]:
    return {key: re.compile(rx) for key, rx in _data().items()
            if isinstance(rx, str) and not key.startswith("_")}


@cache
def field_pattern() -> re.Pattern[str]:
    """A metadata label (发布机构, 发文字号 …) at the start of a line or table cell, followed by
    a colon, a tab or the line end; the group named after its field matches."""
    groups = "|".join(f"(?P<{kind}>{'|'.join(sorted(labels, key=len, reverse=True))})"
                      for kind, labels in _data()["fields"].items())
    return re.compile(rf"(?:^|(?<=\t))[ ]*(?:{groups})[ ]*(?:[：:]|(?=\t)|$)", re.M)


@cache
def _field_values() -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(rx) for kind, rx in _data()["field_values"].items()}


_KEY_FOLD = str.maketrans("（）【】［］〔〕—–－〜～", "()[][][]---~~")


def title_key(title: str) -> str:
    """A title folded for comparison: no spaces, one form of brackets and dashes."""
    return re.sub(r"[\s《》“”\"]", "", title).translate(_KEY_FOLD)


def reference_date(date: str | None, period: str | None) -> str | None:
    """A plan's date for placing it in time: the date read for it (a notice's or signature's),
    else the first year of the period its title names (2020-2022 → 2020), else None."""
    return date or (period.split("-")[0] if period else None)


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    return [Line(m.group().strip(), start + m.start(), start + m.end())
            for m in re.finditer(r"[^\n]+", text[start:end]) if m.group().strip()]


# -- splitting ----------------------------------------------------------------------------
def split_documents(source: SourceText) -> list[Document]:
    """The documents of a source: the entries of its table of contents, or itself."""
    lines = lines_of(source.text)
    toc = _table_of_contents(lines)
    starts = list(_locate_titles(toc, lines)) if toc else []
    if len(starts) < 2:
        return [_single(source, lines)]
    docs = []
    for n, (index, span) in enumerate(starts):
        end = lines[starts[n + 1][0]].start if n + 1 < len(starts) else len(source.text)
        title = re.sub(r"\s+", "", " ".join(line.text for line in lines[index:span]))
        first, last = lines[index], lines[span - 1]
        doc = Document(source, first.start, end, title, (first.start, last.end))
        _read_front_matter(doc, lines_of(source.text, first.start, end))
        docs.append(doc)
    return docs


def _table_of_contents(lines: list[Line]) -> list[tuple[str, int]]:
    """(title, index of the last table-of-contents line) for each entry of the first table
    of contents, or [] when there is none."""
    cue = cues()
    for i, line in enumerate(lines):
        if cue["toc_heading"].match(line.text):
            entries = []
            for j in range(i + 1, len(lines)):
                m = cue["toc_entry"].match(lines[j].text)
                if m:
                    entries.append((m.group("title"), j))
                elif entries and not _is_toc_group(lines[j].text):
                    break
            return entries if len(entries) >= 2 else []
    return []


def _is_toc_group(text: str) -> bool:
    """A grouping line inside a table of contents (一、北京…): short, no sentence."""
    return len(text) <= 40 and "。" not in text


def _locate_titles(toc: list[tuple[str, int]], lines: list[Line]) -> Iterator[tuple[int, int]]:
    """For each entry, in order, where its title stands after the table of contents:
    (index of its first line, index past its last line). Entries not found are passed over."""
    position = toc[-1][1] + 1
    for title, _ in toc:
        found = _find_title(title_key(title), lines, position)
        if found:
            yield found
            position = found[1]


def _find_title(key: str, lines: list[Line], position: int) -> tuple[int, int] | None:
    """The first run of one to three lines from ``position`` that spells the title ``key``."""
    for i in range(position, len(lines)):
        joined = ""
        for j in range(i, min(i + 3, len(lines))):
            joined += title_key(lines[j].text)
            if joined == key:
                return i, j + 1
            if not key.startswith(joined):
                break
    return None


def _single(source: SourceText, lines: list[Line]) -> Document:
    """The whole source as one document, its title found in its front matter; a source
    with no line that can be a title is titled by its file name."""
    title_line = _first_title_line(lines)
    if title_line is None:
        doc = Document(source, 0, len(source.text), Path(source.path).stem, (0, 0))
    else:
        doc = Document(source, 0, len(source.text), re.sub(r"\s+", "", title_line.text),
                       (title_line.start, title_line.end))
    _read_front_matter(doc, lines)
    return doc


def _first_title_line(lines: list[Line]) -> Line | None:
    """The first of the opening lines that is no letterhead, metadata, document number or
    date, and short enough to be a title."""
    cue = cues()
    for line in lines[:20]:
        text = line.text
        if (len(text) > MAX_TITLE or cue["letterhead"].search(text)
                or cue["metadata"].match(text) or cue["doc_number"].match(text)
                or cue["date"].match(text)):
            continue
        return line
    return None


# -- front matter ---------------------------------------------------------------------------
def _read_front_matter(doc: Document, lines: list[Line]) -> None:
    """Fill in issuers, document number, date and period; a notice hands over its title to
    the plan it issues."""
    cue = cues()
    notice = cue["notice_title"].match(doc.title)
    if notice:
        _add_issuers(doc, notice.group("issuer"), doc.title_span[0])
        inner = _inner_title(notice.group("inner"), lines, doc)
        if inner:
            doc.title, doc.title_span = inner
    else:
        embedded = cue["issuer_in_title"].match(doc.title)
        if embedded:
            _add_issuers(doc, embedded.group("issuer"), doc.title_span[0])
    front = [line for line in lines if line.start < _body_start(lines, doc)]
    for line in front:
        if doc.doc_number is None and cue["doc_number"].match(line.text):
            doc.doc_number = re.sub(r"\s+", "", line.text)
    _read_signature(doc, lines)
    _read_fields(doc, front)
    period = cue["period"].search(doc.title)
    if period:
        doc.period = f"{period.group('from')}-{period.group('to')}"


def _read_fields(doc: Document, front: list[Line]) -> None:
    """Metadata lines of the front matter (发布机构：…, as a web page's table gives them) fill
    in the issuer, document number and date that the document does not state itself."""
    values = _field_values()
    for line in front:
        raw = doc.source.text[line.start:line.end]
        lead = len(raw) - len(raw.lstrip())
        for label in field_pattern().finditer(line.text):
            kind = label.lastgroup
            at = len(line.text) - len(line.text[label.end():].lstrip(" \t"))
            value = values[kind].match(line.text, at) if kind in values else None
            if value is None:
                continue
            start = line.start + lead + value.start()
            if kind == "issuer" and not doc.issuers:
                _issuer(doc, value.group(), start, start + len(value.group()))
            elif kind == "doc_number" and doc.doc_number is None:
                doc.doc_number = re.sub(r"\s+", "", value.group())
            elif kind == "date" and doc.date is None:
                doc.date = f"{int(value['y']):04d}-{int(value['m']):02d}-{int(value['d']):02d}"


def _body_start(lines: list[Line], doc: Document) -> int:
    """Where the plan's own text begins: its first heading or item after the title."""
    for line in lines:
        if line.start > doc.title_span[1] and match_marker(line.text):
            return line.start
    return doc.end


def _inner_title(inner: str, lines: list[Line],
                 doc: Document) -> tuple[str, tuple[int, int]] | None:
    """The issued plan's own title: a later line, or 《…》 quote, that ends with the title the
    notice names (the notice often drops the place: 关于印发建设…方案的通知)."""
    key = title_key(inner)
    for line in lines:
        line_key = title_key(line.text)
        if (line.start >= doc.title_span[1] and line_key.endswith(key)
                and len(line_key) - len(key) <= 10):
            return re.sub(r"\s+", "", line.text), (line.start, line.end)
    text = doc.source.text
    for m in re.finditer(r"《([^《》\n]+)》", text[doc.title_span[1]:doc.end]):
        if title_key(m.group(1)).endswith(key):
            start = doc.title_span[1] + m.start(1)
            return re.sub(r"\s+", "", m.group(1)), (start, start + len(m.group(1)))
    return None


def _add_issuers(doc: Document, names: str, at: int) -> None:
    """Issuers named in a title (市发改委、市科技局关于…): each with its span in the text."""
    offset = doc.source.text.find(names, at) if names else -1
    for m in re.finditer(r"[^、，,\s]+", names):
        start = offset + m.start() if offset >= 0 else at
        _issuer(doc, m.group(), start, start + len(m.group()))


def _issuer(doc: Document, name: str, start: int, end: int) -> None:
    if all(existing != name for existing, _, _ in doc.issuers):
        doc.issuers.append((name, start, end))


def _read_signature(doc: Document, lines: list[Line]) -> None:
    """The signature block: organisation lines just above the first date line."""
    cue = cues()
    for i, line in enumerate(lines):
        date = cue["date"].match(line.text)
        if not date:
            continue
        doc.date = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
        j = i - 1
        signers = []
        while j >= 0 and cue["organisation"].match(re.sub(r"\s+", "", lines[j].text)):
            signers.append(lines[j])
            j -= 1
        for signer in reversed(signers):
            _issuer(doc, re.sub(r"\s+", "", signer.text), signer.start, signer.end)
        return
