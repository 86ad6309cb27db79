"""Putting a rendered tree in place without ever leaving it half-written.

Every file is first written to a staging directory beside the output; only when all of
them are there are they moved into place, one atomic rename each. Files are only
deleted when the previous run's manifest lists them, so nothing a person put in the
output directory is ever lost, and a file whose content did not change keeps its mtime.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.render import RenderedFile

MANIFEST = ".sparkgen-manifest"


@dataclass(frozen=True)
class Plan:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]  # generated earlier, no longer produced
    unchanged: int

    @property
    def is_clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def read_manifest(out_dir: Path) -> list[str]:
    path = out_dir / MANIFEST
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def with_manifest(files: list[RenderedFile]) -> list[RenderedFile]:
    """The files plus the manifest that lists them, which is itself generated output."""
    lines = ["# Files written by sparkgen; only these are ever replaced or deleted by it."]
    manifest = "\n".join(lines + sorted(f.path for f in files)) + "\n"
    return [*files, RenderedFile(MANIFEST, manifest)]


def plan(out_dir: Path, files: list[RenderedFile]) -> Plan:
    """Compare rendered files (manifest included) with what ``out_dir`` holds."""
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    for file in files:
        target = out_dir / file.path
        if not target.is_file():
            added.append(file.path)
        elif target.read_bytes() != file.content.encode("utf-8"):
            changed.append(file.path)
        else:
            unchanged += 1
    produced = {f.path for f in files}
    removed = [p for p in read_manifest(out_dir) if p not in produced and (out_dir / p).is_file()]
    return Plan(tuple(added), tuple(changed), tuple(sorted(removed)), unchanged)


def write(out_dir: Path, files: list[RenderedFile]) -> Plan:
    """Bring ``out_dir`` to exactly ``files`` (plus whatever sparkgen never wrote)."""
    files = with_manifest(files)
    result = plan(out_dir, files)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sparkgen-", dir=out_dir.parent))
    try:
        to_write = [f for f in files if f.path in {*result.added, *result.changed}]
        for file in to_write:
            staged = staging / file.path
            staged.parent.mkdir(parents=True, exist_ok=True)
            with open(staged, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(file.content)
        for file in to_write:
            target = out_dir / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / file.path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for path in result.removed:
        (out_dir / path).unlink()
        _remove_empty_parents(out_dir, (out_dir / path).parent)
    return result


def _remove_empty_parents(root: Path, directory: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def unified_diff(out_dir: Path, files: list[RenderedFile]) -> str:
    """What ``write`` would change, as a unified diff (stale files shown as deleted)."""
    chunks: list[str] = []
    files = with_manifest(files)
    result = plan(out_dir, files)
    by_path = {f.path: f for f in files}
    for path in [*result.added, *result.changed]:
        target = out_dir / path
        old = target.read_text(encoding="utf-8", errors="replace").splitlines(True) if target.is_file() else []
        new = by_path[path].content.splitlines(True)
        chunks += difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")
    for path in result.removed:
        old = (out_dir / path).read_text(encoding="utf-8", errors="replace").splitlines(True)
        chunks += difflib.unified_diff(old, [], f"a/{path}", "/dev/null")
    return "".join(chunks)
