"""`sparkgen serve` as a user runs it: a real process, plain httpx, no SDK."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.ir.model import Project
from tests.conftest import ROOT

SPARKGEN = Path(sys.executable).with_name("sparkgen")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served() -> Iterator[str]:
    """``sparkgen serve --port <free port> --token demo:private`` from the repository root."""
    port = free_port()
    process = subprocess.Popen(
        [str(SPARKGEN), "serve", "--port", str(port), "--token", "demo:private"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)  # never hang the suite
        banner = process.stdout.readline() if ready else "(no banner within 30 s)"
        assert f"http://127.0.0.1:{port}/v1" in banner, banner
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()


def test_serve_answers_the_documented_example_and_401_without_a_token(served: str, project: Project) -> None:
    # A read of the spec with no path parameter and a documented answer, whichever comes first.
    operation = next(
        op
        for s in project.services
        for m in s.mounts
        for op in m.operations
        if op.method == "GET" and not op.path_parameters and op.documented_response is not None
    )
    documented = operation.documented_response
    url = f"{served}/{project.api.version}{operation.path_template}"
    agent = {"X-SparkApi-User-Agent": "curl-like/1.0"}
    started = time.perf_counter()
    response = httpx.get(url, headers={**agent, "Authorization": "Bearer demo"})
    assert response.status_code == 200
    assert response.json() == documented
    refused = httpx.get(url, headers=agent)
    assert refused.status_code == 401
    assert refused.json() == {"D": {"Success": False, "Code": 1000, "Message": refused.json()["D"]["Message"]}}
    assert time.perf_counter() - started < 5


def test_serve_refuses_a_bad_token_option() -> None:
    result = subprocess.run([str(SPARKGEN), "serve", "--token", "demo:admin"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "TOKEN:ROLE with ROLE one of idx, public, vow, portal, private" in result.stderr


def test_serve_refuses_a_bad_user_or_contact_option() -> None:
    for option in ("--user", "--contact"):
        result = subprocess.run(
            [str(SPARKGEN), "serve", "--token", "demo:vow", option, "demo"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 2
        assert "expected TOKEN=VALUE" in result.stderr
