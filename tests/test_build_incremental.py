"""Parallel and cached builds give exactly the graph of a plain build; a changed file is read
again and replaces its own contributions only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from policykg.corpus import CORPUS_DIR
from policykg.graph.build import PART_BYTES, build, parts_of, read_file, read_files
from policykg.graph.cache import ExtractionCache, load_document
from policykg.loaders.extract import Extraction, Part, extract_file

PLAN = "甲市人工智能行动方案\n一、重点任务\n1. 建设平台。（牵头单位：市科技局；配合单位：市财政局）\n"


def test_two_workers_build_the_same_graph():
    assert build(workers=2).to_dict() == build(workers=1).to_dict()


def test_workers_hand_back_the_records_in_file_order(tmp_path):
    files = sorted(CORPUS_DIR.glob("*.txt"))
    files.insert(2, tmp_path / "gone.txt")  # listed, then deleted before it was read
    read = list(read_files(files, workers=2))
    assert [Path(e.path).name for e in read] == [f.name for f in files]
    assert read[2].failed and not any(e.failed for e in read[:2] + read[3:])


def test_a_cached_rebuild_equals_a_clean_build(tmp_path):
    cache = tmp_path / "cache"
    first = build(cache_dir=cache).to_dict()
    assert len(list(cache.rglob("*.pickle"))) == len(list(CORPUS_DIR.glob("*.txt")))
    assert build(cache_dir=cache).to_dict() == first == build().to_dict()


def test_a_cache_written_by_workers_serves_a_rebuild(tmp_path):
    cache = tmp_path / "cache"
    first = build(cache_dir=cache, workers=2).to_dict()
    entries = sorted(cache.rglob("*.pickle"))
    assert len(entries) == len(list(CORPUS_DIR.glob("*.txt")))
    stamps = [entry.stat().st_mtime_ns for entry in entries]
    assert build(cache_dir=cache, workers=1).to_dict() == first == build().to_dict()
    assert [entry.stat().st_mtime_ns for entry in entries] == stamps  # read, not written again


def test_a_cache_written_with_the_documents_pickled_serves_a_rebuild(tmp_path):
    """read_file (the dask engine's) stores each document's own pickles, the ones it returns."""
    cache = ExtractionCache(tmp_path / "cache")
    files = sorted(CORPUS_DIR.glob("*.txt"))
    for path in files:
        extraction, documents, was_read = read_file(path, cache)
        assert was_read and [load_document(d.rest, d.passages) for d in documents] \
            == extraction.documents
        assert cache.get(path) == extraction
        again, documents, was_read = read_file(path, cache)
        assert not was_read and again == extraction
        assert [load_document(d.rest, d.passages) for d in documents] == extraction.documents
        assert all(not load_document(d.rest, None).passages for d in documents)
    assert build(files, cache_dir=tmp_path / "cache").to_dict() == build(files).to_dict()


def test_a_changed_file_replaces_only_its_own_contributions(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    shutil.copy(CORPUS_DIR / "004_568e6f9c64701c30.txt", corpus)
    (corpus / "a.txt").write_text(PLAN, encoding="utf-8")
    before = build([corpus], cache_dir=cache).to_dict()
    (corpus / "a.txt").write_text(PLAN.replace("市财政局", "市教育局"), encoding="utf-8")
    after = build([corpus], cache_dir=cache)
    assert after.to_dict() == build([corpus]).to_dict()  # the cache gave no stale record
    changed = {e["source"] for e in after.edges("SUPPORTS") if e["file"] == "a.txt"}
    assert changed == {"dept:甲市/市教育局"}
    untouched = [e for e in before["edges"] if e.get("file") == "004_568e6f9c64701c30.txt"]
    assert untouched and all(e in after.to_dict()["edges"] for e in untouched)


def test_a_corrupt_cache_entry_is_read_again(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    cache = tmp_path / "cache"
    expected = build([tmp_path / "a.txt"], cache_dir=cache).to_dict()
    (entry,) = cache.rglob("*.pickle")
    entry.write_bytes(b"garbage")
    assert ExtractionCache(cache).get(tmp_path / "a.txt") is None
    assert build([tmp_path / "a.txt"], cache_dir=cache).to_dict() == expected


def test_the_graph_does_not_depend_on_the_hash_seed():
    """Worker processes and separate runs hash strings differently: no choice may follow a
    set's iteration order."""
    script = ("import json; from policykg.graph.build import build; "
              "print(json.dumps(build(on_problem=lambda p: None).to_dict(), ensure_ascii=False))")
    graphs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
              for seed in ("1", "2", "3")}
    assert len(graphs) == 1


def test_a_large_file_is_read_in_parts_as_a_whole(tmp_path):
    """A compilation of many plans is read by every worker, each reading its part of the
    plans (``parts_of``); the file's own problems come once, with its first part."""
    plans = [PLAN.replace("甲市", city) for city in "乙丙丁戊"]
    contents = "".join(f"{n}. {plan.split()[0]} {n * 3}\n" for n, plan in enumerate(plans, 1))
    text = "目录\n" + contents + "编印说明。（牵头单位：市档案馆）\n" + "".join(plans)
    path = tmp_path / "book.txt"
    path.write_text(text + " " * 2 * PART_BYTES, encoding="utf-8")  # blank: no plan text
    size = path.stat().st_size
    assert parts_of(size, 2, size) == 2 and parts_of(size, 1, size) == 1
    assert parts_of(size, 2, size * 8) == 1  # among files of like size: whole
    whole = extract_file(path)
    parts = [extract_file(path, part=Part(index, 2)) for index in range(2)]
    assert [len(p.documents) for p in parts] == [2, 2]
    assert whole.problems and parts[0].problems == whole.problems and not parts[1].problems
    assert Extraction.joined(parts) == whole
    (read,) = read_files([path], workers=2, cache_dir=tmp_path / "cache")
    assert read == whole
    assert ExtractionCache(tmp_path / "cache").get(path) == whole  # stored once joined
    died = Extraction(str(path), problems=["the process reading it died"], failed=True)
    assert Extraction.joined([parts[0], died]) is died
