"""Import time of ``sparkapi`` and of ``httpx`` alone, from ``python -X importtime``.

Each sample is a fresh interpreter (an import is cached for the life of a process).
What sparkapi *adds* is what importing it costs beyond httpx, which every user of an
httpx-based SDK pays anyway. It is read in one process, ``import httpx; import sparkapi``:
httpx's line is httpx's own time, and sparkapi's cumulative line is then everything
sparkapi brings beyond httpx (its modules, orjson, whatever stdlib httpx did not load).
Taking the difference of two separate processes' medians instead swung by +-20 ms on
this busy two-core machine, more than the quantity measured; a plain ``import sparkapi``
process is kept for the total. Bytecode is written by a first, unmeasured run, as it is
for any installed package, so the samples measure importing, not compiling.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from bench.common import ROOT, BenchError, child_env, median, run_process

_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def cumulative_ms(stderr: str, module: str) -> float:
    """The cumulative time of ``module`` imported at top level, in milliseconds."""
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match and match.group(4) == module and len(match.group(3)) == 1:
            return int(match.group(2)) / 1000
    raise BenchError(f"`python -X importtime` printed no top-level line for {module}:\n{stderr[-2000:]}")


def _importtime(statement: str) -> tuple[str, float]:
    """stderr of ``python -X importtime -c statement`` in a fresh process, and its wall ms."""
    env = child_env()
    env.pop("PYTHONPATH", None)  # import the installed packages only
    run = run_process([sys.executable, "-X", "importtime", "-c", statement], cwd=ROOT, env=env)
    if run.returncode != 0:
        raise BenchError(f"{statement} failed:\n{run.tail()}")
    return run.stderr, run.seconds * 1000


def measure(runs: int) -> dict[str, Any]:
    totals: list[float] = []
    httpx_alone: list[float] = []
    added: list[float] = []
    walls: list[float] = []
    _importtime("import sparkapi")  # writes the bytecode
    for _ in range(runs):
        stderr, wall = _importtime("import sparkapi")
        totals.append(cumulative_ms(stderr, "sparkapi"))
        walls.append(wall)
        stderr, _ = _importtime("import httpx; import sparkapi")
        httpx_alone.append(cumulative_ms(stderr, "httpx"))
        added.append(cumulative_ms(stderr, "sparkapi"))
    return {
        "runs": runs,
        "sparkapi_ms": round(median(totals), 2),
        "httpx_ms": round(median(httpx_alone), 2),
        "added_ms": round(median(added), 2),
        "process_wall_ms": round(median(walls), 1),
        "pythondontwritebytecode_in_env": "PYTHONDONTWRITEBYTECODE" in os.environ,
    }
