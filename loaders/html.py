"""Reading HTML pages: the document a page holds, with offsets into the HTML source.

A page is parsed into a tree (``html.parser``, with the end tags HTML lets a page leave out)
and rendered as a browser shows it: script, style and head dropped, block elements as line
breaks, table cells separated by tabs, entities decoded, whitespace runs collapsed; each
rendered character keeps its offset in the decoded source (one decoded from an entity maps to
the entity's ``&``).

A government portal wraps a document in a banner, navigation, breadcrumbs, a metadata table,
a print bar, related links and a footer. Of a page only these are kept:

- the **metadata** cells 发布机构, 发文字号 and 成文日期 (labels in ``data/documents.json``),
  as lines ``label：value`` at the top, for the document's front matter;
- the **title**: the ``<h1>`` that agrees with the page's ``<meta name="ArticleTitle">``,
  ``<title>`` or 名称 cell, else the first of those; never a line of navigation. It is put
  first unless the body opens with it, or with another title line (a notice's plan);
- the **body**: the deepest element holding nearly all of the page's prose (lines with a
  sentence end, few links), widened to its parent as long as the parent adds no link-dense
  line, metadata or page furniture. A page with no prose is kept whole.

Rules and figures: README ("Web pages"), ``benchmarks/portal.py`` measures them against
trafilatura on portal pages.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .clean import is_furniture, is_title
from .decode import decode_bytes
from .documents import field_pattern, title_key
from .text import SourceText, TextBuilder

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})
CELL_TAGS = frozenset({"td", "th"})
HIDDEN_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr"})
# Start tags that close an open element first (the end tags HTML lets a page leave out).
_CLOSES = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
           "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
           "option": {"option"}}
_CLOSES_P = BLOCK_TAGS - {"body", "html", "li", "dd", "dt", "tbody", "thead", "tfoot", "tr"}
_SCOPES = frozenset({"table", "ul", "ol", "dl", "body", "html"})  # an implied close stops here
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)

SENTENCE_ENDS = "。！？；"
MIN_PROSE = 8  # CJK characters in a line that counts as prose
MAX_LINK_SHARE = 0.5  # of a line's characters in links: more, and it is navigation
BODY_SHARE = 0.9  # of the page's prose that the body must hold
TITLE_SEPARATORS = re.compile(r"\s*(?:_|－|—{1,2}|\||｜|\s-\s)\s*")


@dataclass
class Node:
    """An element: its tag, attributes, children, and where its start tag is in the source."""

    tag: str
    attrs: dict[str, str]
    origin: int
    parent: Node | None = None
    children: list[Node | Leaf] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)  # its range in the rendered text


@dataclass
class Leaf:
    """Text, or one entity, at ``origin`` in the source."""

    text: str
    origin: int
    entity: bool = False


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.root = Node("#document", {}, 0)
        self.stack = [self.root]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        closes = _CLOSES.get(tag, set()) | ({"p"} if tag in _CLOSES_P else set())
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag in _SCOPES:
                break
            if self.stack[i].tag in closes:
                del self.stack[i:]
                break
        node = Node(tag, {k: v or "" for k, v in attrs}, self._offset(), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._offset(), self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Leaf(data, self._offset()))

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, reference: str) -> None:
        text = html.unescape(reference).replace("\xa0", " ")
        self.stack[-1].children.append(Leaf(text, self._offset(), entity=True))


@dataclass
class Page:
    """A parsed page rendered as text: ``text`` maps into ``source``; ``in_link`` marks the
    rendered characters that are link text."""

    source: str
    root: Node
    text: SourceText
    in_link: bytearray

    def lines(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """The (start, end) of each non-blank rendered line within ``[start, end)``."""
        end = len(self.text.text) if end is None else end
        return [(start + m.start(), start + m.end())
                for m in re.finditer(r"[^\n]+", self.text.text[start:end])
                if m.group().strip()]

    def line_text(self, span: tuple[int, int]) -> str:
        return self.text.text[span[0]:span[1]]


class _Renderer:
    """Renders a tree to text with offsets, as a browser lays it out (see module docstring)."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.length = 0
        self.in_link = bytearray()
        self.cells: list[int] = [0]  # cells opened in the current row, per open table

    def _add(self, piece: str, origin: int, copied: bool, link: bool) -> None:
        if not piece:
            return
        (self.builder.append if copied else self.builder.insert)(piece, origin)
        self.length += len(piece)
        self.in_link.extend([link] * len(piece))

    def render(self, node: Node, link: bool = False) -> None:
        start = self.length
        tag = node.tag
        if tag in HIDDEN_TAGS:
            node.span = (start, start)
            return
        link = link or tag == "a"
        if tag == "br" or tag in BLOCK_TAGS:
            self._add("\n", node.origin, False, False)
        if tag == "tr":
            self.cells[-1] = 0
        elif tag in CELL_TAGS:
            if self.cells[-1]:
                self._add("\t", node.origin, False, False)
            self.cells[-1] += 1
        if tag == "table":
            self.cells.append(0)
        for child in node.children:
            if isinstance(child, Node):
                self.render(child, link)
            elif child.entity:
                self._add(child.text, child.origin, False, link)
            else:
                self._data(child, link)
        if tag == "table":
            self.cells.pop()
        if tag in BLOCK_TAGS:
            self._add("\n", node.origin, False, False)
        node.span = (start, self.length)

    def _data(self, leaf: Leaf, link: bool) -> None:
        pos = 0
        for space in _SPACE_RUN.finditer(leaf.text):
            self._add(leaf.text[pos:space.start()], leaf.origin + pos, True, link)
            self._add(" ", leaf.origin + space.start(), False, link)
            pos = space.end()
        self._add(leaf.text[pos:], leaf.origin + pos, True, link)


def parse(source: str, path: str = "") -> Page:
    """A page's tree and rendered text."""
    parser = _TreeBuilder(source)
    parser.feed(source)
    parser.close()
    renderer = _Renderer()
    renderer.render(parser.root)
    return Page(source, parser.root, renderer.builder.build(path, source), renderer.in_link)


def _nodes(node: Node):
    yield node
    for child in node.children:
        if isinstance(child, Node):
            yield from _nodes(child)


# ---------------------------------------------------------------- the body


def _prose(page: Page, span: tuple[int, int]) -> int:
    """The CJK characters of a rendered line if it is prose (a sentence end, few links)."""
    text = page.line_text(span)
    if not any(mark in text for mark in SENTENCE_ENDS) or _link_dense(page, span):
        return 0
    cjk = len(_CJK.findall(text))
    return cjk if cjk >= MIN_PROSE else 0


def _link_dense(page: Page, span: tuple[int, int]) -> bool:
    chars = [i for i in range(*span) if not page.text.text[i].isspace()]
    return bool(chars) and sum(page.in_link[i] for i in chars) > MAX_LINK_SHARE * len(chars)


def body(page: Page) -> Node:
    """The element that holds the document (see the module docstring)."""
    weights = [(span, _prose(page, span)) for span in page.lines()]
    total = sum(w for _, w in weights)
    candidates = [node for node in _nodes(page.root) if node.tag not in HIDDEN_TAGS]
    if not total:
        return page.root

    def weight(node: Node) -> int:
        return sum(w for (s, e), w in weights if node.span[0] <= s and e <= node.span[1])

    held = [n for n in candidates if weight(n) >= BODY_SHARE * total]
    best = min(held, key=lambda n: n.span[1] - n.span[0])
    while best.parent is not None and best.parent.tag != "#document":
        parent = best.parent
        extras = [span for span in page.lines(*parent.span)
                  if span[1] <= best.span[0] or span[0] >= best.span[1]]
        if any(_link_dense(page, span) or is_furniture(page.line_text(span))
               or field_pattern().search(page.line_text(span)) for span in extras):
            break
        best = parent
    return best


# ---------------------------------------------------------------- metadata and title


@dataclass(frozen=True)
class Field:
    """A metadata cell: its label, and its value's range in the rendered text."""

    label: str
    kind: str
    value: tuple[int, int]


def fields(page: Page) -> list[Field]:
    """The metadata cells of the page (发布机构: …), a value in the label's cell, the next
    cell or the next line; the first of each kind."""
    found: dict[str, Field] = {}
    text = page.text.text
    lines = page.lines()
    for n, (start, end) in enumerate(lines):
        for m in field_pattern().finditer(text, start, end):
            kind = m.lastgroup
            assert kind is not None  # field_pattern is an alternation of named groups
            value = _value_after(text, m.end(), end)
            if value is None and n + 1 < len(lines):
                value = _value_after(text, lines[n + 1][0], lines[n + 1][1])
            if value and kind not in found:
                found[kind] = Field(m.group().rstrip("：: \t"), kind, value)
    return list(found.values())


def _value_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first cell of ``text[start:end]`` after a label: up to a tab or the line end."""
    while start < end and text[start] in " \t：:":
        start += 1
    stop = text.find("\t", start, end)
    stop = end if stop < 0 else stop
    while stop > start and text[stop - 1] == " ":
        stop -= 1
    return (start, stop) if stop > start and field_pattern().match(text, start) is None else None


@dataclass(frozen=True)
class Title:
    """The page's title as text with an origin in the source for each character."""

    text: str
    origins: tuple[int, ...]


def title(page: Page, metadata: list[Field]) -> Title | None:
    """The document's title (see the module docstring); None when the page names none."""
    named = [t for t in (_meta_title(page), _title_element(page)) if t]
    named += [_rendered(page, f.value) for f in metadata if f.kind == "title"]
    keys = {title_key(t.text) for t in named}
    for node in _nodes(page.root):
        if node.tag == "h1" and not _in_navigation(node):
            heading = _rendered(page, page.lines(*node.span)[0]) if page.lines(*node.span) \
                else None
            if heading and (not keys or title_key(heading.text) in keys):
                return heading
    return named[0] if named else None


def _in_navigation(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("nav", "header", "a"):
            return True
        parent = parent.parent
    return False


def _rendered(page: Page, span: tuple[int, int]) -> Title:
    text = page.text.text[span[0]:span[1]]
    strip = len(text) - len(text.lstrip())
    text = text.strip()
    start = span[0] + strip
    return Title(text, tuple(page.text.offsets[start:start + len(text)]))


def _meta_title(page: Page) -> Title | None:
    for node in _nodes(page.root):
        if node.tag == "meta" and node.attrs.get("name", "").lower() == "articletitle":
            value = node.attrs.get("content", "").strip()
            if value:
                return _from_source(page.source, node.origin, value)
    return None


def _title_element(page: Page) -> Title | None:
    """The part of ``<title>`` that names the document (not the site): the part ending with a
    document-type word, else the first."""
    for node in _nodes(page.root):
        if node.tag == "title" and node.children:
            leaf = node.children[0]
            if not isinstance(leaf, Leaf):
                return None
            raw = html.unescape(leaf.text).strip()
            parts = [p for p in TITLE_SEPARATORS.split(raw) if p]
            if not parts:
                return None
            part = next((p for p in parts if is_title(p)), parts[0])
            return _from_source(page.source, leaf.origin, part)
    return None


def _from_source(source: str, origin: int, value: str) -> Title:
    """``value`` with the offsets of its copy in the source at or after ``origin``, or all
    at ``origin`` when the source writes it otherwise (with entities)."""
    at = source.find(value, origin)
    if at >= 0 and at - origin < 4096:
        return Title(value, tuple(range(at, at + len(value))))
    return Title(value, (origin,) * len(value))


# ---------------------------------------------------------------- the page as a document


def document_text(page: Page, path: str) -> SourceText:
    """What a page holds of its document: metadata lines, title and body, mapped into the
    source."""
    metadata = fields(page)
    found = title(page, metadata)
    main = body(page)
    builder = TextBuilder()
    rendered = page.text
    for item in metadata:
        if item.kind != "title":
            value_start = rendered.offsets[item.value[0]]
            builder.insert(item.label + "：", value_start)
            builder.extend(rendered, *item.value)
            builder.insert("\n", value_start)
    body_lines = page.lines(*main.span)
    first = page.line_text(body_lines[0]).strip() if body_lines else ""
    if found is not None and title_key(first) != title_key(found.text) and not is_title(first):
        builder.extend(SourceText(path, page.source, found.text,
                                  array("l", found.origins)), 0, len(found.text))
        builder.insert("\n", found.origins[-1] if found.origins else 0)
    builder.extend(rendered, *main.span)
    return builder.build(path, page.source)


def decode_page(data: bytes, path: str | Path) -> str:
    """The text of an HTML file: in the charset its ``<meta>`` declares when that reads as
    plausible text, else as any other file (:func:`policykg.loaders.decode.decode_bytes`)."""
    declared = _CHARSET.search(data[:4096])
    return decode_bytes(data, path, declared.group(1).decode("ascii") if declared else None)
