"""Hypothesis settings for the fuzz tests, and a count of the cases they ran.

CI runs the ``sparkgen-ci`` profile: a fixed number of examples chosen so this directory
takes well under two minutes on a 2-core machine, derandomized (the same examples every
run, so a failure in CI is a failure locally) and without an example database (nothing
written into the checkout). ``SPARKGEN_FUZZ=deep`` runs ten times as many, with fresh
random examples, for a longer local hunt.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Iterator

import pytest
from hypothesis import HealthCheck, settings

IN_PROCESS_EXAMPLES = 2000  # load_project on a mutant: ~10 ms each
CLI_EXAMPLES = 200  # `sparkgen generate` on a mutant: ~20 ms when it fails, ~0.3 s when it succeeds

settings.register_profile(
    "sparkgen-ci",
    max_examples=IN_PROCESS_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "sparkgen-deep",
    parent=settings.get_profile("sparkgen-ci"),
    max_examples=IN_PROCESS_EXAMPLES * 10,
    derandomize=False,
)
PROFILE = settings.get_profile("sparkgen-deep" if os.environ.get("SPARKGEN_FUZZ") == "deep" else "sparkgen-ci")
SCALE = PROFILE.max_examples // IN_PROCESS_EXAMPLES

CASES: Counter[str] = Counter()  # examples run, by test; tests add to it
_SECONDS: list[float] = []


@pytest.fixture(autouse=True)
def _fuzz_clock() -> Iterator[None]:
    start = time.perf_counter()
    yield
    _SECONDS.append(time.perf_counter() - start)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES:
        parts = ", ".join(f"{count} {name}" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz: {sum(CASES.values())} cases ran in {sum(_SECONDS):.1f} s ({parts})")
