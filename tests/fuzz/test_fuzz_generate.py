"""Mutants through the whole CLI: ``sparkgen generate --spec <mutant> --out <dir>``.

Whatever the mutant, the command ends with exit status 0 or 1 and never a traceback, and
a run that fails leaves the output directory exactly as it was: same paths, same bytes,
same mtimes, and no staging directory beside it. The output directory starts populated
(a previous good run), because that is what a failed run must not damage.

Runs that get past validation render and format everything, so this test takes the small
kitchen-sink spec, fewer examples than the in-process fuzz test, and at most two edits
per mutant (so that a good share of mutants are valid and exercise the write path too).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from generator.cli import main
from tests.fuzz.conftest import CASES, CLI_EXAMPLES, PROFILE, SCALE
from tests.fuzz.mutate import ROOT, Mutant, mutants, seeds

SEEDS = seeds((ROOT / "tests" / "golden" / "kitchen_sink" / "spec",))

Snapshot = dict[str, tuple[bytes, int] | None]  # relative path -> (bytes, mtime) or None for a directory


def snapshot(root: Path) -> Snapshot:
    """Everything under ``root`` and beside it: a failed run may touch none of it."""
    found: Snapshot = {}
    for path in sorted(root.parent.rglob("*")):
        key = path.relative_to(root.parent).as_posix()
        found[key] = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
    return found


@dataclass
class Workspace:
    spec: Path  # a copy of the seed spec directory; a test writes one mutant file into it
    out: Path  # the output directory, alone in its parent
    pristine: Path  # a populated output tree to restore ``out`` from after a good run
    cwd: Path  # where the command runs (anything it caches stays out of the checkout)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("fuzz-generate")
    spec = root / "spec"
    shutil.copytree(SEEDS[0].spec_dir, spec)
    (root / "cwd").mkdir()
    pristine = root / "pristine" / "out"
    with contextlib.chdir(root / "cwd"):
        result = CliRunner().invoke(main, ["generate", "--spec", str(spec), "--out", str(pristine)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = root / "parent" / "out"
    shutil.copytree(pristine, out, copy_function=shutil.copy2)
    yield Workspace(spec, out, pristine, root / "cwd")


@settings(PROFILE, max_examples=CLI_EXAMPLES * SCALE)
@given(mutant=mutants(SEEDS, max_edits=2))  # fewer edits: more mutants stay valid and are written
def test_generate_fails_cleanly_or_succeeds(workspace: Workspace, mutant: Mutant) -> None:
    target = workspace.spec / mutant.seed.relative
    target.write_bytes(mutant.content)
    before = snapshot(workspace.out)
    try:
        with contextlib.chdir(workspace.cwd):
            result = CliRunner().invoke(main, ["generate", "--spec", str(workspace.spec), "--out", str(workspace.out)])
    finally:
        target.write_bytes(mutant.seed.content)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # pytest shows the traceback the user would have seen
    output = result.stdout + result.stderr
    CASES[f"CLI generate runs with exit {result.exit_code}"] += 1
    assert "Traceback" not in output
    assert result.exit_code in (0, 1), output
    if result.exit_code == 1:
        assert snapshot(workspace.out) == before, "a failed run changed the output directory"
        assert "error" in result.stderr, output
    else:
        assert not [p for p in workspace.out.parent.iterdir() if p.name.startswith(".sparkgen-")], "staging directory left behind"
        shutil.rmtree(workspace.out)
        shutil.copytree(workspace.pristine, workspace.out, copy_function=shutil.copy2)
    assert os.listdir(workspace.cwd) == [] or all(n.startswith(".sparkgen") for n in os.listdir(workspace.cwd))
