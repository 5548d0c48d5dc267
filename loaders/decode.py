"""Turning a file's bytes into text without guessing silently.

Tried in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, then charset-normalizer
as the detector (GB18030/GBK, BOM-less UTF-16 and the rest). Every candidate must read as
plausible Chinese or plain text (no control characters, no private-use or replacement
characters, and non-ASCII text that is mostly CJK); if none does, the file is refused with a
LoadError rather than turned into garbage.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from .errors import LoadError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Characters no text document contains: controls other than whitespace, private use,
# surrogates, the replacement character and non-characters.
_BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff]")
# Non-ASCII characters expected in Chinese text: CJK ideographs and punctuation, full-width
# forms, general punctuation, number forms, enclosed numbers, arrows, shapes, Latin-1 symbols.
_EXPECTED_NON_ASCII = re.compile(
    "[\u00a0-\u00bf\u00d7\u00f7\u2000-\u27bf\u2e80-\u303f\u3200-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003134f]"
)
_IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
MIN_EXPECTED_SHARE = 0.9  # of the non-ASCII characters
# A detected (not self-validating) encoding must give common characters: random bytes, or Chinese
# read in a wrong legacy encoding, give rare ideographs; real documents mostly the 3,755 of
# GB2312 level 1.
MIN_COMMON_SHARE = 0.75
FALLBACKS = ("gb18030", "utf_16_le", "utf_16_be")  # tried when the detector proposes none
CHINESE_ENCODINGS = frozenset({"gb18030", "gbk", "gb2312", "hz"})  # preferred in a tie


@cache
def _common_ideograph() -> re.Pattern[str]:
    """Matches the ideographs of GB2312 level 1, the most frequent Chinese characters."""
    pairs = (bytes([hi, lo]) for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF))
    chars = (pair.decode("gb2312", errors="ignore") for pair in pairs)
    return re.compile("[" + "".join(c for c in chars if c.strip()) + "]")


def commonness(text: str) -> float:
    """The share of the ideographs of ``text`` that are common ones (1.0 if it has none)."""
    ideographs = _count(_IDEOGRAPH, text)
    return _count(_common_ideograph(), text) / ideographs if ideographs else 1.0


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` matches in ``text`` (without building a list of matches)."""
    return pattern.subn("", text)[1]


def implausibility(text: str) -> str | None:
    """Why ``text`` cannot be the real content of a document, or None if it can."""
    bad = _BAD.search(text)
    if bad:
        return f"contains control or private-use character U+{ord(bad.group()):04X}"
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if non_ascii:
        share = _count(_EXPECTED_NON_ASCII, text) / non_ascii
        if share < MIN_EXPECTED_SHARE:
            return f"only {share:.0%} of its non-ASCII characters are Chinese or punctuation"
    return None


def decode_bytes(data: bytes, path: str | Path, declared: str | None = None) -> str:
    """The text of a file's ``data``; LoadError if it is empty or has no plausible decoding.

    ``declared`` is the encoding the file says it has (an HTML ``<meta charset>``): used when
    it reads as plausible text, else the file is decoded as if it said nothing."""
    if not data:
        raise LoadError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data, encoding, path, "byte-order mark")
    if declared:
        encoding = "gb18030" if declared.lower() in CHINESE_ENCODINGS else declared
        try:
            return _checked(data, encoding, path, "declared charset")
        except (LoadError, LookupError):
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and implausibility(text) is None:
        return text
    return _detected(data, path)


def _checked(data: bytes, encoding: str, path: str | Path, why: str) -> str:
    """``data`` decoded with ``encoding`` (named by ``why``), refused if not plausible."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"cannot decode: invalid {encoding} after {why}: {exc}") from exc
    problem = implausibility(text)
    if problem:
        raise LoadError(path, f"cannot decode: {encoding} ({why}) text {problem}")
    return text


def _detected(data: bytes, path: str | Path) -> str:
    """``data`` decoded by the plausible candidate encoding that gives the most common text.

    The candidates are charset-normalizer's matches and, for short texts it cannot place, the
    encodings of FALLBACKS; ties go to the Chinese encodings, then to the detector's order.
    """
    from charset_normalizer import from_bytes

    candidates = {m.encoding: str(m) for m in from_bytes(data)}
    for encoding in FALLBACKS:
        if encoding not in candidates:
            try:
                candidates[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                continue
    best, best_score, refused = None, -1.0, []
    ranked = sorted(candidates.items(), key=lambda item: item[0] not in CHINESE_ENCODINGS)
    for encoding, text in ranked:
        problem = implausibility(text)
        score = commonness(text)
        if problem is None and score < MIN_COMMON_SHARE:
            problem = f"only {score:.0%} of its ideographs are common ones"
        if problem:
            refused.append(f"{encoding}: {problem}")
        elif score > best_score:
            best, best_score = text, score
    if best is not None:
        return best
    why = "; ".join(refused[:4]) or "every candidate encoding fails on its bytes"
    raise LoadError(path, f"cannot decode: no plausible encoding ({why})")
