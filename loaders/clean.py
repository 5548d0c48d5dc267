"""Cleaning a document's text for extraction, keeping every character's place in the file.

``clean(src)`` returns one paragraph per line (headings on lines of their own, no blank lines),
with offsets that still point into ``src.original``. Line by line it

1. normalises spaces: indentation and trailing spaces go, runs of odd spaces (U+3000, NBSP, …)
   become one space, and a space between two CJK characters (a layout artefact) goes;
2. strips markdown: heading ``#`` marks, ``**bold**``, links (their text stays), list bullets,
   escapes and thematic breaks; a trailing two-space hard break is kept as a line break;
3. drops page furniture (page numbers, web-site footers) listed in ``data/furniture.json``;

and then joins the lines of one paragraph. Two layouts are told apart by the distribution of
line widths: *wrapped* text (a PDF's text layer, a hard break every N characters) has most
lines within a few columns of one width; there a line is joined to the next when it runs to
full width and does not end a sentence. In other text a line is joined to the next only when
it clearly breaks off: it ends inside a bracket or on a comma-like mark, or it is a long line
that stops mid-sentence. A line is never joined to a heading, a new item (``data/layout.json``)
or a title, and a title wrapped over two or three lines (at its own, larger font: each line at
least as wide as the next, the whole ending with a document-type word) is made one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .text import SourceText, TextBuilder
from .vocabulary import data_json

SENTENCE_END = "。！？；：!?;…"
CONTINUATION_END = "，、,“‘（《〈〔［【(<—-"
OPENING = "（《〈〔［【"
CLOSING_BRACKETS = "）》〉〕］】)]"

# Odd spaces: everything Unicode calls a space except tab (a table's cell separator).
_SPACES = "\u0020\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff"
_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_STRIP = "".join(chr(c) for c in range(0x2000, 0x200C)) + " \t\u00a0\u1680\u202f\u205f\u3000\ufeff"
_IS_CJK = re.compile(f"[{_CJK}]")
# A label holds no unescaped bracket and at most 500 characters, a link's address no
# parenthesis and an address in angle brackets no "<", so that a failed match stops at the
# next one: a line of brackets is read in linear time, not quadratic.
_INLINE = re.compile(  # the lookahead lets the engine skip plain text fast
    f"(?=[*_!\\[<\\\\{_SPACES}])"
    r"(?:(?P<bold>\*\*|__)"
    r"|(?P<image>!\[(?:\\.|[^\[\]\\]){0,500}\]\([^()]*\))"
    r"|(?P<link>\[(?P<label>(?:\\.|[^\[\]\\]){0,500})\]\([^()]*\))"
    r"|(?P<auto><(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>)"
    r"|(?P<escape>\\(?=[\\`*_{}\[\]()#+\-.!|<>]))"
    f"|(?P<space>[{_SPACES}]+))"
)
_LEAD = re.compile(f"[{_SPACES}]*(?:(?P<heading>#{{1,6}})(?:[{_SPACES}]+|$))?(?:[-*+][ \t]+)?")
_TRAIL = re.compile(f"[{_SPACES}]*$")
_HARD_BREAK = re.compile(r"\S(?:  +|\\)$")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# A bracketed note with a label, "（牵头单位：…）", on a line after a sentence: it closes that
# sentence's paragraph.
_NOTE = re.compile(r"[（(［\[〔【][^（()）［\]］〔〕【】]{1,12}[：:].*[）)］\]〕】]$")
_TITLE_HEAD = re.compile(f"[^\\d{re.escape(SENTENCE_END + CONTINUATION_END)}，。]+")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = re.compile(r"[A-Za-z0-9]")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")

WRAPPED_SHARE = 0.5  # share of the lines that break off mid-sentence, near the modal width
MIN_WRAPPED_LINES = 3  # fewer lines breaking off mid-sentence say nothing about wrapping
WRAP_TOLERANCE = 4  # in half-width columns: a full line may be two CJK characters short
MIN_WRAP_WIDTH = 20  # narrower modal widths are not a page layout
LONG_LINE = 48  # half-width columns: a line this long that stops mid-sentence is broken off
SHORT_TITLE = 60  # half-width columns: longest line taken for one half of a wrapped title
LONG_TITLE = 160  # half-width columns: longest line taken for a title


@dataclass
class Line:
    """One cleaned line: its text and, per piece, where the piece came from."""

    pieces: list[tuple[str, int, bool]] = field(default_factory=list)  # (text, origin, copied)
    end: int = 0  # offset of the line terminator in the source text
    heading: bool = False  # a markdown heading
    hard_break: bool = False  # ends with a markdown hard break
    text: str = ""

    def add(self, piece: str, origin: int, copied: bool = True) -> None:
        if piece:
            self.pieces.append((piece, origin, copied))

    @property
    def width(self) -> int:
        """Display width in half-width columns (CJK characters count two)."""
        return 2 * len(self.text) - len(self.text.encode("ascii", errors="ignore"))


# ---------------------------------------------------------------- data


@cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of furniture: one for a cleaned line, one for a raw line of links only."""
    data = data_json("furniture.json")
    lines = re.compile("|".join(f"(?:{rx})" for rx in data["page_number"] + data["footer"]))
    return lines, re.compile(data["link_only"])


def is_furniture(text: str) -> bool:
    """Whether a line is page furniture (a page number, a web site's footer or print bar)."""
    return _furniture()[0].fullmatch(text.strip(_STRIP)) is not None


def is_title(text: str) -> bool:
    """Whether a line reads as a document title (see :func:`_is_title`)."""
    line = Line(text=text.strip())
    return bool(line.text) and _is_title(line)


@cache
def _block_start() -> re.Pattern[str]:
    starts = [*data_json("headings.json")["markers"].values(),
              *data_json("layout.json")["block_starts"]]
    return re.compile("|".join(f"(?:{rx})" for rx in starts))


@cache
def _field() -> re.Pattern[str]:
    return re.compile(data_json("layout.json")["field_start"])


@cache
def _title_end() -> re.Pattern[str]:
    words = "|".join(map(re.escape, data_json("layout.json")["title_suffixes"]))
    return re.compile(f"(?:{words})(?:{_title_period().pattern})?$")


@cache
def _title_period() -> re.Pattern[str]:
    """A bracketed period after a title: （2020—2022年）."""
    return re.compile(data_json("layout.json")["title_period"])


# ---------------------------------------------------------------- one line


def _clean_line(raw: str, base: int, end: int) -> Line | None:
    """The cleaned form of one source line starting at ``base``; None for a thematic break."""
    if _RULE.match(raw):
        return None
    lead = _LEAD.match(raw)
    trail = _TRAIL.search(raw, lead.end()) if lead else None
    assert lead is not None and trail is not None  # both match an empty string
    stop = trail.start()
    line = Line(end=end, heading=bool(lead.group("heading")),
                hard_break=bool(_HARD_BREAK.search(raw)))
    _inline(raw, lead.end(), stop, base, line)
    line.text = "".join(piece for piece, _, _ in line.pieces)
    return line


def _inline(raw: str, start: int, stop: int, base: int, line: Line) -> None:
    """Add ``raw[start:stop]`` to ``line`` without inline markup, spaces normalised."""
    pos = start
    for m in _INLINE.finditer(raw, start, stop):
        line.add(raw[pos : m.start()], base + pos)
        pos = m.end()
        kind = m.lastgroup
        if kind == "link":
            _inline(raw, m.start("label"), m.end("label"), base, line)
        elif kind == "auto":
            line.add(m.group("url"), base + m.start("url"))
        elif kind == "space" and not _between_cjk(line, raw, m.end(), stop):
            line.add(" ", base + m.start(), copied=m.group()[0] == " ")
    line.add(raw[pos:stop], base + pos)


def _between_cjk(line: Line, raw: str, after: int, stop: int) -> bool:
    """Whether a space run ending at ``after`` has CJK text on both sides (so it can go)."""
    before = line.pieces[-1][0][-1] if line.pieces else ""
    following = raw[after] if after < stop else ""
    return bool(before and following and _IS_CJK.match(before) and _IS_CJK.match(following))


def _lines(text: str) -> list[Line]:
    """The cleaned lines of ``text`` with furniture dropped; blank lines are left out."""
    furniture, link_only = _furniture()
    lines = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and not m.group():
            break
        raw = m.group(1)
        if link_only.fullmatch(raw) or furniture.fullmatch(raw.strip(_STRIP)):
            continue
        line = _clean_line(raw, m.start(), max(m.start(2), m.end(2) - 1))
        if line and line.text and not furniture.fullmatch(line.text):
            lines.append(line)
    return lines


# ---------------------------------------------------------------- joining


def modal_width(lines: list[Line]) -> int | None:
    """The width most lines are wrapped at, or None if the text is not hard-wrapped.

    The evidence is the lines that stop mid-sentence before a line that continues them: in
    wrapped text nearly all of them stop at the wrap width; elsewhere they are a few headings
    of any width (titles and fields such as 发文字号：… are not counted). Wrapped are a text
    where most such lines share a width, and a short one (few such lines) where one of them
    stops at the width of the widest lines, which at least three lines reach."""
    breaks = [a.width for a, b in zip(lines, lines[1:], strict=False)
              if a.width >= MIN_WRAP_WIDTH and a.text[-1] not in SENTENCE_END
              and not _stands_alone(b) and not _field().match(a.text) and not _is_title(a)]
    if len(breaks) >= MIN_WRAPPED_LINES:
        widths = Counter(breaks)

        def near(width: int) -> int:
            return sum(widths[w] for w in range(width - WRAP_TOLERANCE,
                                                width + WRAP_TOLERANCE + 1))

        mode = max(breaks, key=lambda w: (near(w), w))
        return mode if near(mode) >= WRAPPED_SHARE * len(breaks) else None
    widest = max((line.width for line in lines), default=0)
    full = sum(1 for line in lines if line.width >= widest - WRAP_TOLERANCE)
    if full >= MIN_WRAPPED_LINES and any(w >= widest - WRAP_TOLERANCE for w in breaks):
        return widest
    return None


def _unclosed(text: str) -> bool:
    """Whether ``text`` opens more full-width brackets than it closes."""
    return sum(map(text.count, OPENING)) > sum(map(text.count, CLOSING_BRACKETS))


def _is_title(line: Line) -> bool:
    """A document title: not too long, no sentence in it, ends with a document-type word."""
    return (line.width <= LONG_TITLE and not _has_sentence(line.text)
            and bool(_title_end().search(line.text)))


def _stands_alone(line: Line) -> bool:
    """Lines that nothing is joined onto: headings, new items, tables."""
    return line.heading or "\t" in line.text or bool(_block_start().match(line.text))


def _joins(a: Line, b: Line, wrap: int | None) -> bool:
    """Whether line ``b`` continues the paragraph of line ``a``."""
    if a.hard_break or a.heading or _stands_alone(b) or "\t" in a.text:
        return False
    last = a.text[-1]
    if last in CONTINUATION_END or _unclosed(a.text):
        return True
    if last in SENTENCE_END and _NOTE.match(b.text):
        return True
    if _is_title(a):
        return bool(_title_period().fullmatch(b.text))
    if last in SENTENCE_END:
        return False
    if _is_title(b) and b.width <= SHORT_TITLE:
        return _title_halves(a, b)
    if wrap is not None:
        return a.width >= wrap - WRAP_TOLERANCE
    return (last not in CLOSING_BRACKETS and a.width >= LONG_LINE and not _field().match(b.text)
            and (_has_sentence(a.text) or not _block_start().match(a.text)))


def _has_sentence(text: str) -> bool:
    """Whether ``text`` holds a sentence end: a heading run into its paragraph, not a heading."""
    return any(mark in text for mark in "。！？；")


def _wrapped_titles(lines: list[Line]) -> set[int]:
    """The indices of lines that the next line continues as one title wrapped at its own
    (larger) font: a run of up to three lines that is no title until its last line joins it,
    each line at least as wide as the next, none a heading, field, date or sentence."""
    joins: set[int] = set()
    for i, first in enumerate(lines):
        if i in joins or not _title_part(first) or _is_title(first):
            continue
        text = first.text
        for k in range(i + 1, min(i + 3, len(lines))):
            line = lines[k]
            if not _title_part(line) or line.width > lines[k - 1].width:
                break
            text += line.text
            if _is_title(Line(text=text)):
                joins.update(range(i, k))
                break
    return joins


def _title_part(line: Line) -> bool:
    return (not _stands_alone(line) and not _has_sentence(line.text)
            and line.text[-1] not in SENTENCE_END and not _field().match(line.text)
            and not _DATE.fullmatch(line.text))


def _title_halves(a: Line, b: Line) -> bool:
    """Whether short line ``a`` is the first half of the title that ``b`` ends.

    Only words may stand in the first half: no digits, no punctuation, no heading marker.
    """
    return (a.width <= SHORT_TITLE and _TITLE_HEAD.fullmatch(a.text) is not None
            and not _block_start().match(a.text))


# ---------------------------------------------------------------- the whole text


def clean(src: SourceText) -> SourceText:
    """``src`` cleaned for extraction: one paragraph per line, offsets into ``src.original``."""
    lines = _lines(src.text)
    wrap = modal_width(lines)
    titles = _wrapped_titles(lines)
    builder = TextBuilder()
    previous: Line | None = None
    for n, line in enumerate(lines):
        if previous is not None:
            if n - 1 not in titles and not _joins(previous, line, wrap):
                builder.insert("\n", previous.end)
            elif _ASCII_WORD_END.search(previous.text) and _ASCII_WORD_START.match(line.text):
                builder.insert(" ", previous.end)
        for piece, origin, copied in line.pieces:
            (builder.append if copied else builder.insert)(piece, origin)
        previous = line
    return builder.build_over(src)
