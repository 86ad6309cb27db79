"""What every benchmark shares: child processes with their own peak memory, repetition
under a time budget, and medians.

Why a child process per run: generation is measured as users meet it (a fresh
``sparkgen`` process, interpreter start included), and ``os.wait4`` then gives that one
child's peak RSS. ``resource.getrusage(RUSAGE_CHILDREN)`` would not: it is the maximum
over every child this process ever waited for, so after the 500-service run every later
reading would repeat it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
BIN = Path(sys.executable).parent  # the bench venv's scripts: sparkgen, peers, ruff

T = TypeVar("T")


class BenchError(RuntimeError):
    """A real failure (a crash, a wrong output): ``make bench`` must exit non-zero.

    A missed performance target is never one: targets are reported, not asserted.
    """


class Unavailable(RuntimeError):
    """A peer tool cannot run on this machine (no Java, no network): recorded, skipped."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured child process.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: this workplace sets it, and with it every
    fresh process would compile the generator's and the SDK's sources again, a cost no
    user with an installed package pays. The bench venv's ``bin`` goes first on ``PATH``
    because openapi-python-client runs ``ruff`` from ``PATH`` after generating.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)  # `python -m bench.<part>` from any working directory
    if extra:
        env.update(extra)
    return env


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process: wall time, its own peak RSS, and what it printed."""

    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str

    def tail(self, lines: int = 25) -> str:
        return "\n".join((self.stdout + "\n" + self.stderr).strip().splitlines()[-lines:])


def run_process(
    command: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600.0,
) -> ProcessRun:
    """Run ``command`` to completion and time it from spawn to exit.

    Output goes to temporary files, not pipes, so a chatty child can never block on a
    full pipe while we sit in ``wait4``. On timeout the child (and only it, by pid) is
    killed and the run reported as failed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in command], cwd=cwd, env=dict(env or child_env()), stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            seconds=seconds,
            max_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux; wait4 includes the child's own reaped children
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def repeat(run: Callable[[int], T], reps: int, budget: float) -> list[T]:
    """Call ``run(i)`` ``reps`` times, or fewer once ``budget`` seconds are spent (at least once).

    Why a budget: the same harness must stay under a minute (QUICK) or ten (full) while the
    generator it measures gets several times faster or slower; a fast tool earns more
    repetitions, a slow one is still measured. Every result records how many runs it had.
    """
    results: list[T] = []
    started = time.perf_counter()
    for i in range(reps):
        results.append(run(i))
        if time.perf_counter() - started > budget:
            break
    return results


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def count_lines(root: Path, suffixes: tuple[str, ...] = (".py",)) -> int:
    """Lines of every file under ``root`` with one of ``suffixes`` (all text files for ``()``)."""
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and (not suffixes or path.suffix in suffixes) and "__pycache__" not in path.parts:
            try:
                total += path.read_bytes().count(b"\n")
            except OSError:
                continue
    return total


def log(message: str) -> None:
    """Progress on stderr, so a long run shows where it is and stdout stays the table."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)
