"""Responsibility annotations: "（牵头单位：A；配合单位：B、C等）" and its many variants.

``find_annotations`` finds every annotation in a cleaned text in one regex pass, in three forms:
labelled in brackets (（牵头单位：A；责任单位：B）, any bracket shape, full- or half-width
punctuation, line breaks anywhere inside), labelled on a line of its own or after a sentence
end, and the suffix form (（A牵头，B、C配合）). Each annotation lists its roles; each role its
units with exact spans. ``edges`` turns an annotation into LEADS / SUPPORTS statements.

The role labels, suffix verbs, brackets and separators are data: ``loaders/data/roles.json``.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .units import distribute_prefix, looks_like_unit, split_conjoined
from .vocabulary import data_json

MAX_BODY = 800  # characters scanned for the closing bracket of one annotation
MAX_UNIT = 40  # a longer "unit" is prose, not a name
LEAD, RESPONSIBLE = "lead", "responsible"  # role kinds; the third is "support"


@dataclass(frozen=True)
class UnitRef:
    """A unit as written (``surface``), after prefix distribution (``name``), its span in the
    whole input text and its 1-based position in its role's list."""

    surface: str
    name: str
    start: int
    end: int
    rank: int


@dataclass(frozen=True)
class Role:
    """A role label as written (line breaks removed), its kind (lead, support or responsible)
    and its units."""

    label: str
    kind: str
    units: tuple[UnitRef, ...]


@dataclass(frozen=True)
class Annotation:
    """One annotation: its span (brackets included), its text, its roles and any warnings."""

    start: int
    end: int
    text: str
    roles: tuple[Role, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """The role vocabulary of ``roles.json`` and the regexes built from it."""

    labels: dict[str, str]
    suffixes: dict[str, str]
    opens: str
    closes: str
    separators: str
    colons: str
    sentence_ends: str
    enders: tuple[str, ...]
    scanners: tuple[tuple[str, re.Pattern[str]], ...]
    label_at: re.Pattern[str]
    suffix_at: re.Pattern[str]

    @classmethod
    def from_data(cls, data: dict) -> Vocabulary:
        """The vocabulary of ``data``, in the form of ``loaders/data/roles.json``."""
        opens = "".join(pair[0] for pair in data["brackets"])
        closes = "".join(pair[1] for pair in data["brackets"])
        label = _alternation(data["labels"])
        suffix = _alternation(data["suffixes"])
        tail = _alternation(data["suffix_tails"])
        colon = _char_class("".join(data["colons"]))
        sentence_ends = "".join(data["sentence_ends"])
        scanners = (  # one pass each: a single alternation defeats re's literal prefix search
            ("bracket", re.compile(rf"{_char_class(opens)}\s*(?P<label>{label})\s*{colon}")),
            ("suffix", re.compile(rf"(?:{suffix})(?:\s*(?:{tail}))?\s*(?P<close>"
                                  rf"{_char_class(closes)})")),
            ("line", re.compile(rf"(?P<label>{label})\s*{colon}")),
        )
        openers = _alternation(data["suffix_openers"])
        modifiers = _alternation(data["suffix_modifiers"])
        return cls(
            labels=data["labels"],
            suffixes=data["suffixes"],
            opens=opens,
            closes=closes,
            separators="".join(data["unit_separators"]) + sentence_ends,
            colons="".join(data["colons"]),
            sentence_ends=sentence_ends,
            enders=tuple(sorted(data["list_enders"], key=len, reverse=True)),
            scanners=scanners,
            label_at=re.compile(rf"(?P<label>{label})\s*{colon}"),
            suffix_at=re.compile(
                rf"\s*(?:{openers})?(?P<units>.*?)(?:{modifiers})?(?P<verb>{suffix})(?:\s*(?:{tail}))?\s*"
                rf"(?:[{re.escape(''.join(data['unit_separators']))}]|$)", re.DOTALL),
        )


def _spaced(word: str) -> str:
    """A pattern for ``word`` that allows line breaks and spaces between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _alternation(words) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


def _unspace(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def vocabulary() -> Vocabulary:
    """The shipped role vocabulary."""
    return Vocabulary.from_data(data_json("roles.json"))


def find_annotations(text: str, vocab: Vocabulary | None = None) -> list[Annotation]:
    """Every responsibility annotation in ``text``, in order of position."""
    vocab = vocab or vocabulary()
    found: list[Annotation] = []
    for _, form, match in _candidates(text, vocab):
        if found and match.start() < found[-1].end:
            continue
        annotation = _FORMS[form](text, match, vocab)
        if annotation is not None and not (found and annotation.start < found[-1].end):
            found.append(annotation)
    return found


def _candidates(text: str, vocab: Vocabulary) -> Iterator[tuple[int, str, re.Match[str]]]:
    """The matches of every form's scanner, in order of position."""
    return heapq.merge(*(_tagged(form, pattern.finditer(text)) for form, pattern in
                         vocab.scanners), key=lambda candidate: candidate[0])


def _tagged(form: str, matches: Iterator[re.Match[str]]
            ) -> Iterator[tuple[int, str, re.Match[str]]]:
    for match in matches:
        yield match.start(), form, match


# --- the labelled forms ------------------------------------------------------------------------

def _labelled_in_brackets(text: str, match: re.Match[str], vocab: Vocabulary) -> Annotation:
    start, body_start = match.start(), match.start("label")
    close = _matching_bracket(text, start, 1, vocab)
    warnings: tuple[str, ...] = ()
    if close is None:
        end = _unclosed_end(text, match.end(), vocab)
        body_end = end
        warnings = ("unclosed bracket",)
    else:
        body_end, end = close, close + 1
    roles, more = _labelled_roles(text, body_start, body_end, vocab)
    return Annotation(start, end, text[start:end], roles, warnings + more)


def _labelled_line(text: str, match: re.Match[str], vocab: Vocabulary) -> Annotation | None:
    start = match.start("label")
    if not _at_line_start(text, start, vocab):
        return None
    end = _line_end(text, start, vocab)
    roles, warnings = _labelled_roles(text, start, end, vocab)
    units = [unit for role in roles for unit in role.units]
    if warnings or not units or not all(looks_like_unit(u.surface) for u in units):
        return None
    return Annotation(start, end, text[start:end], roles, ())


def _at_line_start(text: str, start: int, vocab: Vocabulary) -> bool:
    """True when only spaces stand between ``start`` and a line start or a sentence end."""
    index = start - 1
    while index >= 0 and text[index] in " \t\u3000":
        index -= 1
    return index < 0 or text[index] == "\n" or text[index] in vocab.sentence_ends


def _matching_bracket(text: str, at: int, step: int, vocab: Vocabulary) -> int | None:
    """The index of the bracket matching the one at ``at``, searching forward (``step`` 1) or
    backward (-1); None when a sentence end or the scan limit comes first."""
    inward, outward = (vocab.opens, vocab.closes) if step == 1 else (vocab.closes, vocab.opens)
    depth = 0
    for index in range(at, min(len(text), at + MAX_BODY) if step == 1 else max(-1, at - MAX_BODY),
                       step):
        char = text[index]
        if char in inward:
            depth += 1
        elif char in outward:
            depth -= 1
            if depth == 0:
                return index
        elif char in vocab.sentence_ends:
            return None
    return None


def _unclosed_end(text: str, after_label: int, vocab: Vocabulary) -> int:
    """Where an annotation whose bracket never closes is taken to end: its line's end or the
    first sentence end, whichever comes first."""
    limit = min(len(text), after_label + MAX_BODY)
    for index in range(after_label, limit):
        if text[index] == "\n" or text[index] in vocab.sentence_ends:
            return index
    return limit


def _line_end(text: str, start: int, vocab: Vocabulary) -> int:
    """The end of an unbracketed annotation: a sentence end, or a line break not preceded by a
    separator or colon (so a list broken across lines continues)."""
    limit = min(len(text), start + MAX_BODY)
    for index in range(start, limit):
        char = text[index]
        if char in vocab.sentence_ends:
            return index
        if char == "\n" and text[start:index].rstrip()[-1:] not in vocab.separators + "：:":
            return _rstripped(text, start, index)
    return _rstripped(text, start, limit)


def _rstripped(text: str, start: int, end: int) -> int:
    """``end`` moved left over trailing whitespace, not before ``start``."""
    return start + len(text[start:end].rstrip())


def _labelled_roles(text: str, start: int, end: int, vocab: Vocabulary
                    ) -> tuple[tuple[Role, ...], tuple[str, ...]]:
    """The roles of the labelled body ``text[start:end]``, which starts with a label."""
    labels = [m for m in vocab.label_at.finditer(text, start, end)
              if _depth(text, start, m.start(), vocab) == 0 and _after_separator(text, start, m,
                                                                                 vocab)]
    roles: list[Role] = []
    warnings: list[str] = []
    for label, following in zip(labels, [*labels[1:], None], strict=False):
        units_end = following.start() if following else end
        written = _unspace(label.group("label"))
        units, unit_warnings = _units(text, label.end(), units_end, vocab)
        roles.append(Role(written, vocab.labels[written], units))
        warnings.extend(unit_warnings)
    return tuple(roles), tuple(warnings)


def _depth(text: str, start: int, end: int, vocab: Vocabulary) -> int:
    depth = 0
    for char in text[start:end]:
        depth += (char in vocab.opens) - (char in vocab.closes)
    return depth


def _after_separator(text: str, start: int, match: re.Match[str], vocab: Vocabulary) -> bool:
    """Whether a label starts a role: at the body's start, or after a separator or a colon
    (（牵头单位：A：配合单位：B）, a semicolon misread or mistyped)."""
    before = text[start:match.start()].rstrip()
    return not before or before[-1] in vocab.separators + vocab.colons


# --- the suffix form ---------------------------------------------------------------------------

def _suffix_form(text: str, match: re.Match[str], vocab: Vocabulary) -> Annotation | None:
    end = match.end("close")
    start = _matching_bracket(text, match.start("close"), -1, vocab)
    if start is None:
        return None
    body_start, body_end = start + 1, match.start("close")
    roles = []
    position = body_start
    while position < body_end:
        group = vocab.suffix_at.match(text, position, body_end)
        if group is None or group.end() == position:
            return None
        units, warnings = _units(text, group.start("units"), group.end("units"), vocab)
        if warnings or not units or not all(looks_like_unit(u.surface) for u in units):
            return None
        verb = _unspace(group.group("verb"))
        roles.append(Role(verb, vocab.suffixes[verb], units))
        position = group.end()
    return Annotation(start, end, text[start:end], tuple(roles), ())


# --- unit lists --------------------------------------------------------------------------------

def _pieces(text: str, start: int, end: int, vocab: Vocabulary) -> Iterator[list[int]]:
    """The unit pieces of ``text[start:end]`` as lists of character indices: split at depth-0
    separators and at spaces; whitespace that holds a line break joins its neighbours."""
    piece: list[int] = []
    depth = 0
    index = start
    while index < end:
        char = text[index]
        if char.isspace():
            run_end = index
            while run_end < end and text[run_end].isspace():
                run_end += 1
            if "\n" not in text[index:run_end] and depth == 0 and piece:
                yield piece
                piece = []
            index = run_end
            continue
        if depth == 0 and char in vocab.separators:
            if piece:
                yield piece
            piece = []
        else:
            depth = max(0, depth + (char in vocab.opens) - (char in vocab.closes))
            piece.append(index)
        index += 1
    if piece:
        yield piece


def _strip_ender(surface: str, vocab: Vocabulary) -> str:
    for ender in vocab.enders:
        if surface.endswith(ender):
            return surface[:-len(ender)]
    return surface


def _units(text: str, start: int, end: int, vocab: Vocabulary
           ) -> tuple[tuple[UnitRef, ...], tuple[str, ...]]:
    """The units of one role's list ``text[start:end]``, with any warnings. Units joined by a
    conjunction in one item are units of their own (:func:`split_conjoined`)."""
    spans: list[tuple[str, int, int]] = []
    warnings: list[str] = []
    for piece in _pieces(text, start, end, vocab):
        surface = _strip_ender("".join(text[i] for i in piece).rstrip(vocab.colons), vocab)
        if not surface:
            continue
        if len(surface) > MAX_UNIT:
            warnings.append(f"not a unit name: {surface[:20]}…")
            continue
        spans.extend((surface[a:b], piece[a], piece[b - 1] + 1)
                     for a, b in split_conjoined(surface))
    names = distribute_prefix([surface for surface, _, _ in spans])
    units = tuple(UnitRef(surface, name, s, e, rank)
                  for rank, ((surface, s, e), name) in enumerate(zip(spans, names, strict=True),
                                                                 1))
    return units, tuple(warnings)


# --- edges -------------------------------------------------------------------------------------

def edges(annotation: Annotation) -> list[tuple[str, Role, UnitRef]]:
    """The (LEADS | SUPPORTS, role, unit) statements of an annotation. Lead roles lead; a
    responsible role leads when no lead role is named and supports beside one."""
    has_lead = any(role.kind == LEAD for role in annotation.roles)
    out: list[tuple[str, Role, UnitRef]] = []
    for role in annotation.roles:
        leads = role.kind == LEAD or (role.kind == RESPONSIBLE and not has_lead)
        out.extend(("LEADS" if leads else "SUPPORTS", role, unit) for unit in role.units)
    return out


_FORMS = {"bracket": _labelled_in_brackets, "suffix": _suffix_form, "line": _labelled_line}
