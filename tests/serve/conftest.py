"""The local Spark API (generator.serve) under test, and the contract tests' tally.

The server is started once per module and ``reset()`` before each test, so every test
sees the freshly seeded state without paying for a new listening socket.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.serve import SparkServer
from generator.ir import load_project
from generator.ir.model import Project
from tests.conftest import ROOT

TOKENS = {"private-token": "private", "idx-token": "idx", "portal-token": "portal"}
USER_AGENT = "sparkgen-serve-tests/1.0"
HEADERS = {"Authorization": "Bearer private-token", "X-SparkApi-User-Agent": USER_AGENT}

# (operation id, client kind) of every contract call that passed; see the summary below.
CONTRACT_PASSED: set[tuple[str, str]] = set()


def load_spec() -> Project:
    project, diags = load_project(ROOT / "spec")
    assert project is not None, diags.render()
    return project


@pytest.fixture(scope="session")
def project() -> Project:
    return load_spec()


@pytest.fixture(scope="module")
def running(project: Project) -> Iterator[SparkServer]:
    with SparkServer(project, TOKENS) as server:
        yield server


@pytest.fixture
def server(running: SparkServer, monkeypatch: pytest.MonkeyPatch) -> SparkServer:
    """The module's server with every earlier write forgotten; URLs the API hands out
    (upload tickets) are moved to it too."""
    running.reset()
    monkeypatch.setenv("SPARK_PLATFORM_URL", running.url)
    return running


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CONTRACT_PASSED:
        operations = {operation for operation, _ in CONTRACT_PASSED}
        clients = {client for _, client in CONTRACT_PASSED}
        terminalreporter.write_line(
            f"contract: {len(operations)} operations x {len(clients)} clients "
            f"({len(CONTRACT_PASSED)} calls through the SDK against sparkgen serve)"
        )
