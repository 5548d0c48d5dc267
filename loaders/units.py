"""Unit names of responsibility annotations: what kind of body a name denotes, its level, and
its canonical form.

``classify_unit`` maps a name to a schema node type, ``level_of`` to its administrative level,
``distribute_prefix`` carries a 市/省/区 prefix over to the bare department names that follow it
in one list, and ``canonical_department`` expands a department's short form with the alias table
``schema/department_aliases.tsv``. The vocabulary lives in ``loaders/data/unit_types.json``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

from policykg.loaders.places import leading_place
from policykg.loaders.vocabulary import data_json
from policykg.schema.files import DEPARTMENT_ALIASES, schema_text

ALIAS_HEADER = ("alias", "canonical")

_BRACKETS = re.compile(r"[（）()［］\[\]〔〕〈〉【】〖〗｛｝{}]")
_OPENING = re.compile(r"[（(［\[〔〈【〖｛{]")
_CLOSING = re.compile(r"[）)］\]〕〉】〗｝}]")


@cache
def _vocab() -> dict:
    return data_json("unit_types.json")


def _plain(name: str) -> str:
    """The name without remarks such as （筹） and without bracket characters:
    成都高新区（管委会） -> 成都高新区管委会."""
    for remark in _vocab()["ignored_remarks"]:
        name = name.replace(remark, "")
    return _BRACKETS.sub("", name).strip()


def _ends(name: str, key: str) -> bool:
    return name.endswith(tuple(_vocab()[key]))


def _contains(name: str, key: str) -> bool:
    return any(word in name for word in _vocab()[key])


@lru_cache(maxsize=4096)
def level_prefix(name: str) -> str:
    """The level word a name starts with (市 in 市科技局, 自治区 in 自治区科技厅), else ''."""
    vocab = _vocab()
    if name.startswith(tuple(vocab["not_level_prefix"])):
        return ""
    for prefix in sorted(vocab["level_prefixes"], key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix
    return ""


@cache
def level_markers() -> frozenset[str]:
    """The characters that end a place's name before what it names (the 市 of 西安市, the 省
    of 陕西省): the last characters of the level words."""
    return frozenset(p[-1] for p in _vocab()["level_prefixes"])


def _place_at(name: str) -> str:
    """The shortest leading place name of ``name`` (西安市 in 西安市科技局), else ''."""
    vocab = _vocab()
    markers = level_markers()
    not_place = tuple(vocab["not_place_words"])
    for end in range(2, min(len(name), 14) + 1):
        head = name[:end]
        if head[-1] in markers and not head.endswith(not_place) and head[0] not in markers:
            while (len(name) > end and name[end] in markers
                   and not name[end:].startswith(tuple(vocab["not_level_prefix"]))
                   and name[end:end + 2] not in not_place):
                end += 1
            return name[:end]
    return ""


@lru_cache(maxsize=4096)
def split_place(name: str) -> tuple[str, str]:
    """Split a leading chain of place names off ``name``:
    陕西省西安市科技局 -> (陕西省西安市, 科技局)."""
    place, rest = "", _plain(name)
    while head := _place_at(rest):
        place, rest = place + head, rest[len(head):]
    return place, rest


def is_collective(name: str) -> bool:
    """True for a group named as one assignee: 各区人民政府, 相关区县政府, 市级有关部门."""
    plain = _plain(name)
    return plain.startswith(tuple(_vocab()["collective_prefixes"])) or _contains(
        plain, "collective_markers")


def place_kind(place: str) -> str:
    """The schema type of a place by its ending (省 Province, 市 City, 区 District …)."""
    suffixes = _vocab()["place_suffixes"]
    for suffix in sorted(suffixes, key=len, reverse=True):
        if place.endswith(suffix):
            return suffixes[suffix]
    return "District"


def _is_company(plain: str) -> bool:
    if _ends(plain, "company_suffixes"):
        return True
    return _contains(plain, "company_markers") and not _ends(plain, "strong_department_suffixes")


@lru_cache(maxsize=4096)
def classify_unit(name: str) -> str:
    """The schema node type of a unit name: Department, Government, CollectiveActor, Company,
    University, Institute, District, City or Province."""
    plain = _plain(name)
    place, rest = split_place(plain)
    checks = (
        ("CollectiveActor", is_collective(plain)),
        ("Government", _ends(plain, "government_suffixes")),
        ("Department", _contains(plain, "department_markers")),
        ("Company", _is_company(plain)),
        ("Institute", _contains(plain, "institute_markers")),
        ("University", _ends(plain, "university_suffixes")),
        (place_kind(place), bool(place) and not rest),
        ("Department", _ends(plain, "department_suffixes")),
        ("Department", bool(level_prefix(plain))),
    )
    return next((kind for kind, hit in checks if hit), "Company")


@lru_cache(maxsize=4096)
def looks_like_unit(name: str) -> bool:
    """True when the vocabulary recognises ``name`` as a unit (not a word of prose)."""
    plain = _plain(name)
    if not plain or len(plain) > 40:
        return False
    return (is_collective(plain) or _ends(plain, "government_suffixes")
            or _contains(plain, "department_markers") or _is_company(plain)
            or _contains(plain, "institute_markers") or _ends(plain, "university_suffixes")
            or split_place(plain)[1] == "" or _ends(plain, "department_suffixes"))


@lru_cache(maxsize=4096)
def level_of(name: str) -> str | None:
    """The administrative level of a unit: national, province, city, district or None."""
    vocab = _vocab()
    plain = _plain(name)
    if plain in vocab["national_names"] or plain.startswith(tuple(vocab["national_prefixes"])):
        return "national"
    prefix = level_prefix(plain)
    if prefix:
        return vocab["level_prefixes"][prefix]
    place, _ = split_place(plain)
    if place:
        return next(level for marker, level in vocab["level_prefixes"].items()
                    if place.endswith(marker))
    if _ends(plain, "national_suffixes") and classify_unit(plain) == "Department":
        return "national"
    return None


def _is_bare_department(name: str) -> bool:
    """A department name with no level word and no place before it (发展改革委), to which a
    prefix distributes; not one that opens with a place's short name (重庆银监局)."""
    return (not level_prefix(name) and not split_place(name)[0]
            and classify_unit(name) == "Department" and level_of(name) is None
            and leading_place(name) is None)


def distribute_prefix(names: Sequence[str]) -> list[str]:
    """Carry the level prefix of the most recent prefixed department over to the bare department
    names after it: [市科技创新委, 发展改革委] -> [市科技创新委, 市发展改革委]."""
    out, current = [], ""
    for name in names:
        prefix = level_prefix(name)
        if prefix and classify_unit(name) == "Department":
            current = prefix
            out.append(name)
        else:
            out.append(current + name if current and _is_bare_department(name) else name)
    return out


def split_conjoined(name: str) -> list[tuple[int, int]]:
    """The spans of the units that make up ``name``: units joined by 和, 及 or 等
    (各区县市政府及园区管委会) split where the text before the conjunction ends with a unit
    head and so does the whole; 市工业和信息化局 stays whole. Conjunctions inside brackets do
    not split."""
    vocab = _vocab()
    heads = tuple(vocab["conjoined_heads"])
    if not name.endswith(heads):
        return [(0, len(name))]
    conjunction = re.compile("|".join(map(re.escape, vocab["conjunctions"])))
    spans, start, depth, position = [], 0, 0, 0
    while position < len(name):
        char = name[position]
        depth = max(0, depth + bool(_OPENING.match(char)) - bool(_CLOSING.match(char)))
        found = conjunction.match(name, position) if depth == 0 else None
        if found and position > start and name[start:position].endswith(heads):
            spans.append((start, position))
            start = position = found.end()
        else:
            position += 1
    return [*spans, (start, len(name))] if start < len(name) else [(0, len(name))]


def _alias_rows(text: str, where: str) -> dict[str, str]:
    """The rows of an alias table ``text`` read from ``where`` (named in errors)."""
    rows: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = tuple(f.strip() for f in line.split("\t"))
        if not line.strip() or line.startswith("#") or fields == ALIAS_HEADER:
            continue
        if len(fields) != 2 or not all(fields):
            raise ValueError(f"{where}:{number}: expected 'alias<TAB>canonical', got {line!r}")
        rows[fields[0]] = fields[1]
    return rows


def _resolve(table: dict[str, str]) -> dict[str, str]:
    """Follow chains (a -> b, b -> c gives a -> c), so every value is final."""
    resolved = {}
    for alias, canonical in table.items():
        seen = {alias}
        while canonical in table and canonical not in seen:
            seen.add(canonical)
            canonical = table[canonical]
        resolved[alias] = canonical
    return resolved


def load_aliases(extra: Path | None = None) -> dict[str, str]:
    """The shipped department alias table plus ``extra`` (same format; its rows win)."""
    table = _alias_rows(schema_text(DEPARTMENT_ALIASES), f"schema/{DEPARTMENT_ALIASES}")
    if extra is not None:
        table.update(_alias_rows(Path(extra).read_text(encoding="utf-8"), str(extra)))
    return _resolve(table)


def _is_head(head: str) -> bool:
    """True when ``head`` may precede a department name: a level word (市, 市委), a national
    prefix (国家) or a place name (西安市)."""
    vocab = _vocab()
    core = head.removesuffix("委") if len(head) > 1 else head
    return (core in vocab["level_prefixes"] or head in vocab["national_prefixes"]
            or split_place(core) == (core, ""))


def canonical_department(name: str, aliases: Mapping[str, str]) -> str:
    """The full form of a department name, keeping its level or place prefix:
    市科技局 -> 市科学技术局, 国家发展改革委 -> 国家发展和改革委员会."""
    for start in range(len(name) - 1):
        head, rest = name[:start], name[start:]
        if rest in aliases and (not head or _is_head(head)):
            return head + aliases[rest]
    return name
