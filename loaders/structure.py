"""The heading structure of a document: which paragraphs open a heading or a numbered item,
at what depth, and the section path above any position.

Marker kinds (一、 / （一） / 1. / （1） / ① / 第一章 / 第一条) are data
(``data/headings.json``). Their nesting is learnt per document: a marker kind seen for the
first time opens a level below the current one; a kind already open closes everything below
it. Markdown ``#`` marks are stripped by the cleaner, so the numbering carries the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.loaders.vocabulary import data_json

SENTENCE_END = "。！？"


@dataclass(frozen=True)
class Heading:
    """A paragraph that opens with a marker: its kind, depth and text."""

    kind: str
    depth: int
    marker: str
    start: int  # offset of the paragraph in the text
    end: int  # end of the paragraph (before its line break)
    phrase: str  # the heading's first phrase, without the marker
    path: tuple[str, ...]  # the headings above it, outermost first, each as written

    @property
    def label(self) -> str:
        return self.marker + self.phrase


@cache
def _marker_pattern() -> re.Pattern[str]:
    data = data_json("headings.json")
    alternatives = "|".join(f"(?P<{kind}>{rx})" for kind, rx in data["markers"].items())
    return re.compile(rf"[ \t]*(?:{alternatives})[ \t]*")


def match_marker(paragraph: str) -> tuple[str, str] | None:
    """(kind, marker) if the paragraph opens with a heading or item marker."""
    m = _marker_pattern().match(paragraph)
    if not m or m.lastgroup is None or m.end() == len(paragraph.rstrip()):
        return None
    return m.lastgroup, m.group(m.lastgroup)


def first_phrase(text: str) -> str:
    """The text up to its first sentence end (。！？) or line break, without surrounding
    spaces."""
    m = re.search(f"[{SENTENCE_END}\n]", text.lstrip())
    text = text.lstrip()
    return (text[: m.start()] if m else text).strip()


def parse_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Every paragraph of ``text[start:end]`` that opens with a marker, with its depth and
    section path. Paragraphs are the lines of the cleaned text."""
    end = len(text) if end is None else end
    order: list[str] = []  # marker kinds in the order they nest in this document
    stack: list[Heading] = []
    headings: list[Heading] = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        found = match_marker(m.group())
        if not found:
            continue
        kind, marker = found
        if kind not in order:
            open_kinds = [h.kind for h in stack]
            order = [*open_kinds, kind]
        depth = order.index(kind)
        while stack and stack[-1].depth >= depth:
            stack.pop()
        body = m.group()[m.group().index(marker) + len(marker):]
        heading = Heading(kind, depth, marker.strip(), start + m.start(), start + m.end(),
                          first_phrase(body), tuple(h.label for h in stack))
        stack.append(heading)
        headings.append(heading)
    return headings
