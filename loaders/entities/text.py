"""The text entity recognition reads: a cleaned text without the single line breaks that a PDF
wrap left inside names, with the offset of each of its characters in the cleaned text."""

from __future__ import annotations

import re
from array import array

from policykg.loaders.vocabulary import data_json

NAME_CHARS = "（）()—·“”\"+&-"
WRAP = re.compile(rf"(?<=[\w{NAME_CHARS}])\n(?=[\w{NAME_CHARS}])")
# The first line of a text ending like a plan's title (…行动方案, …实施意见) is its title: it is
# not joined to the next.
TITLE_END = re.compile("(?:" + "|".join(map(re.escape, data_json("layout.json")["title_suffixes"]))
                       + r")[)）\s]*$")
# A line opening with a heading number (二、, （一）, 1.) ends where the heading does.
HEADING = re.compile(r"[#*\s]*(第[一二三四五六七八九十\d]{1,3}[章条节]"
                     r"|[（(]?[一二三四五六七八九十\d]{1,3}[)）.．、])")


def is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in NAME_CHARS


def ascii_gap(view: str, i: int) -> bool:
    """A space between Latin letters or digits and a Chinese character ("亚信 5G 安全")."""
    if view[i] != " " or i == 0 or i + 1 >= len(view):
        return False
    left, right = view[i - 1], view[i + 1]
    return (left.isascii() and left.isalnum()) != (right.isascii() and right.isalnum()) \
        and left.isalnum() and right.isalnum()


def join_wraps(text: str) -> tuple[str, array]:
    """The text without single line breaks between two name characters (except after a
    heading or the title: "二、支持平台建设\n支持…" stays two lines), and for each character of
    that view its offset in ``text``."""
    offsets = array("l")
    parts = []
    pos = 0
    for m in WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:m.start()]
        if HEADING.match(line) or line_start == 0 and TITLE_END.search(line):
            continue
        parts.append(text[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(parts), offsets
