"""Shared pieces of the docs tests: the real spec's IR, the generated pages and their blocks."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.ir import load_project
from generator.ir.model import Project
from tests.conftest import ROOT

from .server import ExampleServer

DOCS = ROOT / "generated" / "docs"
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(DOCS).as_posix()}:{self.line}"


def blocks(page: Path, language: str) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    return [
        Block(page, text.count("\n", 0, m.start()) + 2, m.group(2))
        for m in _FENCE.finditer(text)
        if m.group(1) == language
    ]


def all_blocks(language: str) -> list[Block]:
    return [b for page in sorted(DOCS.rglob("*.md")) for b in blocks(page, language)]


def load_real_project() -> Project:
    project, diags = load_project(ROOT / "spec")
    assert project is not None, diags.render()
    return project


@pytest.fixture(scope="session")
def project() -> Project:
    return load_real_project()


@pytest.fixture(scope="module")
def example_server(project: Project) -> Iterator[ExampleServer]:
    with ExampleServer(project) as server:
        yield server


def require_or_skip(available: bool, what: str) -> None:
    """Skip when a system tool is missing on a developer's machine; CI must have it."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI; .ci/run installs it")
    pytest.skip(f"{what} is not installed here (CI installs it from .ci/run)")
