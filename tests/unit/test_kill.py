"""Killing ``sparkgen generate`` midway never damages the output directory.

A run formats every file (the slow part) before it writes any, then writes them all to a
staging directory beside the output and renames each into place. So a run killed while
it loads or formats leaves the output exactly as it was, and leaves no staging directory
either: none exists yet. A run killed while it writes (a window of milliseconds) leaves
its staging directory ``.sparkgen-staging-<pid>-*`` behind, and the output with each file
either old or new (every rename is atomic); the next run removes the stale staging
directory, as long as the process that made it is gone, and completes the output.

The kills are real: SIGKILL to a ``sparkgen generate`` subprocess working on a synthetic
spec of 40 services (copies of spec/services/listings_documents.yaml with their names
made unique), large enough that formatting takes seconds. Linux only (/proc, signals).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.files import RenderedFile
from generator.write import STAGING_PREFIX, remove_stale_staging

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses SIGKILL and /proc")

ROOT = Path(__file__).resolve().parent.parent.parent
SPARKGEN = Path(sys.executable).parent / "sparkgen"
SERVICES = 40

Snapshot = dict[str, tuple[bytes, int] | None]  # path -> (bytes, mtime) or None for a directory


def synthetic_spec(target: Path, count: int = SERVICES) -> Path:
    """The real api.yaml and shared models, and ``count`` renamed copies of the documents service."""
    (target / "services").mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "api.yaml", target / "api.yaml")
    shutil.copytree(ROOT / "spec" / "models", target / "models")
    source = (ROOT / "spec" / "services" / "listings_documents.yaml").read_text(encoding="utf-8")
    for n in range(count):
        text = source.replace("accessor: listings.documents", f"accessor: listings.documents{n:02d}")
        text = text.replace("accessor: incomplete_listings.documents", f"accessor: incomplete_listings.documents{n:02d}")
        text = text.replace('service: "Listings: Documents"', f'service: "Listings: Documents {n:02d}"')
        (target / "services" / f"documents{n:02d}.yaml").write_text(text, encoding="utf-8")
    return target


def snapshot(directory: Path) -> Snapshot:
    return {
        p.relative_to(directory).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
        for p in sorted(directory.rglob("*"))
    }


def staging_dirs(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(STAGING_PREFIX))


@dataclass
class Setup:
    root: Path
    spec: Path
    populated: Path  # an output directory from an earlier run, the state to protect
    full_run: float  # seconds a whole run takes here

    def fresh_output(self, name: str) -> Path:
        """A copy of the populated output, alone in its own parent directory."""
        out = self.root / name / "out"
        shutil.copytree(self.populated, out, copy_function=shutil.copy2)
        return out

    def start(self, out: Path) -> subprocess.Popen[bytes]:
        """``sparkgen generate`` in its own session, from an empty working directory (so
        that black's cache is empty and every file really is formatted)."""
        cwd = out.parent / "cwd"
        cwd.mkdir()
        command = [str(SPARKGEN), "generate", "--spec", str(self.spec), "--out", str(out)]
        return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def session_processes(leader: int) -> list[int]:
    """Processes still in the session a test started (e.g. a pool's orphaned workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == leader:  # field 6 of /proc/<pid>/stat: the session id
                found.append(int(entry.name))
    return found


def end_session(leader: int) -> list[int]:
    """Kill, one by one by id, what is left of a session this test started."""
    left = session_processes(leader)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("kill")
    spec = synthetic_spec(root / "spec")
    populated = root / "populated"
    shutil.copytree(ROOT / "generated", populated, copy_function=shutil.copy2)
    # Time one whole run, and check what a normal run leaves beside its output.
    out = Setup(root, spec, populated, 0.0).fresh_output("timing")
    start = time.perf_counter()
    process = Setup(root, spec, populated, 0.0).start(out)
    stdout, stderr = process.communicate(timeout=180)
    elapsed = time.perf_counter() - start
    end_session(process.pid)
    assert process.returncode == 0, stderr.decode()
    assert staging_dirs(out.parent) == [], "a normal run must leave no staging directory"
    assert snapshot(out) != snapshot(populated), "the synthetic spec must rewrite the output"
    yield Setup(root, spec, populated, elapsed)


def test_a_whole_run_takes_long_enough_to_kill(setup: Setup) -> None:
    """The delays below are fractions of a whole run: it must be long enough to aim at."""
    assert setup.full_run > 1.0, f"a whole run took {setup.full_run:.2f} s"


# 0.4 s lands while the spec loads; the fractions land while the files are formatted.
@pytest.mark.parametrize("when", ["0.4s", "20%", "40%", "60%"])
def test_sigkill_leaves_the_output_as_it_was(setup: Setup, when: str) -> None:
    """A kill before the writes start changes nothing. On a busy machine a run's length
    varies, so a kill that lands after the run ended, or in its write window (it leaves a
    staging directory; see the test below), is aimed again at half the delay."""
    delay = float(when[:-1]) if when.endswith("s") else setup.full_run * float(when[:-1]) / 100
    for attempt in range(4):
        out = setup.fresh_output(f"kill-{when.strip('%s')}-{attempt}")
        before = snapshot(out)
        process = setup.start(out)
        try:
            time.sleep(delay)
            ended = process.poll() is not None
            if not ended:
                os.kill(process.pid, signal.SIGKILL)
                assert process.wait(timeout=30) == -signal.SIGKILL
        finally:
            end_session(process.pid)
        if ended or staging_dirs(out.parent):
            delay /= 2
            continue
        assert snapshot(out) == before, f"killed at {delay:.2f} s, the output directory changed"
        return
    pytest.fail(f"every kill landed after the writes began (last delay {delay * 2:.2f} s)")


def test_sigkill_leaves_no_worker_processes(setup: Setup) -> None:
    """Formatting runs in forked worker processes; they must not outlive a killed run.

    (They used to: each worker holds the others' ends of the pool's pipes, so none sees
    its parent die. generator/format.py now has them killed with their parent on Linux.)
    """
    out = setup.fresh_output("orphans")
    process = setup.start(out)
    try:
        time.sleep(setup.full_run * 0.3)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 2
        while session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_processes(process.pid) == [], "worker processes outlived the killed run"
    finally:
        end_session(process.pid)


KILL_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from generator.files import RenderedFile
from generator import write as w
real_replace = os.replace
def replace_then_die(src, dst):
    real_replace(src, dst)
    os.kill(os.getpid(), signal.SIGKILL)  # after the first file is in place
w.os.replace = replace_then_die
w.write(Path(sys.argv[1]), [RenderedFile(f"f{n}.txt", "new\\n") for n in range(5)])
"""


def test_a_kill_while_writing_leaves_staging_that_the_next_run_removes(tmp_path: Path) -> None:
    """The one window where a kill leaves something behind, and how it is cleaned up."""
    from generator.write import write

    out = tmp_path / "out"
    write(out, [RenderedFile(f"f{n}.txt", "old\n") for n in range(5)])
    (tmp_path / ".sparkgen-cache").mkdir()  # a sibling that only looks similar
    killed = subprocess.Popen([sys.executable, "-c", KILL_WHILE_WRITING, str(out)], cwd=ROOT, stderr=subprocess.PIPE)
    _, stderr = killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL, stderr.decode()
    (left,) = staging_dirs(tmp_path)
    assert left.startswith(f"{STAGING_PREFIX}{killed.pid}-")
    contents = sorted((out / f"f{n}.txt").read_text() for n in range(5))
    assert contents == ["new\n"] + ["old\n"] * 4  # each file old or new, never torn

    write(out, [RenderedFile(f"f{n}.txt", "new\n") for n in range(5)])
    assert staging_dirs(tmp_path) == []
    assert all((out / f"f{n}.txt").read_text() == "new\n" for n in range(5))
    assert (tmp_path / ".sparkgen-cache").is_dir()


def test_staging_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    """Two runs into the same parent at once: neither deletes the other's staging."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f"{STAGING_PREFIX}{sleeper.pid}-abc"
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
        dead = tmp_path / f"{STAGING_PREFIX}{dead_pid}-def"
        unrelated = tmp_path / f"{STAGING_PREFIX}notes"
        for path in (live, dead, unrelated):
            path.mkdir()
        assert remove_stale_staging(tmp_path) == [dead]
        assert live.is_dir() and unrelated.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
