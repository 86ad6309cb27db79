"""Mutants of the real spec files, loaded in-process: the loader and parser never raise.

``load_project`` promises to turn any input into diagnostics. Beyond "no exception", each
mutant checks the promises the CLI relies on: a failed load always says why (at least one
error), a clean load yields a project, every diagnostic points at a real file position,
and the report renders.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings

from generator.ir import load_project
from tests.fuzz.conftest import CASES, PROFILE
from tests.fuzz.mutate import Mutant, mutants, seeds

SEEDS = seeds()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[Path, str], Path]]:
    """For each seed file, a small spec directory of its own: api.yaml, the shared models
    and examples, and that one service (a mutant of api.yaml comes with the first
    service). A test writes one mutant file into it and puts the original back, so a load
    costs the same however many services the real spec grows to."""
    root = tmp_path_factory.mktemp("fuzz-load")
    copies = {}
    for number, seed in enumerate(SEEDS):
        copy = root / f"spec{number}"
        copy.mkdir()
        shutil.copy(seed.spec_dir / "api.yaml", copy / "api.yaml")
        for folder in ("models", "examples"):
            if (seed.spec_dir / folder).is_dir():
                shutil.copytree(seed.spec_dir / folder, copy / folder)
        services = sorted((seed.spec_dir / "services").glob("*.yaml"))
        service = seed.spec_dir / seed.relative if seed.relative.startswith("services/") else services[0]
        (copy / "services").mkdir()
        shutil.copy(service, copy / "services" / service.name)
        copies[seed.spec_dir, seed.relative] = copy
    yield copies


def test_the_seeds_are_valid() -> None:
    """Mutation starts from valid files, so that most mutants get past the YAML parser."""
    assert len(SEEDS) >= 8
    for spec_dir in {s.spec_dir for s in SEEDS}:
        project, diags = load_project(spec_dir)
        assert project is not None, diags.render()


@settings(PROFILE)
@given(mutant=mutants(SEEDS))
def test_load_project_never_raises(workspace: dict[tuple[Path, str], Path], mutant: Mutant) -> None:
    seed, content = mutant.seed, mutant.content
    CASES["in-process loads"] += 1
    spec_dir = workspace[seed.spec_dir, seed.relative]
    target = spec_dir / seed.relative
    target.write_bytes(content)
    try:
        project, diags = load_project(spec_dir)
        report = diags.render()
    finally:
        target.write_bytes(seed.content)
    if project is None:
        assert diags.errors, "a failed load must report at least one error"
    else:
        assert not diags.errors
    for diag in diags.items:
        assert diag.loc.line >= 1 and diag.loc.column >= 1, diag
        assert diag.rule and diag.message, diag
    assert report.count("[") >= len(diags.items) or not diags.items
