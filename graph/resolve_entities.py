"""Canonical ids for named entities, and a user alias file that merges or splits them.

Ids follow schema/README.md: places (Province, City, District) are ``place:`` + full name,
every other entity type is its lower-case type + ``:`` + canonical name
(``university:西安交通大学``).

The user alias file is UTF-8 TSV, one rule a line; blank lines and lines starting with ``#``
are ignored::

    西交大	西安交通大学	University      # merge: the alias becomes the canonical name
    西北大学	西北大学	University	split  # keep this name apart: never merged into another
    !西北大学		University               # the same, shorter

A merge row maps ``alias`` to ``canonical`` within ``type`` (an empty type applies to every
type). A split row (fourth column ``split``, or a name written ``!name``) keeps a name as its
own entity even when a merge row or the built-in dictionaries would fold it into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policykg.schema.model import PLACE_TYPES


def entity_id(type: str, name: str) -> str:
    """The stable node id of the entity of ``type`` called ``name``."""
    prefix = "place" if type in PLACE_TYPES else type.lower()
    return f"{prefix}:{name}"


@dataclass
class UserAliases:
    """Merges (alias -> canonical, per type or for every type) and names kept apart."""

    merges: dict[tuple[str, str], str] = field(default_factory=dict)
    splits: set[tuple[str, str]] = field(default_factory=set)

    def canonical(self, type: str, name: str, surface: str | None = None) -> str:
        """The canonical name for an entity the recogniser called ``name`` (written
        ``surface``): a split keeps the surface as it is; a merge maps it; else ``name``."""
        for key in (surface, name):
            if key is None:
                continue
            if (type, key) in self.splits or ("", key) in self.splits:
                return key
            merged = self.merges.get((type, key)) or self.merges.get(("", key))
            if merged:
                return merged
        return name


def _rule(cells: list[str], aliases: UserAliases) -> None:
    alias = cells[0].strip()
    canonical = cells[1].strip() if len(cells) > 1 else ""
    type_ = cells[2].strip() if len(cells) > 2 else ""
    split = len(cells) > 3 and cells[3].strip().lower() == "split"
    if alias.startswith("!"):
        alias, split = alias[1:], True
    if not alias:
        return
    if split:
        aliases.splits.add((type_, alias))
    elif canonical:
        aliases.merges[(type_, alias)] = canonical


def load_user_aliases(path: str | Path) -> UserAliases:
    """Read a user alias file (format in the module docstring)."""
    aliases = UserAliases()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        content = line.split("#", 1)[0].rstrip()
        if content.strip():
            _rule(content.split("\t"), aliases)
    return aliases
