"""Bounded readers and isolated workers: a zip-bomb .docx beside a good plan is named and
refused while the plan is built (exit 0) and no process of the build grows past 2 GB; a worker
killed by a signal while it reads a file costs only that file; a PDF with a stream that inflates
past the limit and a file over the size limit are refused with the limit named."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from policykg.graph.build import Problem, build
from policykg.loaders import LoadError
from policykg.loaders.formats import read_file
from policykg.loaders.limits import Limits

PLAN = ("{place}数字乡村建设行动方案\n一、重点任务\n"
        "1. 建设益农信息服务站。（牵头单位：{level}农业农村局；配合单位：{level}商务局）\n")
GB = 1_000_000_000


def write_bomb(path: Path, inflated: int = GB) -> None:
    """A .docx whose document.xml inflates to ``inflated`` bytes from about 3 MB."""
    chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(inflated // len(chunk)):
                member.write(chunk)


class PeakMemory:
    """The largest resident size of a process and its children, sampled while it runs."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.root = psutil.Process(process.pid)
        self.peak = 0
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while True:
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                self.peak = max(self.peak, *(p.memory_info().rss for p in processes))
            except psutil.NoSuchProcess:
                if not self.root.is_running():
                    return
            time.sleep(0.02)


def run_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg.cli", "build", *args],
                          capture_output=True, text=True, timeout=600)


def test_a_zip_bomb_beside_a_good_plan_is_refused_and_the_plan_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_bomb(folder / "bomb.docx")
    (folder / "plan.txt").write_text(PLAN.format(place="己市", level="市"), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "build", str(folder),
                                "--out", str(out), "--workers", "2", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    assert memory.peak < 2 * GB
    (line,) = stderr.strip().splitlines()
    assert str(folder / "bomb.docx") in line
    assert "word/document.xml would inflate" in line and "refused as a zip bomb" in line
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in graph["nodes"] if n["type"] == "Plan"] == ["己市数字乡村建设行动方案"]


def test_a_worker_killed_by_a_signal_costs_only_its_file(tmp_path):
    """A watchdog plays the kernel's out-of-memory killer: it kills any process of the build
    that has used more than 2 s of CPU, which only the process reading the big file does."""
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = Path(__file__).parents[1] / "corpus" / "002_19fc23e80da6329a.txt"
    (folder / "m_big.txt").write_text(corpus.read_text(encoding="utf-8") * 10, encoding="utf-8")
    for name, place in (("a_first.txt", "庚市"), ("z_last.txt", "辛市")):
        (folder / name).write_text(PLAN.format(place=place, level="市"), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "build", str(folder),
                                "--out", str(out), "--workers", "2", "--quiet", "--no-cache"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = []

    def watchdog() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                for child in root.children(recursive=True):
                    if sum(child.cpu_times()[:2]) > 2.0:
                        child.kill()
                        killed.append(child.pid)
            except psutil.NoSuchProcess:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    _, stderr = process.communicate(timeout=600)
    thread.join()
    assert len(killed) >= 2  # the pool's worker, then the process that read the file again
    assert process.returncode == 0, stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith(f"warning: {folder / 'm_big.txt'}: the process reading it died "
                           "(killed by SIGKILL)")
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert sorted(n["name"] for n in graph["nodes"] if n["type"] == "Plan") == [
        "庚市数字乡村建设行动方案", "辛市数字乡村建设行动方案"]


def test_the_limits_are_options_and_name_themselves(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.format(place="壬市", level="市") * 100, encoding="utf-8")
    with pytest.raises(LoadError, match=r"over the limit of 0 MB \(--max-file-mb\)"):
        read_file(text, Limits(file_mb=0.001))
    small = tmp_path / "small.docx"
    write_bomb(small, inflated=20_000_000)
    with pytest.raises(LoadError, match=r"inflate past|inflate to more than 10 MB"):
        read_file(small, Limits(inflated_mb=10, ratio=10_000))
    problems: list[Problem] = []
    build([small, text], on_problem=problems.append, limits=Limits(ratio=10))
    (problem,) = problems
    assert problem.path == str(small) and "limit 10, --max-ratio" in problem.message


def test_a_pdf_stream_that_inflates_past_the_limit_is_refused(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    for n in range(3000):
        pdf.cell(text=f"line {n} " * 8, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    assert read_file(path).text.startswith("line 0")
    with pytest.raises(LoadError, match=r"a stream would inflate past 0 MB \(--max-inflated-mb\)"):
        read_file(path, Limits(inflated_mb=0.01))
