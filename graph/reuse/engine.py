"""Finding passages that one plan shares with another, worded alike or nearly so.

1. **Candidates.** Each passage's character 3-grams get a MinHash signature: datasketch's
   seeded ``affine32`` MinHash, computed for all passages at once in numpy (the same values as
   ``datasketch.MinHash``, which a test checks; datasketch itself is needed by the test and
   the benchmark only). Locality-sensitive hashing over bands of the
   signatures proposes the pairs of passages of different plans whose shingle sets are alike;
   the bands are grouped in numpy too. (datasketch's ``MinHash.bulk`` and ``MinHashLSH`` hash,
   insert and query one passage at a time in Python; ``benchmarks/reuse.py`` times both ways
   and checks that they propose the same pairs.) ``method="exhaustive"`` scores every pair
   instead: the reference the benchmark measures the hashing against.
2. **Verification.** A candidate counts when the edit-distance ratio of the two passages' keys
   (``rapidfuzz``'s normalised Indel similarity) reaches the threshold.
3. **Boilerplate.** Text that many plans repeat is weighed down by how many share it: a
   passage's *plans sharing* are its plan and every plan with a passage verified alike; a pair's
   score is its similarity times the share of the other plans (beyond the two) that do *not*
   hold it. A sentence in every plan scores 0, one only two plans hold keeps its similarity.
4. **Links.** A pair whose score reaches the threshold is a link. Its quotes are the clauses of
   each passage from the first to the last run of characters the alignment matches. A link
   inside another link of the same two plans (a clause of a linked sentence) is dropped, and
   so is one that quotes what another quotes. The later plan REUSES the earlier when both are
   dated and the dates differ (at their common precision: 2020 against 2020-11-04 is no
   difference); otherwise the two plans are SIMILAR_TO each other.

Output is deterministic: seeded hashing, and links in a fixed order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from policykg.graph.gc_pause import gc_paused
from policykg.loaders.documents import Document, reference_date
from policykg.loaders.extract import DocumentRead, PassageRead, Span, read_passages
from policykg.loaders.passages import CLAUSE_END, SENTENCE_END
from policykg.loaders.text import SourceText

THRESHOLD = 0.75  # default score of a link; chosen from benchmarks/reuse.py (see the README)
SHINGLE = 3  # characters per shingle
NUM_PERM = 128  # MinHash permutations
BANDS = (42, 3)  # LSH bands × rows per band: P(candidate) ≥ 0.90 at shingle Jaccard 0.4
SEED = 1
METHODS = ("lsh", "exhaustive")
CLAUSE_MARKS = CLAUSE_END | SENTENCE_END


@dataclass(frozen=True)
class PlanText:
    """A plan's passages (as the loaders read them: :class:`PassageRead`), its id and its date
    (ISO: 2020, 2020-11 or 2020-11-04; None when unknown)."""

    plan: str
    date: str | None
    passages: tuple[PassageRead, ...]

    @classmethod
    def of(cls, plan: str, text: str, date: str | None = None, file: str = "") -> PlanText:
        """A plan whose file holds ``text`` and nothing else."""
        source = SourceText.identity(file or f"{plan}.txt", text)
        doc = Document(source, 0, len(text), plan, (0, 0))
        return cls(plan, date, tuple(read_passages(doc)))

    @classmethod
    def read(cls, plan: str, doc: DocumentRead) -> PlanText:
        """The plan ``plan`` as a build read it (``doc``), dated by its date or period."""
        return cls(plan, reference_date(doc.date, doc.period), tuple(doc.passages))


@dataclass(frozen=True)
class ReuseLink:
    """A passage of one plan alike to a passage of another.

    ``type`` is REUSES (``source`` is the later plan, ``target`` the earlier) or SIMILAR_TO
    (``source`` is the plan given first). ``similarity`` is the ratio of the two passages,
    ``plans_sharing`` how many plans hold a passage like them, ``score`` the similarity weighed
    down by that number. The passages are the shared stretches, in the files; ``source_at``
    and ``target_at`` the passages of the plans they lie in (their tasks and sections)."""

    type: str
    source: str
    target: str
    score: float
    similarity: float
    plans_sharing: int
    source_passage: Span
    target_passage: Span
    source_at: PassageRead = field(repr=False, compare=False)
    target_at: PassageRead = field(repr=False, compare=False)


@dataclass
class _Passages:
    """Every plan's passages in one list, with the plan (index into the plans) of each and,
    for a clause, the sentence it is part of (else the passage itself)."""

    items: list[PassageRead] = field(default_factory=list)
    plan: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)
    mapped: dict[int, Callable[[int], int]] = field(default_factory=dict)  # positions()

    def positions(self, index: int) -> Callable[[int], int]:
        """Maps an index into the key of passage ``index`` to its index in the text."""
        at = self.mapped.get(index)
        if at is None:
            at = self.mapped[index] = _positions(self.items[index].text, self.keys[index])
        return at

    def add(self, plan: int, passage: PassageRead) -> None:
        self.sentence.append(self.sentence[-1] if passage.clause else len(self.items))
        self.items.append(passage)
        self.plan.append(plan)
        self.keys.append(passage.key)

    def by_plan(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for index, plan in enumerate(self.plan):
            out[plan].append(index)
        return out


@gc_paused()  # hundreds of thousands of small objects, no cycles
def find_reuse(plans: Sequence[PlanText], threshold: float = THRESHOLD, *,
               method: str = "lsh") -> list[ReuseLink]:
    """The reuse links between ``plans`` whose score reaches ``threshold`` (0–1), ordered by
    source plan, target plan and place in the source. Plans are told apart by their id: give
    each plan once."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold {threshold} is not in (0, 1]")
    ids = [plan.plan for plan in plans]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"plans given more than once: {', '.join(twice)}")
    found = _Passages()
    for index, plan in enumerate(plans):
        for passage in plan.passages:
            found.add(index, passage)
    if len(set(found.plan)) < 2:
        return []
    cutoff = threshold * 100
    pairs = (_exhaustive(found, cutoff) if method == "exhaustive" else
             _verified(found, candidates(found.keys, found.plan), cutoff))
    return _links(plans, found, pairs, threshold)


# -- candidates -------------------------------------------------------------------------------
def shingle_hashes(key: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the character ``size``-grams of a passage key: the code points packed
    into 63 bits (21 each, exact), then Fibonacci-hashed to 32 bits. Stable across runs and
    machines, unlike Python's ``hash``."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    packed = np.zeros(max(1, len(codes) - size + 1), dtype=np.uint64)
    for offset in range(size):
        packed = (packed << np.uint64(21)) | codes[offset:offset + len(packed)]
    return ((packed * _GOLDEN) >> np.uint64(32)).astype(np.uint32)


def signatures(keys: Sequence[str]) -> np.ndarray:
    """The MinHash signature of each key's shingles, one row per key: datasketch's ``affine32``
    scheme (MurmurHash3 finaliser, then ``a·h + b`` mod 2³² for each seeded permutation), the
    same values ``datasketch.MinHash(NUM_PERM, seed=SEED)`` gives when updated with
    :func:`shingle_hashes`, computed for all keys at once, one permutation at a time."""
    a, b = _permutations()
    hashes = [shingle_hashes(key) for key in keys]
    starts = np.cumsum([0] + [len(h) for h in hashes[:-1]])
    mixed = _fmix32(np.concatenate(hashes))
    out = np.empty((len(keys), NUM_PERM), dtype=np.uint32)
    for k in range(NUM_PERM):
        out[:, k] = np.minimum.reduceat(mixed * a[k] + b[k], starts)
    return out


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The seeded affine permutations ``h -> a·h + b`` mod 2³² of datasketch's ``affine32``
    scheme (an odd ``a``), drawn as ``datasketch.MinHash`` draws them: made here so that a
    build need not import datasketch and, through it, scipy; the test of
    :func:`signatures` checks the values against datasketch's own."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (as datasketch applies it before its permutations)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def candidates(keys: Sequence[str], plans: Sequence[int]) -> np.ndarray:
    """Pairs (rows of two indices, the lower first) of keys of different ``plans`` whose
    signatures agree on all the rows of at least one band."""
    signature = signatures(keys)
    plan = np.asarray(plans)
    bands, rows = BANDS
    pairs = []
    for band in range(bands):
        bucket = np.zeros(len(signature), dtype=np.uint64)
        for row in signature[:, band * rows:(band + 1) * rows].T:  # a hash of the band's rows
            bucket = bucket * _GOLDEN + row
        pairs.append(_same_group(bucket, plan))
    n = len(keys)
    codes = np.sort(np.concatenate(pairs))  # sorting, then dropping repeats, is faster here
    codes = codes[np.append(True, codes[1:] != codes[:-1])] if len(codes) else codes
    return np.stack([codes // n, codes % n], axis=1)


def _same_group(group: np.ndarray, plan: np.ndarray) -> np.ndarray:
    """Every pair of items with the same ``group`` value and of different plans, as
    ``low·n + high``."""
    n = len(group)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    boundary = np.flatnonzero(np.diff(sorted_group)) + 1
    ends = np.repeat(np.append(boundary, n), np.diff(np.concatenate([[0], boundary, [n]])))
    position = np.arange(n)
    count = ends - position - 1  # later members of the same group
    left = np.repeat(position, count)
    step = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    a, b = order[left], order[left + 1 + step]
    keep = plan[a] != plan[b]
    low, high = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    return low.astype(np.int64) * n + high


def _verified(found: _Passages, candidates: np.ndarray,
              cutoff: float) -> dict[tuple[int, int], float]:
    """The candidate pairs whose ratio reaches ``cutoff`` (on every core)."""
    keys = found.keys
    scores = process.cpdist([keys[a] for a in candidates[:, 0]],
                            [keys[b] for b in candidates[:, 1]], scorer=fuzz.ratio,
                            score_cutoff=cutoff, dtype=np.float32, workers=-1)
    return {(int(a), int(b)): float(score)
            for (a, b), score in zip(candidates[scores > 0], scores[scores > 0], strict=True)}


def _exhaustive(found: _Passages, cutoff: float) -> dict[tuple[int, int], float]:
    """Every pair of passages of different plans scored, plan by plan against the later
    plans (on every core)."""
    pairs = {}
    by_plan = sorted(found.by_plan().items())
    keys = found.keys
    for n, (_, indices) in enumerate(by_plan):
        later = [i for _, rest in by_plan[n + 1:] for i in rest]
        if not later:
            break
        scores = process.cdist([keys[i] for i in indices], [keys[j] for j in later],
                               scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32,
                               workers=-1)
        for row, column in zip(*np.nonzero(scores), strict=True):
            pairs[indices[row], later[column]] = float(scores[row, column])
    return pairs


# -- links ------------------------------------------------------------------------------------
def _links(plans: Sequence[PlanText], found: _Passages,
           pairs: dict[tuple[int, int], float], threshold: float) -> list[ReuseLink]:
    sharing: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        sharing[a].update((found.plan[a], found.plan[b]))
        sharing[b].update((found.plan[a], found.plan[b]))
    others = len(plans) - 2
    kept: dict[tuple[int, int], list[tuple[int, int, float, int]]] = defaultdict(list)
    for (a, b), ratio in pairs.items():
        count = len(sharing[a] | sharing[b])
        weight = 1 - (count - 2) / others if others > 0 else 1.0
        score = ratio / 100 * weight
        if score >= threshold:
            kept[found.plan[a], found.plan[b]].append((a, b, score, count))
    links: dict[tuple[str, str, Span, Span], ReuseLink] = {}
    for (pa, pb), matches in kept.items():
        for a, b, score, count in _outermost(found, matches):
            link = _link(plans[pa], plans[pb], found, a, b, score, pairs[a, b] / 100, count)
            quoted = (link.source, link.target, link.source_passage, link.target_passage)
            if quoted not in links or links[quoted].score < link.score:
                links[quoted] = link  # a clause of one and a sentence of the other quote alike
    return sorted(links.values(), key=lambda link: (
        link.source, link.target, link.source_passage.start, link.target_passage.start,
        link.source_passage.end, link.target_passage.end))


def _outermost(found: _Passages, matches: list[tuple[int, int, float, int]]
               ) -> list[tuple[int, int, float, int]]:
    """The matches of two plans that lie in no other match: a clause's match is dropped when
    its sentence matches too (with the other passage or its sentence)."""
    pairs = {(a, b) for a, b, _, _ in matches}
    sentence = found.sentence
    return [m for m in matches
            if not {(sentence[m[0]], m[1]), (m[0], sentence[m[1]]),
                    (sentence[m[0]], sentence[m[1]])} - {(m[0], m[1])} & pairs]


def _link(plan_a: PlanText, plan_b: PlanText, found: _Passages, a: int, b: int, score: float,
          similarity: float, count: int) -> ReuseLink:
    passage_a, passage_b = found.items[a], found.items[b]
    (a_start, a_end), (b_start, b_end) = _shared(passage_a.text, passage_b.text,
                                                 found.keys[a], found.keys[b],
                                                 found.positions(a), found.positions(b))
    span_a, span_b = passage_a.part(a_start, a_end), passage_b.part(b_start, b_end)
    order = later(plan_a.date, plan_b.date)
    if order < 0:
        plan_a, plan_b, span_a, span_b = plan_b, plan_a, span_b, span_a
        passage_a, passage_b = passage_b, passage_a
    return ReuseLink("REUSES" if order else "SIMILAR_TO", plan_a.plan, plan_b.plan,
                     round(score, 4), round(similarity, 4), count, span_a, span_b,
                     passage_a, passage_b)


def later(date_a: str | None, date_b: str | None) -> int:
    """1 if ``date_a`` is later than ``date_b``, -1 if earlier, 0 if either is unknown or they
    agree at their common precision (2020 against 2020-11-04)."""
    if not date_a or not date_b:
        return 0
    common = min(len(date_a), len(date_b))
    a, b = date_a[:common], date_b[:common]
    return (a > b) - (a < b)


def _shared(a: str, b: str, key_a: str, key_b: str, at_a: Callable[[int], int],
            at_b: Callable[[int], int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The clauses of ``a`` and of ``b`` (keys ``key_a``, ``key_b``; ``at_a``, ``at_b`` map an
    index into a key to the text) from the first to the last run of two or more characters
    their alignment matches (whole texts when there is none)."""
    runs = [block for block in Indel.opcodes(key_a, key_b).as_matching_blocks()
            if block.size >= 2]
    if not runs:
        return (0, len(a)), (0, len(b))
    first, last = runs[0], runs[-1]
    return (_clauses(a, at_a(first.a), at_a(last.a + last.size - 1) + 1),
            _clauses(b, at_b(first.b), at_b(last.b + last.size - 1) + 1))


def _positions(text: str, key: str) -> Callable[[int], int]:
    """Maps an index into ``key`` (``text`` without its spaces) to its index in ``text``."""
    if len(key) == len(text):
        return lambda i: i
    return [i for i, c in enumerate(text) if not c.isspace()].__getitem__


def _clauses(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to the clauses it touches."""
    while start > 0 and text[start - 1] not in CLAUSE_MARKS:
        start -= 1
    while end < len(text) and text[end - 1] not in CLAUSE_MARKS:
        end += 1
    return start, end
