"""The vocabulary of entity recognition: the word lists of the name rules
(``data/name_rules.json``, each list described there) compiled into the sets and patterns the
rules use, and the lexicon — the dictionaries of universities, institutes, companies,
industries and places with every form they are written in — on one Aho–Corasick automaton
(ahocorasick-rs: eight times as fast on Chinese text as pyahocorasick, whose nodes search
their thousands of children one by one), built once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ahocorasick_rs import AhoCorasick

from policykg.loaders.places import registry
from policykg.loaders.vocabulary import data_json, data_lines, data_rows

ORG_TYPES = ("University", "Institute", "Company")
# Among candidates of equal length, the earlier type in this order wins.
TYPE_ORDER = ("University", "Institute", "Company", "Platform", "District", "City", "Province",
              "Industry")


def any_of(words: list[str]) -> str:
    """A regular expression (a group) matching any of ``words``, longest first."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


# The word lists of the rules, each described in the file.
RULES = data_json("name_rules.json")
BOUNDARY_WORDS = frozenset(RULES["boundary_words"])
BOUNDARY_LENGTHS = sorted({len(w) for w in BOUNDARY_WORDS}, reverse=True)
NAME_JOINERS = tuple(RULES["name_joiners"])
LEADING_MODIFIERS = tuple(RULES["leading_modifiers"])
COUNTED = re.compile(r"\s*[\d\-—～~至一二三四五六七八九十百千几多]+\s*" + any_of(RULES["counters"])
                     + r"\s*")
CATEGORY_PREFIXES = tuple(RULES["category_prefixes"])
DESCRIPTIVE_ENDINGS = frozenset(RULES["descriptive_endings"])
CATEGORY_AFTER = tuple(RULES["category_after"])
# "建立一批X中心", "建成5-8个X平台": X中心 and X平台 name kinds, here and wherever the text
# repeats them.
PLURAL = re.compile(any_of(RULES["plural_quantifiers"]) + r"|[\d两三四五六七八九十几多]\s*"
                    + any_of(RULES["counters"]))
ORG_SUFFIXES: dict[str, str] = RULES["org_suffixes"]
ZONE_SUFFIXES = tuple(RULES["zone_suffixes"])
INDUSTRY_NOT_BEFORE = tuple(RULES["industry_not_before"])
INDUSTRY_INSIDE_WORDS = tuple(RULES["industry_inside_words"])
# "加快物联网、5G、大数据等新型基础设施建设": the items of a list closed by 等 and a kind.
INDUSTRY_LIST_KIND = re.compile(r"([、和与及][^，。；：、\n]{1,12}?)*等"
                                + any_of(RULES["industry_list_kind_modifiers"]) + "*"
                                + any_of(RULES["industry_list_kinds"]))
UNIVERSITY_NOT_BEFORE = tuple(RULES["university_not_before"])
# "X建设Y", "X等企业牵头组建Y", "依托X建设Y", "X与本地企业联合组建Y": X right before the
# verb, or before the partner it builds with, hosts Y; so does X in "以X为依托的Y".
BUILD_BETWEEN = re.compile(r"(等[^，。；、]{0,8})?(牵头)?(与[^，。；、与]{1,10})?"
                           + any_of(RULES["clause_adverbs"]) + "?"
                           + any_of(RULES["build_verbs"] + RULES["host_words"])
                           + "$|为依托的?$")
HOST_CUES = tuple(RULES["host_cues"])
HOST_WORDS = tuple(RULES["host_words"])
OWNER_KINDS = frozenset(RULES["owner_kinds"])
AREA_COMMITTEES = tuple(RULES["area_committees"])
BUILD_VERBS = frozenset(RULES["build_verbs"] + RULES["new_build_verbs"])
BUILD_VERBS_BEFORE = re.compile(any_of(sorted(BUILD_VERBS)))
BUILT_AFTER = tuple(RULES["built_after"])
# "南湖大学建设的Y", "以X为依托的Y": the clause before 的 says who builds or hosts Y.
HOST_CLAUSES = tuple(verb + "的" for verb in [*sorted(BUILD_VERBS), *RULES["host_words"], "为依托"])
BUILD_BEFORE_LIST = re.compile(r"(牵头)?" + any_of(RULES["build_verbs"] + RULES["host_words"]))
CLAUSE_BUILD = re.compile("，" + any_of(RULES["clause_adverbs"]) + "?"
                          + any_of(RULES["build_verbs"])
                          + r"\s*$")
LIST_ITEM_CUES = tuple(RULES["list_item_cues"])
PEER_JOINERS = frozenset(RULES["peer_joiners"])
NOT_BRANCH_ENDINGS = frozenset(RULES["not_branch_endings"])
INSTITUTION_WORDS = tuple(RULES["institution_words"])
LIST_KINDS: dict[str, str | None] = RULES["list_kinds"]
LIST_ITEM_JOINERS = tuple(RULES["list_item_joiners"])
KNOWN_PAIR_JOINERS = tuple(RULES["known_pair_joiners"])
LIST_KIND_HEADS = tuple(RULES["list_kind_heads"])
PLACE_ITEM_NOT_ENDINGS = tuple(RULES["place_item_not_endings"])
ACTOR_NOUNS = tuple(RULES["actor_nouns"])
LEADER_CUES = tuple(RULES["leader_cues"])
DEFINITION_CUES = tuple(RULES["definition_cues"])
SECTOR_ENDING: str = RULES["sector_ending"]
INDUSTRY_VERBS = tuple(RULES["industry_verbs"])
INDUSTRY_AFTER = tuple(RULES["industry_after"])
INDUSTRY_DOMAINS: list[str] = RULES["industry_domains"]
INDUSTRY_PREFIXES: list[str] = RULES["industry_prefixes"]
INDUSTRY_HEADS: list[str] = RULES["industry_heads"]
NAME_REQUIRED_ENDINGS = frozenset(RULES["name_required_endings"])
FACILITY_ENDINGS = frozenset(RULES["facility_endings"])
OWNER_ENDINGS = tuple(RULES["owner_endings"])
COMPANY_HEADS = tuple(sorted(RULES["company_heads"], key=len, reverse=True))
ACTING_VERBS = tuple(RULES["acting_verbs"])
SINGLE_FUNCTION_WORDS = frozenset(RULES["single_function_words"])
SUBJECT_ENDINGS = tuple(RULES["subject_endings"])
PLATFORM_LIST_END = re.compile(r"等[^，。；、\n]{0,8}?平台")


@dataclass(frozen=True)
class Entry:
    """What a dictionary form names: a type, a canonical name and, for places, the containing
    place (or its candidates, when ambiguous)."""

    type: str
    name: str
    parent: str | None = None
    ambiguous_parents: tuple[str, ...] = ()
    needs_peer: bool = False  # a form that is also a common word ("?延长" in the data)
    needs_context: bool = False  # a technology, an industry only in context ("~5G")


@dataclass
class Lexicon:
    entries: dict[str, Entry]
    automaton: AhoCorasick  # of ``keys``
    keys: list[str]  # the dictionary forms and the endings of the name patterns
    platform_suffixes: dict[str, str]
    levels: dict[str, str]
    generic: tuple[str, ...]
    stopwords: frozenset[str]
    zone_stems: dict[str, str | None]
    name_endings: tuple[str, ...]  # of organisations and platforms

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of a key in ``text``, overlapping ones too, as (start, end, key),
        by end and, of those ending together, longest first."""
        keys, matches = self.keys, self.automaton.find_matches_as_indexes(text, overlapping=True)
        found = [(start, end, keys[i]) for i, start, end in matches]
        found.sort(key=lambda hit: (hit[1], hit[0]))
        return found


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split(",") if f.strip()]


def _cas_variants(form: str) -> list[str]:
    """中国科学院X and 中科院X are one name."""
    for long, short in (("中国科学院", "中科院"), ("中科院", "中国科学院")):
        if form.startswith(long) and form != long:
            return [form, short + form[len(long):]]
    return [form]


def _org_entries(entries: dict[str, Entry], filename: str, kind: str) -> None:
    for row in data_rows(filename):
        name = row[0].strip()
        others = _forms(row[1]) if len(row) > 1 else []
        if name.startswith("中国科学院"):
            others += ["中科院" + f for f in others if not f.startswith("中科院")]
        for form in [name, *others]:
            needs_peer = form.startswith("?")
            for variant in _cas_variants(form.lstrip("?")):
                entries.setdefault(variant, Entry(kind, name, needs_peer=needs_peer))


def _industry_entries(entries: dict[str, Entry]) -> None:
    for line in data_lines("industries.txt"):
        form, _, canonical = (p.strip() for p in line.partition("="))
        technology = form.startswith("~")
        form = form.lstrip("~")
        entries.setdefault(form, Entry("Industry", canonical or form, needs_context=technology))


@cache
def lexicon() -> Lexicon:
    """The dictionaries and name endings on one automaton, built once per process."""
    entries: dict[str, Entry] = {}
    _org_entries(entries, "universities.tsv", "University")
    _org_entries(entries, "institutes.tsv", "Institute")
    _org_entries(entries, "companies.tsv", "Company")
    places = registry()
    for form, place in places.forms.items():
        entries.setdefault(form, Entry(place.type, place.name, place.parent,
                                       place.ambiguous_parents))
    _industry_entries(entries)
    kinds = data_json("platform_kinds.json")
    stopwords = frozenset(data_lines("entity_stopwords.txt"))
    keys = sorted(set(entries) | set(kinds["suffixes"]) | set(ORG_SUFFIXES) | set(ZONE_SUFFIXES))
    generic = tuple(sorted(kinds["generic"], key=len, reverse=True))
    return Lexicon(entries, AhoCorasick(keys), keys, kinds["suffixes"], kinds["levels"], generic,
                   stopwords, places.zone_stems, (*ORG_SUFFIXES, *kinds["suffixes"]))
