"""Shared helpers: the project root and a way to run the CLI in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """A writable copy of the real spec/ directory."""
    import shutil

    target = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", target)
    return target
