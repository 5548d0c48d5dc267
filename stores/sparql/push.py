"""Pushing a graph into one named graph of a SPARQL 1.1 server, writing only what changed.

A push makes one named graph, the *target*, equal the build (when the SPARQL store pushes, the
dataset's graph, :func:`policykg.stores.sparql.dataset_graph`; by default
:func:`policykg.graph.rdf.graph_iri`), writing only what changed since the last push, with
SPARQL 1.1 Update and Query only, so it works on any server (Oxigraph, Fuseki, GraphDB,
Virtuoso …). The unit of change is the
*subject*: the build's triples (the lines of :func:`policykg.graph.rdf.ntriples`) are grouped by
subject (all IRIs), and a subject's digest is the digest of its distinct lines, sorted; each
line is first reduced to a 16-byte BLAKE2b digest, so that the triples of a 100× corpus need not
be held in memory (:class:`SubjectDigests`). What goes to the server is parsed by pyoxigraph and
written again by its serialiser, so every term is checked and escaped by it.

The *manifest* is a second named graph, the target's IRI followed by :data:`MANIFEST_SUFFIX`,
with one triple per pushed subject: ``<subject> pkg:pushDigest "digest"``. A push reads it with
one SELECT, parsed as it streams in, and compares it with the build; subjects that are new or
changed are *written*, subjects the build no longer has are *gone*:

1. each written or gone subject is cleared, many to a request (in this order: its manifest
   entry becomes ``"stale"``, added for a new one; its triples in the target are deleted; for
   a gone subject, the stale entry is deleted);
2. the triples of the written subjects are inserted (``INSERT DATA`` batches);
3. their manifest entries get their digests (the digest inserted, then the stale entry deleted).

Unchanged subjects are not touched, so a push after a rebuild in which one document changed
writes only the subjects that document contributes to, and pushing the same build again writes
nothing. Every subject that may have triples in the target has an entry, and an entry carries
a digest only once the subject's triples are all in; ``"stale"`` never equals a digest (and a
subject with two entries counts as stale). So a push that dies at any point, even between the
operations of one request on a server that does not run a request atomically, leaves a state
the next push repairs, whichever build it pushes: a stale subject is cleared again, then
written or forgotten.

An incremental push ends by counting the target's triples: if they are not as many as the
build's, something else changed the target (dropped it but not its manifest, added or deleted
triples), and a full push follows.

A *full* push replaces the target: it drops the manifest, inserts the triples and the new
manifest into staging graphs (each one's IRI followed by :data:`STAGING_SUFFIX`), and ``MOVE``\\ s
both over the originals in one request. It runs when asked (``full=True``, ``push sparql
--full``) and when the server has no manifest for the target (a first push, or a graph pushed
by an older version or another tool), so that no triple the manifest does not know of survives.
A full push that dies leaves no manifest, so the next push is full again; before the ``MOVE``,
the target is as it was.

The target belongs to the pushes: what another tool writes into it does not survive the next
push. A push that would delete most of the target's subjects (those the build does not have)
refuses before it deletes anything, unless ``prune`` is set
(:func:`policykg.stores.base.check_prune`).

``endpoint`` is the server's update URL (Oxigraph: ``http://host:7878/update``); a push reads
the manifest at ``query_endpoint``, by default :func:`policykg.stores.sparql.http.query_url` of
the update URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple, TypeVar

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from policykg.graph import rdf
from policykg.graph.kg import KnowledgeGraph
from policykg.stores.base import Report, check_prune
from policykg.stores.sparql.http import (
    TIMEOUT,
    EndpointError,
    query_url,
    request,
    select,
    update,
)

BATCH_SIZE = 20_000
MANIFEST_SUFFIX = "/manifest"
STAGING_SUFFIX = "/staging"
DIGEST = NamedNode(rdf.PKG + "pushDigest")
STALE = "stale"  # the manifest's value for a subject being cleared; never a digest
# A clearing request names a tenth as many subjects as an INSERT DATA request carries triples:
# a subject of the corpus's graph has about ten triples (~52,000 triples of ~5,300 subjects).
TRIPLES_PER_SUBJECT = 10
LINE_DIGEST = 16  # bytes of a line's digest

Progress = Callable[[str, int], None]  # a step's name and how many of its items are done
T = TypeVar("T")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _ntriples(batch: Iterable[Triple]) -> bytes:
    text = serialize(batch, format=RdfFormat.N_TRIPLES)
    assert text is not None  # serialize returns the text when given no output
    return text


def _checked(lines: list[str]) -> bytes:
    """N-Triples ``lines`` as pyoxigraph writes them after its parser has checked them."""
    text = "".join(lines).encode("utf-8")
    return _ntriples(quad.triple for quad in parse(text, RdfFormat.N_TRIPLES))


def _subject(line: str) -> str:
    """The subject IRI of an N-Triples line of :func:`rdf.ntriples` (IRIs as they are)."""
    if not line.startswith("<"):
        raise ValueError(f"not a triple with an IRI subject: {line[:80]!r}")
    return line[1:line.index(">")]


def _data(operation: str, graph: NamedNode, ntriples: bytes) -> str:
    """An ``INSERT DATA`` or ``DELETE DATA`` request (``operation``) for ``ntriples`` in
    ``graph``: N-Triples text written by pyoxigraph's serialiser, whose lines are valid SPARQL
    triples."""
    return f"{operation} DATA {{ GRAPH {graph} {{\n{ntriples.decode('utf-8')}}} }}"


def manifest_triples(rows: Iterable[tuple[str, str]]) -> bytes:
    """Manifest triples of (subject, digest) ``rows``."""
    return _ntriples([Triple(NamedNode(s), DIGEST, Literal(d)) for s, d in rows])


class Entry(NamedTuple):
    """A subject of the build: the digest of its triples and their number."""

    digest: str
    triples: int


class SubjectDigests:
    """Digests of the subjects of N-Triples lines fed in pieces, in any order.

    Kept per subject: the 16-byte BLAKE2b digest of each line (not the line, which averages
    ~180 bytes). A subject's digest is the BLAKE2b digest of its distinct line digests, sorted:
    it depends on the set of its triples only, not on their order or on where they come in the
    stream (a node's own triples and those of its qualified edges are apart)."""

    def __init__(self) -> None:
        self._lines: dict[str, bytearray] = {}

    def add(self, ntriples: Iterable[str]) -> None:
        """Take lines of :func:`rdf.ntriples`."""
        lines = self._lines
        for line in ntriples:
            subject = _subject(line)
            digest = hashlib.blake2b(line.encode("utf-8"), digest_size=LINE_DIGEST).digest()
            seen = lines.get(subject)
            if seen is None:
                lines[subject] = bytearray(digest)
            else:
                seen += digest

    def entries(self) -> dict[str, Entry]:
        """Each subject IRI's :class:`Entry`."""
        result = {}
        for subject, seen in self._lines.items():
            parts = sorted({bytes(seen[i:i + LINE_DIGEST])
                            for i in range(0, len(seen), LINE_DIGEST)})
            digest = hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()
            result[subject] = Entry(digest, len(parts))
        return result


def subject_entries(kg: KnowledgeGraph,
                    base_iri: str = rdf.DEFAULT_BASE_IRI) -> dict[str, Entry]:
    """The :class:`Entry` of every subject of the RDF form of ``kg``."""
    digests = SubjectDigests()
    digests.add(rdf.ntriples(kg, base_iri))
    return digests.entries()


def manifest_iri(target: str) -> str:
    """The named graph holding the manifest of the pushes to ``target``."""
    return target + MANIFEST_SUFFIX


def read_manifest(query_endpoint: str, target: str,
                  timeout: float = TIMEOUT) -> dict[str, str]:
    """The manifest of ``target`` on the server: subject IRI → digest (``"stale"`` for a
    subject with more than one entry or one that is no literal). One SELECT, its JSON result
    parsed as it streams in."""
    text = (f"SELECT ?s ?d WHERE {{ GRAPH {NamedNode(manifest_iri(target))} "
            f"{{ ?s {DIGEST} ?d }} }}")
    manifest: dict[str, str] = {}
    with request(query_endpoint, text, "application/sparql-query",
                  accept="application/sparql-results+json", timeout=timeout) as response:
        try:
            rows = parse_query_results(response, QueryResultsFormat.JSON)
            if not isinstance(rows, QuerySolutions):
                raise EndpointError(f"{query_endpoint}: the manifest's SELECT gave no rows")
            for row in rows:
                subject, digest = row["s"], row["d"]
                if not isinstance(subject, NamedNode):
                    continue  # no subject of a build
                value = digest.value if isinstance(digest, Literal) else STALE
                if manifest.setdefault(subject.value, value) != value:
                    manifest[subject.value] = STALE
        except SyntaxError as exc:
            raise EndpointError(f"{query_endpoint}: not a SPARQL JSON result ({exc})") from None
    return manifest


@dataclass
class PushReport(Report):
    """What a push wrote: subjects and (distinct) triples inserted (new or changed), deleted
    (changed or gone; in a full push, all the target held) and left unchanged."""

    full: bool = False
    reason: str = ""  # why a push was full
    subjects_inserted: int = 0
    triples_inserted: int = 0
    subjects_deleted: int = 0
    triples_deleted: int = 0
    subjects_unchanged: int = 0
    triples_unchanged: int = 0

    def summary(self) -> str:
        kind = f"full push ({self.reason})" if self.full else "incremental push"
        return (f"{kind}: {self.subjects_inserted} subjects ({self.triples_inserted} triples) "
                f"inserted, {self.subjects_deleted} subjects ({self.triples_deleted} triples) "
                f"deleted, {self.subjects_unchanged} subjects ({self.triples_unchanged} triples) "
                "unchanged")


class _Push:
    """One push: the server, the graphs and the settings."""

    def __init__(self, endpoint: str, query_endpoint: str, target: str, batch_size: int,
                 timeout: float, progress: Progress | None, dataset: str,
                 prune: bool) -> None:
        self.endpoint, self.query_endpoint = endpoint, query_endpoint
        self.target = NamedNode(target)
        self.manifest = NamedNode(manifest_iri(target))
        self.batch_size, self.timeout, self.progress = batch_size, timeout, progress
        self.dataset, self.prune = dataset, prune

    def update(self, text: str, step: str, done: int) -> None:
        update(self.endpoint, text, self.timeout)
        if self.progress:
            self.progress(step, done)

    def select(self, text: str) -> list[dict[str, Any]]:
        return select(self.query_endpoint, text, timeout=self.timeout)

    def count(self, what: str = "") -> dict[str, int]:
        """The number of triples in the target (``n``), and ``what`` else it selects."""
        return self.select(f"SELECT (COUNT(*) AS ?n) {what} "
                           f"WHERE {{ GRAPH {self.target} {{ ?s ?p ?o }} }}")[0]

    def clear(self, subjects: list[str], gone: set[str]) -> int:
        """Step 1 of the module docstring for ``subjects``; the manifest entries of those in
        ``gone`` are then deleted. Return how many triples the target held for them."""
        entry = f"GRAPH {self.manifest} {{ ?s {DIGEST} ?d }}"
        data = f"GRAPH {self.target} {{ ?s ?p ?o }}"
        deleted = done = 0
        for batch in _batches(subjects, max(1, self.batch_size // TRIPLES_PER_SUBJECT)):
            values = "VALUES ?s { " + " ".join(str(NamedNode(s)) for s in batch) + " }"
            deleted += self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {values} {data} }}")[0]["n"]
            operations = [
                f"DELETE {{ {entry} }} INSERT {{ GRAPH {self.manifest} {{ ?s {DIGEST} "
                f"{Literal(STALE)} }} }} WHERE {{ {values} OPTIONAL {{ {entry} }} }}",
                f"DELETE {{ {data} }} WHERE {{ {values} {data} }}"]
            if forget := [(s, STALE) for s in batch if s in gone]:
                operations.append(_data("DELETE", self.manifest, manifest_triples(forget)))
            done += len(batch)
            self.update(" ;\n".join(operations), "clear", done)
        return deleted

    def incremental(self, kg: KnowledgeGraph, base_iri: str,
                    manifest: dict[str, str]) -> PushReport:
        entries = subject_entries(kg, base_iri)
        write = sorted(s for s, e in entries.items() if manifest.get(s) != e.digest)
        gone = sorted(s for s in manifest if s not in entries)
        check_prune(len(gone), len(manifest), "subjects", self.dataset, self.prune)
        inserted = sum(entries[s].triples for s in write)
        report = PushReport(
            full=False, subjects_inserted=len(write), triples_inserted=inserted,
            subjects_deleted=len(gone) + sum(s in manifest for s in write),
            subjects_unchanged=len(entries) - len(write),
            triples_unchanged=sum(e.triples for e in entries.values()) - inserted)
        report.triples_deleted = self.clear(sorted(write + gone), set(gone))
        wanted, done = set(write), 0
        if wanted:
            lines = (line for line in rdf.ntriples(kg, base_iri) if _subject(line) in wanted)
            for batch in _batches(lines, self.batch_size):
                done += len(batch)
                self.update(_data("INSERT", self.target, _checked(batch)), "insert", done)
        done = 0
        for batch in _batches(write, self.batch_size):  # step 3: digest in, then stale out
            done += len(batch)
            digests = manifest_triples((s, entries[s].digest) for s in batch)
            stale = manifest_triples((s, STALE) for s in batch)
            self.update(f"{_data('INSERT', self.manifest, digests)} ;\n"
                        f"{_data('DELETE', self.manifest, stale)}", "manifest", done)
        return report

    def full(self, kg: KnowledgeGraph, base_iri: str, reason: str) -> PushReport:
        before = self.count("(COUNT(DISTINCT ?s) AS ?subjects)")
        if before["n"] and not self.prune:
            held = {row["s"] for row in self.select(
                f"SELECT DISTINCT ?s WHERE {{ GRAPH {self.target} {{ ?s ?p ?o }} }}")}
            kept = subject_entries(kg, base_iri).keys()
            check_prune(len(held - kept), len(held), "subjects", self.dataset, self.prune)
        report = PushReport(full=True, reason=reason, subjects_deleted=before["subjects"],
                            triples_deleted=before["n"])
        staging = {graph: NamedNode(graph.value + STAGING_SUFFIX)
                   for graph in (self.target, self.manifest)}
        self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in (self.manifest,
                                                                   *staging.values())),
                    "drop manifest", 1)
        try:
            digests, done = SubjectDigests(), 0
            for batch in _batches(rdf.ntriples(kg, base_iri), self.batch_size):
                digests.add(batch)
                done += len(batch)
                self.update(_data("INSERT", staging[self.target], _checked(batch)), "staging",
                            done)
            entries = digests.entries()
            report.subjects_inserted = len(entries)
            report.triples_inserted = sum(e.triples for e in entries.values())
            done = 0
            for batch in _batches(sorted(entries), self.batch_size):
                done += len(batch)
                self.update(_data("INSERT", staging[self.manifest],
                                  manifest_triples((s, entries[s].digest) for s in batch)),
                            "manifest", done)
            moves = [f"MOVE {copy} TO {graph}" for graph, copy in staging.items()]
            self.update(" ;\n".join(moves) if entries else f"DROP SILENT GRAPH {self.target}",
                        "move", 1)
        except BaseException:
            with suppress(EndpointError):
                update(self.endpoint, " ;\n".join(f"DROP SILENT GRAPH {g}"
                                                   for g in staging.values()), self.timeout)
            raise
        return report


def push_graph(kg: KnowledgeGraph, endpoint: str, *, query_endpoint: str | None = None,
               graph_iri: str | None = None, base_iri: str = rdf.DEFAULT_BASE_IRI,
               batch_size: int = BATCH_SIZE, full: bool = False, timeout: float = TIMEOUT,
               progress: Progress | None = None, dataset: str | None = None,
               prune: bool = False) -> PushReport:
    """Make the named graph ``graph_iri`` (default: :func:`rdf.graph_iri` of ``base_iri``) on
    the server whose update URL is ``endpoint`` equal ``kg``, writing only the subjects that
    changed since the last push, or everything when ``full``, when the server holds no
    manifest, or when the target does not match its manifest (module docstring).
    ``batch_size``: triples per ``INSERT DATA`` request, manifest entries per request, and
    a tenth as many subjects per clearing request. ``progress`` is called after every update
    request with its step and the items done. ``dataset`` names the target in the report and
    in errors (default: its IRI); ``prune`` lets a push delete most of the target."""
    target = graph_iri or rdf.graph_iri(base_iri)
    push = _Push(endpoint, query_endpoint or query_url(endpoint), target, batch_size, timeout,
                 progress, dataset or f"<{target}>", prune)
    if full:
        return push.full(kg, base_iri, "asked for")
    manifest = read_manifest(push.query_endpoint, push.target.value, timeout)
    if not manifest:
        return push.full(kg, base_iri, "no manifest on the server")
    report = push.incremental(kg, base_iri, manifest)
    if push.count()["n"] != report.triples_unchanged + report.triples_inserted:
        return push.full(kg, base_iri, "the target did not match its manifest")
    return report
