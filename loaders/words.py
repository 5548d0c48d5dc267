"""A small Chinese word segmenter with part-of-speech tags, for the few characters around a
candidate name: where a name may start, and whether its words are ordinary vocabulary or a
proper name.

It segments as jieba does without its hidden Markov model: the route through the words of the
dictionary that maximises the product of their frequencies, a character the dictionary does
not know being a word of its own (tag ``x``). The dictionary is ``data/words.tsv``, derived
from jieba's (``scripts/build_words.py``), read as a plain word list rather than through jieba,
which loads far more slowly (``benchmarks/segmenters.py`` measures both).
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from typing import NamedTuple

from policykg.loaders.vocabulary import data_text

MAX_WORD = 4
# Part-of-speech tags (jieba's, after ICTCLAS) of words that open a clause or a phrase rather
# than a name: verbs, prepositions, conjunctions, pronouns, adverbs, particles, locatives.
FUNCTION_TAGS = frozenset({"v", "vd", "vg", "p", "c", "r", "d", "ad", "u", "uj", "ul", "f", "y"})
# Tags of proper names: people, places, organisations, other proper nouns, abbreviations.
PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})
# Tags of place names and of abbreviations, which mostly abbreviate places (长三角, 京津冀).
PLACE_TAGS = frozenset({"ns", "j"})
# Names of places, people and organisations: the proper nouns but brands and abbreviations.
NAME_TAGS = PROPER_TAGS - {"nz", "j"}


class Word(NamedTuple):  # a tuple: made several times faster than a frozen dataclass
    text: str
    tag: str  # "x" for a character the dictionary does not know
    freq: int  # 0 for an unknown character


@dataclass(frozen=True)
class _Dictionary:
    tags: dict[str, str]  # word -> its part-of-speech tag
    freqs: dict[str, int]  # word -> its frequency
    logp: dict[str, float]  # word -> log of its probability
    unknown: float  # log probability of a character the dictionary does not know


@cache
def _dictionary() -> _Dictionary:
    # One split of the whole file and dicts built from its columns: a loop over the lines
    # took twice as long, a quarter of a second of every build.
    body = data_text("words.tsv").split("\n", 1)[1].rstrip("\n")
    cells = body.replace("\n", "\t").split("\t")
    words, freqs, tags = cells[0::3], list(map(int, cells[1::3])), cells[2::3]
    log_total = math.log(sum(freqs))
    logp = dict(zip(words, map(operator.sub, map(math.log, freqs), repeat(log_total)),
                    strict=True))
    return _Dictionary(dict(zip(words, tags, strict=True)), dict(zip(words, freqs, strict=True)),
                       logp, -log_total)


def segment(text: str) -> tuple[Word, ...]:
    """The most probable segmentation of ``text`` into dictionary words, with their tags."""
    d = _dictionary()
    tags, freqs = d.tags, d.freqs
    out, i = [], 0
    for length in _route(text):
        word = text[i:i + length]
        out.append(Word(word, tags.get(word, "x"), freqs.get(word, 0)))
        i += length
    return tuple(out)


@lru_cache(maxsize=16384)  # bounded: a worker that reads a national corpus stays flat
def _route(text: str) -> bytes:
    """The lengths of the words of :func:`segment`, as bytes: the cache holds no objects that
    the cyclic garbage collector has to visit (a tuple of Words is one per word, each visited
    by every collection, and by the several at the end of a process)."""
    d = _dictionary()
    logp, unknown = d.logp, d.unknown
    n = len(text)
    best = [0.0] * (n + 1)
    step = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        score, to = logp.get(text[i], unknown) + best[i + 1], i + 1
        last = i + MAX_WORD if i + MAX_WORD < n else n  # not min(): a call per character
        for j in range(i + 2, last + 1):
            p = logp.get(text[i:j])
            if p is not None and p + best[j] > score:
                score, to = p + best[j], j
        best[i], step[i] = score, to
    lengths, i = bytearray(), 0
    while i < n:
        lengths.append(step[i] - i)
        i = step[i]
    return bytes(lengths)


def is_function_word(word: Word, single: frozenset[str] = frozenset()) -> bool:
    """True for a verb, preposition, conjunction, pronoun, adverb, particle or locative of two
    or more characters, or for one of the characters ``single``: a lone character is as often
    a piece of a name the dictionary does not know (莫干山 is 莫/d 干/v 山) as a word."""
    return word.tag in FUNCTION_TAGS and (len(word.text) > 1 or word.text in single)


def is_verb(word: Word) -> bool:
    """True for a verb of two or more characters that is no verbal noun (挖掘, not 发展/vn)."""
    return word.tag.startswith("v") and word.tag != "vn" and len(word.text) > 1


def is_word(text: str) -> bool:
    """True when the dictionary has ``text`` as a word."""
    return text in _dictionary().tags


def common_word(text: str) -> bool:
    """True when the dictionary has ``text`` as a word that is no proper noun."""
    tag = _dictionary().tags.get(text)
    return tag is not None and tag not in PROPER_TAGS
