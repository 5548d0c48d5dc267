"""Hostile input through the command line: one batch holding every kind of bad file beside good
plans in three encodings, an output folder that can't be written, and a rebuild that fails
while writing. Each bad file gets one line on stderr naming it and the reason; the rest is
built; no output is ever left half-written."""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.atomic import all_or_nothing, atomic_write

PLANS = {  # file name: (encoding, text)
    "utf8.txt": ("utf-8", "甲市人工智能行动方案\n一、重点任务\n"
                          "1. 建设算力平台。（牵头单位：市科技局；配合单位：市财政局）\n"
                          "2. 培育人才队伍。（牵头单位：市教育局）\n"),
    "gb18030.txt": ("gb18030", "乙市数字经济发展实施意见\n一、重点任务\n"
                               "1. 建设数据中心。（牵头单位：市发展改革委；配合单位：市工信局）\n"
                               "2. 推进数据开放。（牵头单位：市大数据局）\n"),
    "utf16.txt": ("utf-16", "丙市智能制造若干政策\n一、重点任务\n"
                            "1. 支持企业技术改造。（牵头单位：市工信局）\n"
                            "2. 建设工业互联网平台。（牵头单位：市科技局；配合单位：市商务局）\n"),
    "unbalanced.txt": ("utf-8", "丁市智慧城市行动方案\n一、重点任务\n"
                                "1. 建设城市大脑。（牵头单位：市数据局；配合单位：市公安局\n"
                                "2. 推广智慧社区。（牵头单位：市民政局）\n"),
}
TASKS = {"甲市人工智能行动方案": 2, "乙市数字经济发展实施意见": 2, "丙市智能制造若干政策": 2,
         "丁市智慧城市行动方案": 2}  # the broken annotation keeps its task


def _pdf(path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("pypdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Action plan")
    path.write_bytes(bytes(pdf.output())[:300])


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder of good and bad files, and for each bad path the reason to be given."""
    folder = tmp_path_factory.mktemp("batch")
    for name, (encoding, text) in PLANS.items():
        (folder / name).write_bytes(text.encode(encoding))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(random.Random(7).randbytes(4096))
    (folder / "one-line.txt").write_bytes("人工智能产业创新发展".encode() * 1_700_000)  # 51 MB
    (folder / "not-a-zip.docx").write_bytes(b"PK but not a zip document")
    _pdf(folder / "truncated.pdf")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    os.symlink(".", folder / "again")  # a folder loop: walked once, nothing to say
    reasons = {"empty.txt": "empty file", "random.txt": "cannot decode",
               "one-line.txt": "a paragraph of 17,000,000 characters",
               "not-a-zip.docx": "not a readable .docx file",
               "truncated.pdf": "not a readable PDF", "loop.txt": "symbolic link loop",
               "unbalanced.txt": "unclosed bracket", "nowhere": "no such file or directory"}
    return folder, reasons


@pytest.fixture(scope="module")
def batch_build(batch, tmp_path_factory):
    folder, _ = batch
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(folder), str(folder / "nowhere"),
                                       "--out", str(out)])
    return out, result


def test_each_bad_file_gets_one_line_naming_it_and_its_reason(batch, batch_build):
    folder, reasons = batch
    _, result = batch_build
    lines = result.stderr.splitlines()
    assert len(lines) == len(reasons), lines
    for name, reason in reasons.items():
        (line,) = [line for line in lines if f"{folder / name}:" in line]
        assert reason in line


def test_the_rest_of_the_batch_is_built(batch_build):
    out, result = batch_build
    assert result.exit_code == 0, result.output
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    plans = {n["id"]: n["name"] for n in graph["nodes"] if n["type"] == "Plan"}
    tasks = [n for n in graph["nodes"] if n["type"] == "Task"]
    assert sorted(plans.values()) == sorted(TASKS)
    for plan, name in plans.items():
        assert sum(t["plan"] == plan for t in tasks) == TASKS[name]
    leads = {(e["source"], e["file"]) for e in graph["edges"] if e["type"] == "LEADS"}
    assert ("dept:乙市/市大数据局", "gb18030.txt") in leads
    assert ("dept:丙市/市工业和信息化局", "utf16.txt") in leads
    assert not list(out.glob(".*.tmp"))


def test_an_output_folder_under_a_file_fails_cleanly(tmp_path):
    (tmp_path / "plan.txt").write_text(PLANS["utf8.txt"][1], encoding="utf-8")
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "taken" / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "plan.txt"), "--out", str(out)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert f"{out}: cannot write the outputs" in line and "Not a directory" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt", "taken"]
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file, not a folder"


def _build(corpus: Path, out: Path, file_size_limit: int | None = None):
    """``policykg build`` in its own process; writes beyond ``file_size_limit`` bytes fail as on
    a full disk (EFBIG), whoever runs the test (chmod does not stop root)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "policykg.cli", "build", str(corpus),
                           "--out", str(out), "--quiet", "--no-cache"],
                          capture_output=True, text=True, check=False,
                          preexec_fn=limit if file_size_limit else None)


def test_a_failed_rebuild_leaves_the_previous_build_untouched(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for name in ("utf8.txt", "gb18030.txt"):
        encoding, text = PLANS[name]
        (corpus / name).write_bytes(text.encode(encoding))
    assert _build(corpus, out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    sizes = sorted(map(len, before.values()))
    assert sizes[-1] - sizes[0] > 1000  # one output fits under the limit, another does not
    (corpus / "utf8.txt").write_text(PLANS["utf8.txt"][1].replace("市财政局", "市审计局"),
                                     encoding="utf-8")
    failed = _build(corpus, out, file_size_limit=(sizes[0] + sizes[-1]) // 2)
    assert failed.returncode == 1
    (line,) = failed.stderr.splitlines()
    assert f"{out}: cannot write the outputs" in line and "File too large" in line
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_outputs_are_renamed_all_together_or_not_at_all(tmp_path):
    (tmp_path / "a.txt").write_text("old a", encoding="utf-8")
    with pytest.raises(RuntimeError), all_or_nothing():
        with atomic_write(tmp_path / "a.txt") as handle:
            handle.write("new a")
        raise RuntimeError("the second output failed")
    (tmp_path / "b").mkdir()
    with pytest.raises(IsADirectoryError), all_or_nothing():
        for name in ("a.txt", "b"):
            with atomic_write(tmp_path / name) as handle:
                handle.write("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old a"
