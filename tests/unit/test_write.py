"""Writes: only changed files touched, stale generated files removed, others never."""

from __future__ import annotations

import os
from pathlib import Path

from generator.files import RenderedFile
from generator.write import MANIFEST, plan, unified_diff, with_manifest, write


def files(**contents: str) -> list[RenderedFile]:
    return [RenderedFile(path.replace("__", "/"), text) for path, text in contents.items()]


def test_first_write_creates_everything_and_a_manifest(tmp_path: Path) -> None:
    result = write(tmp_path, files(a__x_py="x\n", b_md="b\n"))
    assert sorted(result.added) == ["a/x_py", "b_md"]
    assert result.manifest_changed
    assert (tmp_path / "a" / "x_py").read_text() == "x\n"
    assert "a/x_py" in (tmp_path / MANIFEST).read_text()


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    write(tmp_path, files(a="1\n", b="2\n"))
    os.utime(tmp_path / "a", (1_000_000, 1_000_000))
    result = write(tmp_path, files(a="1\n", b="3\n"))
    assert result.changed == ("b",)
    assert (tmp_path / "a").stat().st_mtime == 1_000_000


def test_stale_generated_files_go_but_foreign_files_stay(tmp_path: Path) -> None:
    write(tmp_path, files(keep="1\n", old__gone="2\n"))
    (tmp_path / "notes.txt").write_text("mine")
    result = write(tmp_path, files(keep="1\n"))
    assert result.removed == ("old/gone",)
    assert not (tmp_path / "old").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_no_staging_directory_is_left_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, files(a="1\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_plan_and_diff_describe_the_change(tmp_path: Path) -> None:
    write(tmp_path, files(a="old\n"))
    new = with_manifest(files(a="new\n"))
    assert plan(tmp_path, new).changed == ("a",)
    diff = unified_diff(tmp_path, files(a="new\n"))
    assert "-old\n+new\n" in diff
    assert plan(tmp_path, with_manifest(files(a="old\n"))).is_clean
