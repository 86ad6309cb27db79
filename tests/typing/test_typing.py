"""The SDK is typed the way its users read it: ``usage.py`` passes mypy --strict and
pyright --strict, and every marked line of ``must_fail.py`` is an error for both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SDK = ROOT / "generated" / "python"
BIN = Path(sys.executable).parent


def _marked_lines(module: Path) -> set[int]:
    lines = module.read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, 1) if "# error:" in line}


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(SDK), "PYTHONPATH": str(SDK)}
    return subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, env=env, cwd=HERE, timeout=600)


def _mypy(module: str) -> subprocess.CompletedProcess[str]:
    return _run("mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, module)


def _pyright(module: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("pyright", path=str(BIN)) is None:
        pytest.fail("pyright is not installed in the test environment (it is in the test extra)")
    return _run("pyright", "--pythonpath", sys.executable, module)


def _error_lines(output: str, module: str) -> set[int]:
    return {int(m) for m in re.findall(rf"{re.escape(module)}:(\d+)(?::\d+)?: error", output)} | {
        int(m) for m in re.findall(rf"{re.escape(module)}:(\d+):\d+ - error", output)
    }


@pytest.mark.parametrize("check", [_mypy, _pyright], ids=["mypy", "pyright"])
def test_typed_usage_passes(check: object) -> None:
    assert callable(check)
    result = check("usage.py")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("check", [_mypy, _pyright], ids=["mypy", "pyright"])
def test_every_mistake_is_caught(check: object) -> None:
    assert callable(check)
    result = check("must_fail.py")
    assert result.returncode != 0
    expected = _marked_lines(HERE / "must_fail.py")
    assert _error_lines(result.stdout, "must_fail.py") >= expected, result.stdout
    assert _error_lines(result.stdout, "must_fail.py") <= expected, result.stdout
