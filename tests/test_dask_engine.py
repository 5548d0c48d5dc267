"""The dask build engine gives the in-memory build's graph: graph.json byte for byte, the same
warnings, N-Triples shards holding exactly the in-memory triples (each subject in one shard),
Neo4j import CSV shards and Parquet tables equal to the exports of the in-memory graph, a
manifest whose digests are the files'; plan identity and entity merging across partitions;
a rebuild with more files reads only those, one with fewer drops what only they gave; a file
that can't be read is named and skipped. With a real ``dask scheduler`` and two ``dask
worker`` processes on 127.0.0.1, the CLI builds through ``--scheduler``, and a worker killed
mid-build changes nothing of the output. The N-Triples shards bulk-load into Oxigraph
(``push sparql --bulk``), canned queries on it give the embedded store's tables, and
incremental pushes work on top of it. ``load neo4j --bulk`` says the neo4j-admin command."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.corpus import CORPUS_DIR
from policykg.exports import export
from policykg.graph import dask_engine
from policykg.graph.build import GraphBuilder, build, list_files, read_files
from policykg.graph.contributions import RecordingGraph, edge_of, fold_edges, fold_nodes
from policykg.graph.io import read_graph
from policykg.graph.outputs import BuildResult, build_to
from policykg.graph.partitions import part_of
from policykg.graph.rdf import ntriples
from policykg.loaders.documents import title_key
from policykg.queries import run_query
from policykg.stores.sparql import SparqlStore

from testkit.oxigraph import VENV_BIN, free_port, oxigraph_server

PLANS = Path(__file__).parent / "data" / "plans"
QUERIES = ("lead-departments", "plan-summary", "industries-by-city")


def build_both(paths: list[Path], tmp: Path, **dask: object) -> tuple[Path, BuildResult, Path,
                                                                      BuildResult]:
    memory_out, dask_out = tmp / "memory", tmp / "dask"
    memory = build_to(paths, memory_out, on_problem=lambda p: None)
    sharded = build_to(paths, dask_out, engine="dask", on_problem=lambda p: None,
                       workers=2, **dask)  # type: ignore[arg-type]
    return memory_out, memory, dask_out, sharded


@pytest.fixture(scope="module")
def corpus_builds(tmp_path_factory: pytest.TempPathFactory):
    """The bundled corpus built in memory and on a local Dask cluster in 6 partitions (the
    corpus is 0.74 MB), so that plans, places and departments meet across partitions."""
    tmp = tmp_path_factory.mktemp("dask")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dask_engine, "PART_BYTES", 130_000)
        return build_both([CORPUS_DIR], tmp)


def test_the_dask_build_is_the_in_memory_build(corpus_builds) -> None:
    memory_out, memory, dask_out, sharded = corpus_builds
    manifest = json.loads((dask_out / "shards" / "manifest.json").read_text("utf-8"))
    assert manifest["partitions"] == 6
    for name in ("graph.json", "graph.ttl"):
        assert (dask_out / name).read_bytes() == (memory_out / name).read_bytes(), name
    graphml = [nx.read_graphml(out / "graph.graphml") for out in (dask_out, memory_out)]
    assert [sorted(g.nodes(data=True)) for g in graphml] == [sorted(graphml[1].nodes(data=True))] * 2
    assert [sorted(g.edges(data=True), key=str) for g in graphml] == \
        [sorted(graphml[1].edges(data=True), key=str)] * 2  # the same, in another order
    assert sharded.problems == memory.problems  # the same warnings, in the same order
    assert any("is one plan with" in p.message for p in sharded.problems)  # plan identity
    assert sharded.counts == memory.counts
    assert sharded.counts["edges"]["REUSES"] > 0  # passage reuse (stage 2b)
    assert (sharded.read, sharded.cached) == (5, 0)


def test_the_shards_hold_the_in_memory_triples_each_subject_in_one(corpus_builds) -> None:
    memory_out, _, dask_out, _ = corpus_builds
    shards = sorted((dask_out / "shards" / "nt").glob("*.nt"))
    assert len(shards) == 6
    lines = [shard.read_text("utf-8").splitlines(keepends=True) for shard in shards]
    everything = [line for part in lines for line in part]
    expected = set(ntriples(read_graph(memory_out)))
    assert len(everything) == len(set(everything)) == len(expected)
    assert set(everything) == expected
    subjects = [{line[:line.index(">") + 1] for line in part} for part in lines]
    assert sum(map(len, subjects)) == len(set().union(*subjects))  # no subject in two shards


def test_no_property_has_the_predicate_of_an_edge_or_a_qualification() -> None:
    """What lets a shard's writer tell apart only the lines of edges (dask_engine._triples):
    a node's own triples can't be an edge's, nor a qualified node's; an unknown property is
    written as a literal, and every edge's triple has an IRI for its object."""
    from policykg.graph.rdf import (
        EDGE_PREDICATES,
        PKG,
        PROPERTIES,
        QUALIFIED,
        TASK_PROPERTIES,
    )

    edge_predicates = {PKG + p for p in EDGE_PREDICATES.values()}
    edge_predicates |= {q.link for q in QUALIFIED.values()}
    properties = {iri for iri, _ in (*PROPERTIES.values(), *TASK_PROPERTIES.values())}
    assert not properties & edge_predicates


def test_the_manifest_lists_every_shard_with_its_digest(corpus_builds) -> None:
    memory_out, memory, dask_out, _ = corpus_builds
    root = dask_out / "shards"
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    listed = {e["path"] for e in manifest["files"]}
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert on_disk - listed == {"manifest.json"} and listed <= on_disk
    for entry in manifest["files"]:
        data = (root / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"],
                                                                 entry["sha256"])
    assert {e["format"] for e in manifest["files"]} == {"nt", "neo4j-csv", "parquet"}
    assert manifest["counts"] == {k: dict(v) for k, v in memory.counts.items()}
    assert manifest["triples"] == len(set(ntriples(read_graph(memory_out))))


def test_the_csv_shards_are_the_neo4j_export(corpus_builds, tmp_path: Path) -> None:
    memory_out, _, dask_out, _ = corpus_builds
    export(read_graph(memory_out), "neo4j-csv", tmp_path, dataset="dask")
    shards = dask_out / "shards" / "neo4j-csv"
    whole = sorted(tmp_path.glob("*.csv"))
    assert len(whole) == len(list(shards.glob("*.header.csv"))) == 23
    for path in whole:
        rows = list(csv.reader(path.open(encoding="utf-8")))
        header = next(csv.reader((shards / f"{path.stem}.header.csv").open(encoding="utf-8")))
        parts = [row for part in sorted(shards.glob(f"{path.stem}.part-*.csv"))
                 for row in csv.reader(part.open(encoding="utf-8"))]
        assert header == rows[0], path.name
        assert sorted(parts) == sorted(rows[1:]), path.name


def test_the_parquet_shards_are_the_parquet_export(corpus_builds, tmp_path: Path) -> None:
    memory_out, _, dask_out, _ = corpus_builds
    export(read_graph(memory_out), "parquet", tmp_path)
    for table in ("nodes", "edges"):
        whole = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        parts = [row for path in sorted((dask_out / "shards" / "parquet").glob(f"{table}.*"))
                 for row in pq.read_table(path).to_pylist()]
        key = json.dumps
        assert sorted(parts, key=key) == sorted(whole, key=key), table


def test_pieces_of_any_partitioning_fold_to_one_build() -> None:
    """The stages of the engine without Dask: the documents of the fourteen test plans and
    the corpus added by title partition, each partition to a graph of its own, and the
    rows folded, give the in-memory build (without reuse: stage 2b) for every number of
    partitions, the edges in the order of their keys."""
    files = list_files([PLANS, CORPUS_DIR])
    extractions = list(read_files(files))
    whole = json.loads(json.dumps(build([PLANS, CORPUS_DIR], on_problem=lambda p: None,
                                        reuse=False).to_dict(), ensure_ascii=False))
    for parts in (1, 3, 16):
        node_rows, edge_rows = [], []
        for part in range(parts):
            kg = RecordingGraph()
            builder = GraphBuilder(on_problem=lambda p: None)
            builder.kg = kg
            for f, extraction in enumerate(extractions):
                for d, doc in enumerate(extraction.documents):
                    if part_of(title_key(doc.title), parts) == part:
                        kg.at(f, d)
                        builder.add_document(extraction.file, doc, extraction.path)
            node_rows += kg.node_rows
            edge_rows += kg.edge_rows
        nodes = list(fold_nodes(node_rows))
        edges = [edge_of(r) for r in fold_edges(edge_rows)]
        assert nodes == whole["nodes"] and edges == whole["edges"], parts


def test_reading_batches_shrink_towards_the_end(tmp_path: Path) -> None:
    """Batches of files in build order, each file once, of about the limit, until what is
    left is small: then none holds more than a quarter of it (two workers), so that the
    workers end the stage within a small batch of each other."""
    paths = []
    for n, size in enumerate([300] * 40 + [5000] + [300] * 10):
        paths.append(tmp_path / f"{n:02}.txt")
        paths[-1].write_bytes(b"x" * size)
    files = list(enumerate(map(str, paths)))
    batches = list(dask_engine._batches(files, [p.stat().st_size for p in paths], 2000,
                                        workers=2))
    assert [item for batch in batches for item in batch] == files
    sizes = [sum(paths[n].stat().st_size for n, _ in batch) for batch in batches]
    assert sizes[:3] == [2100] * 3  # of the limit while much is left
    left = sum(sizes)
    for size, batch in zip(sizes, batches, strict=True):
        last = paths[batch[-1][0]].stat().st_size
        assert size - last < max(250, min(2000, left // 4)), (size, left)  # at most one file over
        left -= size
    assert sizes[-3:] == [300, 300, 300]  # an eighth of the limit at the end: a file each


WORK = "甲市数字经济工作要点\n一、重点任务\n1. 建设算力平台。（牵头单位：市科技局；配合单位：市财政局）\n"


def test_more_files_read_only_those_fewer_drop_what_only_they_gave(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in PLANS.glob("*.txt"))
    for name in names[:10]:
        shutil.copy(PLANS / name, folder)
    (folder / "bad.docx").write_bytes(b"not a zip")  # named and skipped
    (folder / "2023.txt").write_text(WORK, encoding="utf-8")
    (folder / "2024.txt").write_text(WORK.replace("算力", "数据"), encoding="utf-8")
    out = tmp_path / "out"
    first = build_to([folder], out, engine="dask", workers=2)
    assert (first.read, first.cached) == (13, 0)
    assert [Path(p.path).name for p in first.problems] == ["2024.txt", "bad.docx"]
    assert "kept apart as plan:甲市数字经济工作要点@2024.txt" in first.problems[0].message

    for name in names[10:]:
        shutil.copy(PLANS / name, folder)
    more = build_to([folder], out, engine="dask", workers=2)
    assert (more.read, more.cached) == (5, 12)  # and bad.docx again: it is not cached
    memory = build_to([folder], tmp_path / "memory", on_problem=lambda p: None)
    assert (out / "graph.json").read_bytes() == (tmp_path / "memory" / "graph.json").read_bytes()
    assert more.problems == memory.problems

    for name in names[:3]:
        (folder / name).unlink()
    fewer = build_to([folder], out, engine="dask", workers=2)
    assert (fewer.read, fewer.cached) == (1, 13)
    memory = build_to([folder], tmp_path / "memory", on_problem=lambda p: None)
    assert (out / "graph.json").read_bytes() == (tmp_path / "memory" / "graph.json").read_bytes()
    gone = read_graph(out)
    assert not [n for n in gone.nodes("Plan") if any(s in names[:3] for s in n["sources"])]


def test_the_cli_builds_on_a_local_cluster_and_says_where_the_dashboard_is(
        tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(PLANS / "01_guiyang.txt"), "--engine",
                                       "dask", "--workers", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Dask dashboard: http://127.0.0.1:" in result.output
    # its workers neither keep profiles nor allocate Arrow's memory from mimalloc (WORKER_CONFIG)
    assert "start them with" not in result.output
    assert f"wrote {tmp_path / 'o' / 'shards' / 'manifest.json'}" in result.output
    refused = CliRunner().invoke(main, ["build", "--scheduler", "tcp://127.0.0.1:1"])
    assert refused.exit_code == 2 and "--scheduler is an option of --engine dask" in \
        refused.output


def test_a_large_graph_is_not_written_as_single_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dask_engine, "SINGLE_FILES_LIMIT", 10)  # the plan has 43
    notes: list[str] = []
    result = build_to([PLANS / "01_guiyang.txt"], tmp_path, engine="dask", workers=1,
                      on_note=notes.append)
    assert [p.name for p in result.outputs] == ["manifest.json"]
    assert not (tmp_path / "graph.json").exists()
    assert any("graph.json, graph.graphml and graph.ttl not written" in n for n in notes)


# -- a real scheduler and workers ----------------------------------------------------------
@pytest.fixture
def dask_cluster(tmp_path: Path):
    """A ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 (no nanny, so that
    a killed worker stays dead); yields the address and the worker processes."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path,
             # started as a user starts them, not as the engine asks (WORKER_ENV), which a
             # local cluster of an earlier test may have put in this process's environment
             "env": {k: v for k, v in os.environ.items() if k not in dask_engine.WORKER_ENV}}
    processes = [subprocess.Popen([str(VENV_BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                   "--port", str(port), "--dashboard-address", "127.0.0.1:0"],
                                  **quiet)]
    try:
        for _ in range(2):
            processes.append(subprocess.Popen(
                [str(VENV_BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                 "--host", "127.0.0.1", "--no-dashboard"], **quiet))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, processes[1:]
    finally:
        for process in processes[::-1]:  # the workers, then the scheduler
            process.send_signal(signal.SIGTERM)
        for process in processes[::-1]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.server
def test_a_scheduler_and_two_workers_build_the_corpus(dask_cluster, tmp_path: Path) -> None:
    address, _ = dask_cluster
    result = CliRunner().invoke(main, ["build", "--engine", "dask", "--scheduler", address,
                                       "--out", str(tmp_path / "dask")])
    assert result.exit_code == 0, result.output
    # workers started without WORKER_ENV profile their tasks and keep what Arrow frees: the
    # build says so, and how to start them
    assert "profile their tasks" in result.output
    assert "allocate Arrow's memory from" in result.output
    assert "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False" in result.output
    assert "ARROW_DEFAULT_MEMORY_POOL=system" in result.output
    build_to(None, tmp_path / "memory", on_problem=lambda p: None)
    assert (tmp_path / "dask" / "graph.json").read_bytes() == \
        (tmp_path / "memory" / "graph.json").read_bytes()


@pytest.mark.server
def test_a_worker_killed_mid_build_changes_nothing(dask_cluster, tmp_path: Path) -> None:
    address, workers = dask_cluster
    out, done = tmp_path / "dask", []
    thread = threading.Thread(target=lambda: done.append(build_to(
        None, out, engine="dask", scheduler=address, cache=False,
        on_problem=lambda p: None)))
    thread.start()
    work = out / dask_engine.WORK_DIR / "docs"
    deadline = time.monotonic() + 60
    while not (work.exists() and any(work.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert thread.is_alive(), "the build ended before a worker could be killed"
    workers[0].kill()
    assert workers[0].wait(timeout=10) == -signal.SIGKILL
    thread.join(timeout=300)
    assert done, "the build did not finish"
    memory = build_to(None, tmp_path / "memory", on_problem=lambda p: None)
    assert (out / "graph.json").read_bytes() == (tmp_path / "memory" / "graph.json").read_bytes()
    assert done[0].problems == memory.problems
    nt = {line for path in (out / "shards" / "nt").glob("*.nt")
          for line in path.read_text("utf-8").splitlines(keepends=True)}
    assert nt == set(ntriples(read_graph(tmp_path / "memory")))


# -- bulk loads ----------------------------------------------------------------------------
@pytest.mark.server
def test_oxigraph_bulk_loaded_from_the_shards_answers_as_the_embedded_store(
        corpus_builds, tmp_path: Path) -> None:
    memory_out, _, dask_out, _ = corpus_builds
    location = tmp_path / "store"
    result = CliRunner().invoke(main, ["push", "sparql", "--bulk", "--graph", str(dask_out),
                                       "--location", str(location)])
    assert result.exit_code == 0, result.output
    triples = len(set(ntriples(read_graph(memory_out))))
    assert f"bulk load: {triples} triples" in result.output
    assert f"serve it: oxigraph serve --location {location}" in result.output
    kg = read_graph(memory_out)
    with oxigraph_server(location) as base:
        store = SparqlStore("dask", endpoint=f"{base}/update")
        for name in QUERIES:
            assert run_query(name, backend=store).rows == run_query(name, kg=kg).rows, name
        again = store.load(kg)  # an incremental push on top of the bulk load: nothing to do
        assert not again.full and again.subjects_inserted == again.subjects_deleted == 0
        changed = build_to([PLANS / "01_guiyang.txt", CORPUS_DIR], tmp_path / "more",
                           on_problem=lambda p: None)
        assert changed.counts["nodes"]["Plan"] == 37
        more = read_graph(tmp_path / "more")
        pushed = store.load(more)
        assert not pushed.full and 0 < pushed.subjects_inserted < pushed.subjects_unchanged
        for name in QUERIES:
            assert run_query(name, backend=store).rows == run_query(name, kg=more).rows, name


def test_load_neo4j_bulk_says_the_import_command(corpus_builds) -> None:
    _, _, dask_out, sharded = corpus_builds
    result = CliRunner().invoke(main, ["load", "neo4j", "--bulk", "--graph", str(dask_out)])
    assert result.exit_code == 0, result.output
    command = result.output[result.output.index("neo4j-admin"):]
    assert command.startswith("neo4j-admin database import full")
    assert "--array-delimiter=U+001F" in command
    files = command.replace("\\\n", " ").split()
    listed = [f for option in files if option.startswith(("--nodes=", "--relationships="))
              for f in option.split("=", 1)[1].split(",")]
    shards = sorted(str(p.resolve()) for p in (dask_out / "shards" / "neo4j-csv").iterdir())
    assert sorted(listed) == shards
    heads = [option.split("=", 1)[1].split(",")[0] for option in files
             if option.startswith(("--nodes=", "--relationships="))]
    assert all(head.endswith(".header.csv") for head in heads)
    assert len(heads) == len(sharded.counts["nodes"]) + len(sharded.counts["edges"]) == 23
    other = CliRunner().invoke(main, ["load", "neo4j", "--bulk", "--graph", str(dask_out),
                                      "--dataset", "other"])
    assert other.exit_code == 1 and "written for dataset 'dask'" in other.output
    counts = Counter(p.name.split(".")[0] for p in (dask_out / "shards" / "neo4j-csv").iterdir())
    assert counts["nodes_Plan"] == 7  # a header and six parts
