"""Formatting of rendered text: black for Python, whitespace rules for everything else.

black costs about 0.1 ms per line, so it is the price of generation. Two things keep it
down: a cache of black's output keyed by a hash of its input (a module whose rendered
text did not change is not formatted again), and formatting the rest in worker
processes, one per core, when there is enough of it to pay for them.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import re
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
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
    with Formatter(cache_dir, previous) as formatter:
        return formatter.format(files)


class Formatter:
    """Formats a run's rendered files, and may start on modules while the rest of the
    project still renders (``offer``): once enough lines wait for black, worker
    processes start and format them meanwhile, so that on a machine with more than one
    core black's time (most of a cold run) overlaps rendering's instead of following it.
    """

    def __init__(self, cache_dir: Path | None = None, previous: dict[str, tuple[str, str]] | None = None) -> None:
        self.cache = FormatCache(cache_dir) if cache_dir is not None else None
        self.previous = previous or {}
        self._waiting: list[RenderedFile] = []
        self._waiting_lines = 0
        self._pool: ProcessPoolExecutor | None = None
        self._started: dict[str, tuple[str, Future[str]]] = {}  # path -> (its text, black's output)

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def offer(self, file: RenderedFile) -> None:
        """A module rendered early: hand it to black now if it will need it."""
        if not file.path.endswith(".py") or self._without_black(file, self._source(file)) is not None:
            return
        self._waiting.append(file)
        self._waiting_lines += file.content.count("\n")
        if self._pool is None and self._waiting_lines >= _PARALLEL_MIN_LINES:
            self._pool = _start_pool()
        if self._pool is not None:
            for waiting in self._waiting:
                self._started[waiting.path] = (waiting.content, self._pool.submit(format_python, waiting.path, waiting.content))
            self._waiting.clear()

    def format(self, files: list[RenderedFile]) -> list[RenderedFile]:
        """Every file formatted, in order (those ``offer`` started, from their workers)."""
        sources = {f.path: self._source(f) for f in files if f.copied_from is None and f.path.endswith(".py")}  # fmt: skip
        done: dict[str, str] = {}
        todo: list[RenderedFile] = []
        for file in files:
            ready = self._without_black(file, sources.get(file.path))
            if ready is not None:
                done[file.path] = ready
            else:
                todo.append(file)
        for file, formatted in zip(todo, self._black(todo)):
            done[file.path] = formatted
            if self.cache is not None:
                self.cache.put(file.content, formatted)
        if self.cache is not None and todo:
            self.cache.prune()
        return [
            # A file's parts hold only while formatting left its text as it was.
            RenderedFile(f.path, done[f.path], f.copied_from, sources.get(f.path), f.render_key, outline=f.outline, parts=f.parts if done[f.path] == f.content else ())
            for f in files
        ]

    @staticmethod
    def _source(file: RenderedFile) -> str | None:
        """What the manifest records of the module: the hash of the text black was given."""
        return file.source_hash if file.formatted else source_hash(file.content)

    def _without_black(self, file: RenderedFile, source: str | None) -> str | None:
        """The file's formatted text when black need not run on it, else None."""
        if file.formatted or file.copied_from is not None:
            return file.content  # the previous output's (same render key); the runtime, kept formatted
        if not file.path.endswith(".py"):
            return format_text(file.content)
        known = self.previous.get(file.path)
        if known is not None and known[0] == source:
            return known[1]
        return self.cache.get(file.content) if self.cache is not None else None

    def _black(self, files: list[RenderedFile]) -> list[str]:
        started = [self._started.get(f.path) for f in files]
        rest = [f for f, s in zip(files, started) if s is None or s[0] != f.content]
        lines = sum(f.content.count("\n") for f in rest)
        if self._pool is None and lines >= _PARALLEL_MIN_LINES:
            self._pool = _start_pool()
        if self._pool is None:
            formatted = iter([format_python(f.path, f.content) for f in rest])
        else:
            chunk = max(1, len(rest) // 8)
            formatted = self._pool.map(format_python, [f.path for f in rest], [f.content for f in rest], chunksize=chunk)
        return [s[1].result() if s is not None and s[0] == f.content else next(formatted) for f, s in zip(files, started)]


def _start_pool() -> ProcessPoolExecutor | None:
    """One worker per core, forked so that they start with black imported and warm (its
    grammar loaded once, here, not in each worker); none on a single core, where
    workers would only add their start-up."""
    workers = os.cpu_count() or 1
    if workers < 2:
        return None
    format_python("warm.py", "pass\n")
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_init_worker, initargs=(os.getpid(),))


def _init_worker(parent: int) -> None:
    """A worker collects black's cyclic garbage (the generator may have forked it with
    collection off), and ends when the generator does."""
    gc.enable()
    _die_with_parent(parent)


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
