"""The passages of a plan's text: its sentences, and the long clauses of its longer sentences.

A sentence ends at 。！？；!?; or a line break; a clause at ，：,: as well. Marks inside
brackets end nothing, so a responsibility annotation （牵头单位：A；配合单位：B） stays one
passage. A leading item or heading marker (1. （一） 第一条) is no part of a passage. Passages
shorter than ``min_chars`` (spaces not counted) are left out: a short clause (加强组织领导) is
alike in every plan by its few words, not because one plan took it from another.

Passages are compared by their *key*: the text without spaces, full-width letters, digits and
punctuation folded to ASCII (５０％ → 50%), so that layout does not count as a difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from policykg.loaders.structure import match_marker

MIN_CHARS = 25  # as in issue 16's count of reused sentences; see benchmarks/reuse.py

SENTENCE_END = frozenset("。！？；!?;")
CLAUSE_END = frozenset("，：,:")
OPENING = "（([［【〔〈《“‘"
CLOSING = "）)]］】〕〉》”’"
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII forms → ASCII
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    """A sentence or clause: ``text[start:end]`` of the text it was read from."""

    start: int
    end: int
    text: str
    clause: bool = False  # a clause of a longer sentence that is a passage of its own

    @property
    def key(self) -> str:
        return key_of(self.text)


def key_of(text: str) -> str:
    """The comparison key of ``text``: no spaces, full-width ASCII forms folded."""
    return _SPACE.sub("", text).translate(_FOLD)


def passages(text: str, skip: Iterable[tuple[int, int]] = (), *,
             min_chars: int = MIN_CHARS) -> list[Passage]:
    """The sentences of ``text`` outside the ``skip`` spans, and the clauses of those that have
    several, each kept when it has at least ``min_chars`` characters other than spaces; in
    text order, a sentence before its clauses."""
    found = []
    for start, end in outside(len(text), skip):
        for s_start, s_end in _pieces(text, start, end, SENTENCE_END):
            sentence = _passage(text, s_start, s_end, min_chars)
            if sentence is None:
                continue
            found.append(sentence)
            clauses = list(_pieces(text, sentence.start, sentence.end, CLAUSE_END))
            if len(clauses) > 1:
                found.extend(clause for c_start, c_end in clauses
                             if (clause := _passage(text, c_start, c_end, min_chars, True)))
    return found


def outside(length: int, skip: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The spans of ``range(length)`` not covered by ``skip``."""
    at = 0
    for start, end in sorted(skip):
        if start > at:
            yield at, min(start, length)
        at = max(at, end)
    if at < length:
        yield at, length


def _pieces(text: str, start: int, end: int, ends: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Spans of ``text[start:end]`` that close with one of ``ends`` (kept in the span) outside
    brackets, or with a line break."""
    depth = 0
    piece = start
    for m in _MARKS[ends].finditer(text, start, end):
        c, i = m.group(), m.start()
        if c == "\n":
            yield piece, i
            piece, depth = i + 1, 0
        elif c in OPENING:
            depth += 1
        elif c in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            yield piece, i + 1
            piece = i + 1
    if piece < end:
        yield piece, end


# The characters _pieces looks at, for each set of ends: a regular expression finds them.
_MARKS = {ends: re.compile("[" + re.escape("\n" + OPENING + CLOSING + "".join(sorted(ends)))
                           + "]")
          for ends in (SENTENCE_END, CLAUSE_END)}


def _passage(text: str, start: int, end: int, min_chars: int,
             clause: bool = False) -> Passage | None:
    """``text[start:end]`` without surrounding spaces and a leading marker, if long enough."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marker = match_marker(text[start:end])
    if marker and text.startswith(marker[1], start):
        start += len(marker[1])
        while start < end and text[start].isspace():
            start += 1
    piece = text[start:end]
    if len(piece) < min_chars or len("".join(piece.split())) < min_chars:
        return None
    return Passage(start, end, piece, clause)
