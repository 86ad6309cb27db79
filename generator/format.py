"""Formatting of rendered text: black for Python, whitespace rules for everything else.

black costs about 0.1 ms per line, so it is the price of generation. Two things keep it
down: a cache of black's output keyed by a hash of its input (a module whose rendered
text did not change is not formatted again), and formatting the rest in worker
processes, one per core, when there is enough of it to pay for them.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from generator.files import RenderedFile

_BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=88)
_BLANK_RUNS = re.compile(r"\n{3,}")
# Everything that changes black's output, so a cache entry never outlives it.
_CACHE_SALT = f"black {getattr(black, '__version__')} {_BLACK_MODE!r}\n".encode()
# Below this many lines to format, starting worker processes costs more than it saves.
_PARALLEL_MIN_LINES = 3000
_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies
CACHE_KEEP = 4000  # entries kept; the least recently used beyond it are deleted


class FormatError(Exception):
    """A template produced text that is not valid in its language (a generator bug)."""


def format_python(path: str, source: str) -> str:
    try:
        return black.format_str(source, mode=_BLACK_MODE)
    except InvalidInput as exc:
        raise FormatError(f"{path}: the rendered module is not valid Python: {exc}") from None


def format_text(source: str) -> str:
    """Markdown, YAML and TOML: no trailing spaces, no runs of blank lines, one final newline."""
    lines = [line.rstrip() for line in source.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def format_file(file: RenderedFile) -> RenderedFile:
    if file.copied_from is not None:
        return file
    if file.path.endswith(".py"):
        return RenderedFile(file.path, format_python(file.path, file.content))
    return RenderedFile(file.path, format_text(file.content))


def source_hash(source: str) -> str:
    """What the manifest records of a module's rendered text: black's output for it is
    fully determined by this hash (black's version and mode are in it)."""
    return hashlib.sha256(_CACHE_SALT + source.encode("utf-8")).hexdigest()


def format_files(
    files: list[RenderedFile],
    cache_dir: Path | None = None,
    previous: dict[str, tuple[str, str]] | None = None,
) -> list[RenderedFile]:
    """Format every file, taking black's output from the previous run's output where
    the manifest shows it was formatted from the same text (``previous``, from
    ``write.formatted_on_disk``: a fresh clone has it), else from the cache."""
    cache = FormatCache(cache_dir) if cache_dir is not None else None
    previous = previous or {}
    done: dict[str, str] = {}
    sources = {
        f.path: f.source_hash if f.formatted else source_hash(f.content)
        for f in files
        if f.copied_from is None and f.path.endswith(".py")
    }
    todo: list[RenderedFile] = []
    for file in files:
        if file.formatted:
            done[file.path] = file.content  # the previous output's, for the same render key
        elif file.copied_from is not None:
            done[file.path] = file.content  # the runtime is kept formatted where it is written
        elif not file.path.endswith(".py"):
            done[file.path] = format_text(file.content)
        elif (known := previous.get(file.path)) is not None and known[0] == sources[file.path]:
            done[file.path] = known[1]
        elif cache is not None and (hit := cache.get(file.content)) is not None:
            done[file.path] = hit
        else:
            todo.append(file)
    for file, formatted in zip(todo, _format_python_files(todo)):
        done[file.path] = formatted
        if cache is not None:
            cache.put(file.content, formatted)
    if cache is not None and todo:
        cache.prune()
    return [
        # A file's parts hold only while formatting left its text as it was.
        RenderedFile(f.path, done[f.path], f.copied_from, sources.get(f.path), f.render_key, outline=f.outline, parts=f.parts if done[f.path] == f.content else ())
        for f in files
    ]


def _format_python_files(files: list[RenderedFile]) -> list[str]:
    workers = min(os.cpu_count() or 1, len(files))
    lines = sum(f.content.count("\n") for f in files)
    if workers < 2 or lines < _PARALLEL_MIN_LINES:
        return [format_python(f.path, f.content) for f in files]
    # fork: the workers start with black already imported by this process.
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    with pool:
        chunk = max(1, len(files) // (workers * 4))
        return list(pool.map(format_python, [f.path for f in files], [f.content for f in files], chunksize=chunk))


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the generator does, even if it is killed outright.

    Workers hold each other's ends of the pool's pipes, so they would not notice their
    parent's death by themselves. Linux can send them a signal then; elsewhere a killed
    run may leave idle workers behind.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


class FormatCache:
    """black's output by hash of its input, one small file per entry."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "format"

    def _entry(self, source: str) -> Path:
        digest = hashlib.sha256(_CACHE_SALT + source.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / digest

    def get(self, source: str) -> str | None:
        entry = self._entry(source)
        try:
            text = entry.read_text(encoding="utf-8")
        except OSError:
            return None
        os.utime(entry)  # recently used: kept by prune()
        return text

    def put(self, source: str, formatted: str) -> None:
        entry = self._entry(source)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            partial = entry.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(formatted, encoding="utf-8")
            os.replace(partial, entry)
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def prune(self) -> None:
        """Keep the cache bounded: drop the least recently used entries beyond CACHE_KEEP."""
        try:
            entries = [p for p in self.directory.glob("*/*") if p.is_file()]
        except OSError:
            return
        if len(entries) <= CACHE_KEEP:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for stale in entries[: len(entries) - CACHE_KEEP]:
            stale.unlink(missing_ok=True)
