"""Putting a rendered tree in place without ever leaving it half-written.

Every file is first written to a staging directory beside the output; only when all of
them are there are they moved into place, one atomic rename each. Files are only
deleted when the previous run's manifest lists them, so nothing a person put in the
output directory is ever lost, and a file whose content did not change keeps its mtime.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.files import RenderedFile
from generator.fragments import Part, cut

MANIFEST = ".sparkgen-manifest"
# Staging directories beside the output are named .sparkgen-staging-<pid>-<random>.
STAGING_PREFIX = ".sparkgen-staging-"


@dataclass(frozen=True)
class Plan:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]  # generated earlier, no longer produced
    unchanged: int
    manifest_changed: bool  # the manifest is bookkeeping, so it is not listed above

    @property
    def is_clean(self) -> bool:
        return not (self.added or self.changed or self.removed or self.manifest_changed)

    @property
    def to_write(self) -> tuple[str, ...]:
        return (*self.added, *self.changed, *((MANIFEST,) if self.manifest_changed else ()))


_INPUTS_PREFIX = "# inputs "
_KEY_PREFIX = "# rendered "
_PART_PREFIX = "# part "
_OUTLINE_PREFIX = "# outline "


@dataclass(frozen=True)
class Manifest:
    """What the last run wrote: each file with the hash of its content, and the
    fingerprint of the inputs it was generated from."""

    inputs: str
    files: dict[str, str]  # path -> sha256 of the content
    # path -> RenderedFile.source_hash: the text black formatted into that content
    sources: dict[str, str] = field(default_factory=dict)
    # path -> RenderedFile.render_key: what the file was rendered from
    keys: dict[str, str] = field(default_factory=dict)
    # path -> RenderedFile.outline
    outlines: dict[str, str] = field(default_factory=dict)
    # path -> RenderedFile.parts: the fragments the file was assembled from
    parts: dict[str, list[Part]] = field(default_factory=dict)


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def read_manifest(out_dir: Path) -> Manifest:
    path = out_dir / MANIFEST
    inputs, files, sources, keys = "", {}, {}, {}
    parts: dict[str, list[Part]] = {}
    outlines: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for line in lines:
        if line.startswith(_INPUTS_PREFIX):
            inputs = line[len(_INPUTS_PREFIX) :].strip()
        elif line.startswith(_KEY_PREFIX):
            name, _, key = line[len(_KEY_PREFIX) :].strip().partition("  ")
            keys[name] = key.strip()
        elif line.startswith(_OUTLINE_PREFIX):
            name, _, outline = line[len(_OUTLINE_PREFIX) :].strip().partition("  ")
            outlines[name] = outline.strip()
        elif line.startswith(_PART_PREFIX):
            name, _, rest = line[len(_PART_PREFIX) :].strip().partition("  ")
            fields = rest.split()
            if len(fields) != 4 or not (fields[1].isdigit() and fields[2].isdigit()):
                parts[name] = []  # unreadable: the file's fragments are not used
                continue
            found = parts.setdefault(name, [])
            end = found[-1].start + found[-1].length if found else 0
            found.append(Part(fields[0], end + int(fields[1]), int(fields[2]), fields[3]))
        elif line and not line.startswith("#"):
            name, _, rest = line.partition("  ")
            digest, _, source = rest.strip().partition("  ")
            files[name] = digest.strip()
            if source.strip():
                sources[name] = source.strip()
    return Manifest(inputs, files, sources, keys, outlines, parts)


def with_manifest(files: list[RenderedFile], inputs: str = "") -> list[RenderedFile]:
    """The files plus the manifest that lists them, which is itself generated output."""
    lines = ["# Files written by sparkgen; only these are ever replaced or deleted by it."]
    if inputs:
        lines.append(_INPUTS_PREFIX + inputs)
    lines += [
        f"{f.path}  {content_hash(f.content)}" + (f"  {f.source_hash}" if f.source_hash else "")
        for f in sorted(files, key=lambda f: f.path)
    ]
    lines += [f"{_KEY_PREFIX}{f.path}  {f.render_key}" for f in sorted(files, key=lambda f: f.path) if f.render_key]
    lines += [f"{_OUTLINE_PREFIX}{f.path}  {f.outline}" for f in sorted(files, key=lambda f: f.path) if f.outline]
    for f in sorted(files, key=lambda f: f.path):
        end = 0  # each part: its key, the characters skipped since the last one, its length, its text's hash
        for part in f.parts:
            lines.append(f"{_PART_PREFIX}{f.path}  {part.key} {part.start - end} {part.length} {part.check}")
            end = part.start + part.length
    return [*files, RenderedFile(MANIFEST, "\n".join(lines) + "\n")]


def formatted_on_disk(out_dir: Path) -> dict[str, tuple[str, str]]:
    """Each module the last run formatted, still as it wrote it: path -> (the source hash
    black was given, the formatted text on disk). A file changed since is left out."""
    manifest = read_manifest(out_dir)
    found: dict[str, tuple[str, str]] = {}
    for name, source in manifest.sources.items():
        try:
            data = (out_dir / name).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == manifest.files.get(name):
            found[name] = (source, data.decode("utf-8"))
    return found


def rendered_on_disk(out_dir: Path) -> dict[str, RenderedFile]:
    """Each file the last run rendered with a render key, still as it wrote it: path ->
    the file (its key, its text on disk, the source hash black was given), marked
    formatted. A file changed since is left out."""
    manifest = read_manifest(out_dir)
    found: dict[str, RenderedFile] = {}
    for name, key in manifest.keys.items():
        try:
            data = (out_dir / name).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == manifest.files.get(name):
            found[name] = RenderedFile(
                name, data.decode("utf-8"), None, manifest.sources.get(name), key, formatted=True, outline=manifest.outlines.get(name)
            )
    return found


def fragments_on_disk(out_dir: Path) -> dict[str, str]:
    """The text of each fragment (``generator.fragments``) of the files the last run
    assembled from them, by key, where the file is still as it wrote it and every
    fragment's text has the hash the manifest records."""
    manifest = read_manifest(out_dir)
    found: dict[str, str] = {}
    for name, parts in manifest.parts.items():
        if not parts:
            continue
        try:
            data = (out_dir / name).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() != manifest.files.get(name):
            continue
        try:
            texts = cut(data.decode("utf-8"), parts)
        except UnicodeDecodeError:
            continue
        found.update(texts or {})
    return found


def is_current(out_dir: Path, inputs: str) -> bool:
    """Whether ``out_dir`` holds exactly what the last run wrote from these same inputs."""
    manifest = read_manifest(out_dir)
    if not inputs or manifest.inputs != inputs or not manifest.files:
        return False
    for name, digest in manifest.files.items():
        try:
            if hashlib.sha256((out_dir / name).read_bytes()).hexdigest() != digest:
                return False
        except OSError:
            return False
    return True


def plan(out_dir: Path, files: list[RenderedFile]) -> Plan:
    """Compare rendered files (manifest included) with what ``out_dir`` holds."""
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    manifest_changed = False
    for file in files:
        target = out_dir / file.path
        if target.is_file() and target.read_bytes() == file.content.encode("utf-8"):
            unchanged += file.path != MANIFEST
        elif file.path == MANIFEST:
            manifest_changed = True
        else:
            (changed if target.is_file() else added).append(file.path)
    produced = {f.path for f in files}
    removed = [p for p in read_manifest(out_dir).files if p not in produced and (out_dir / p).is_file()]
    return Plan(tuple(added), tuple(changed), tuple(sorted(removed)), unchanged, manifest_changed)


def write(out_dir: Path, files: list[RenderedFile], inputs: str = "") -> Plan:
    """Bring ``out_dir`` to exactly ``files`` (plus whatever sparkgen never wrote)."""
    files = with_manifest(files, inputs)
    result = plan(out_dir, files)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir.parent)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir.parent))
    try:
        to_write = [f for f in files if f.path in result.to_write]
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


def remove_stale_staging(directory: Path) -> list[Path]:
    """Delete the staging directories that killed runs left in ``directory``.

    A run that is killed while it writes (SIGKILL, power loss) cannot clean up, so the next
    run does. A staging directory is recognised by its name, which holds the id of the
    process that made it; it is stale when that process is gone. Nothing else is touched.
    """
    removed = []
    for path in directory.glob(f"{STAGING_PREFIX}*"):
        pid = path.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and path.is_dir() and not path.is_symlink() and not _is_running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _is_running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe liveness check: never delete
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _remove_empty_parents(root: Path, directory: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def unified_diff(out_dir: Path, files: list[RenderedFile], inputs: str = "") -> str:
    """What ``write`` would change, as a unified diff (stale files shown as deleted).

    The manifest is part of it: when only the inputs' fingerprint moved (the generator,
    its templates or black changed, but no output), that is the whole diff.
    """
    chunks: list[str] = []
    files = with_manifest(files, inputs)
    result = plan(out_dir, files)
    by_path = {f.path: f for f in files}
    for path in result.to_write:
        target = out_dir / path
        old = target.read_text(encoding="utf-8", errors="replace").splitlines(True) if target.is_file() else []
        new = by_path[path].content.splitlines(True)
        chunks += difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")
    for path in result.removed:
        old = (out_dir / path).read_text(encoding="utf-8", errors="replace").splitlines(True)
        chunks += difflib.unified_diff(old, [], f"a/{path}", "/dev/null")
    return "".join(chunks)
