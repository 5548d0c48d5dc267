"""iter_files: recursive, sorted, deterministic discovery that survives loops and bad paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policykg.loaders import LoadError
from policykg.loaders.files import iter_files


def _tree(root: Path) -> None:
    for name in ["b.txt", "a.md", "c.html", "d.htm", "e.docx", "f.pdf", "skip.csv", ".hidden.txt",
                 "~$lock.docx", "sub/z.txt", "sub/deeper/y.pdf", ".git/x.txt"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_walks_folders_recursively_sorted(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.md", "b.txt", "c.html", "d.htm", "e.docx", "f.pdf",
                     "sub/deeper/y.pdf", "sub/z.txt"]


def test_explicit_files_come_in_given_order_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    given = [tmp_path / "skip.csv", tmp_path / "b.txt", tmp_path, tmp_path / "b.txt"]
    found = [p.name for p in iter_files(given)]
    assert found[:2] == ["skip.csv", "b.txt"]
    assert found.count("b.txt") == 1
    assert len(found) == 9


def test_survives_a_symlink_loop(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert len(found) == len(set(found)) == 8


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        list(iter_files([tmp_path / "nope"]))
    assert err.value.reason == "no such file or directory"
    assert str(err.value) == f"{tmp_path / 'nope'}: no such file or directory"


def test_on_error_reports_and_goes_on(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.symlink(tmp_path / "gone", tmp_path / "broken.txt")
    errors: list[LoadError] = []
    found = list(iter_files([tmp_path / "nope", tmp_path / "sub", tmp_path / "broken.txt"],
                            on_error=errors.append))
    assert [p.name for p in found] == ["y.pdf", "z.txt"]
    assert [e.reason for e in errors] == ["no such file or directory", "broken symbolic link"]


def test_broken_and_looping_links_in_a_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
    os.symlink(tmp_path / "gone", tmp_path / "not-a-document")
    errors: list[LoadError] = []
    found = list(iter_files([tmp_path], on_error=errors.append))
    assert [p.name for p in found] == ["a.txt"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("broken.txt", "broken symbolic link"), ("loop.md", "symbolic link loop")]
