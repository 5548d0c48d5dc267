"""Text that remembers where it came from.

A :class:`SourceText` holds the decoded text of one file (``original``), the cleaned text
that extraction works on (``text``) and, for every character of ``text``, its offset in
``original``. Every span found in the cleaned text can so be shown in the file itself.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass
class SourceText:
    """Cleaned text mapped back, character by character, to the original text of a file."""

    path: str
    original: str
    text: str
    offsets: array = field(repr=False)  # offsets[i] = index in original of text[i]
    notes: list[str] = field(default_factory=list)  # what the reader could not read, and why

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text):
            raise ValueError("offsets must have one entry per character of text")

    @classmethod
    def identity(cls, path: str, original: str, notes: list[str] | None = None) -> SourceText:
        """A SourceText whose cleaned text is the original, unchanged."""
        return cls(path, original, original, array("l", range(len(original))), notes or [])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that the cleaned span ``[start, end)`` came from."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside text of length {len(self.text)}")
        if start == end:
            pos = self.offsets[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The original text behind the cleaned span ``[start, end)``."""
        ostart, oend = self.original_span(start, end)
        return self.original[ostart:oend]


class TextBuilder:
    """Builds a cleaned text piece by piece, recording where each character came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets = array("l")

    def append(self, piece: str, origin: int) -> None:
        """Append ``piece`` copied from ``original[origin:origin + len(piece)]``."""
        self._parts.append(piece)
        self._offsets.extend(range(origin, origin + len(piece)))

    def insert(self, piece: str, origin: int) -> None:
        """Append ``piece`` that has no counterpart in the original; it maps to ``origin``."""
        self._parts.append(piece)
        self._offsets.extend([origin] * len(piece))

    def extend(self, src: SourceText, start: int, end: int) -> None:
        """Append ``src.text[start:end]``, each character keeping its origin in ``src``."""
        self._parts.append(src.text[start:end])
        self._offsets.extend(src.offsets[start:end])

    def build(self, path: str, original: str) -> SourceText:
        return SourceText(path, original, "".join(self._parts), self._offsets)

    def build_over(self, src: SourceText) -> SourceText:
        """Build a text whose origins are offsets into ``src.text``, not into the original.

        The offsets are composed with ``src.offsets``, so the result points into
        ``src.original``: a cleaning pass over a reader's output keeps quoting the file.
        """
        offsets = self._offsets
        if src.offsets != array("l", range(len(src.original))):  # not an identity mapping
            offsets = array("l", map(src.offsets.__getitem__, offsets))
        return SourceText(src.path, src.original, "".join(self._parts), offsets, src.notes)
