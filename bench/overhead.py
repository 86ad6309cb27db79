"""Per-call overhead of the SDK over bare httpx, run as ``python -m bench.overhead PORT ROUNDS``.

The server (``bench.server``) runs in another process on 127.0.0.1:PORT. Prints one JSON
object on stdout. Each round sends 1,000 requests with each of the contenders, in turn,
so the ratio is taken under the same conditions; the result is the median round.

- floor: ``http.client`` on one kept-alive connection, no JSON: what the server and the
  loopback cost, the part no client can remove.
- sync: ``client.developers.keys.get(101, 5)`` on a ``SparkClient`` versus the same GET,
  with the same headers, on a reused ``httpx.Client``, reading the record out of the
  envelope with ``response.json()`` as a user of bare httpx would.
- async: the same with ``AsyncSparkClient`` and ``httpx.AsyncClient``, 20 calls in flight.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

import sparkapi
from bench.server import PATH

CALLS = 1000
WARMUP_CALLS = 100  # opens the connections and heats the code paths before any timing
IN_FLIGHT = 20
TOKEN = "bench-token"
AGENT = "sparkgen-bench/1.0"
HEADERS = {"Accept": "application/json", "X-SparkApi-User-Agent": AGENT, "Authorization": f"Bearer {TOKEN}"}


def _time(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def sync_rounds(port: int, rounds: int) -> dict[str, list[float]]:
    base = f"http://127.0.0.1:{port}"
    conn = http.client.HTTPConnection("127.0.0.1", port)
    bare = httpx.Client()
    sdk = sparkapi.SparkClient(TOKEN, user_agent=AGENT, base_url=base)
    keys = sdk.developers.keys

    def floor(calls: int = CALLS) -> None:
        for _ in range(calls):
            conn.request("GET", PATH, headers=HEADERS)
            conn.getresponse().read()

    def with_httpx(calls: int = CALLS) -> None:
        for _ in range(calls):
            response = bare.get(base + PATH, headers=HEADERS)
            response.raise_for_status()
            response.json()["D"]["Results"][0]

    def with_sdk(calls: int = CALLS) -> None:
        for _ in range(calls):
            keys.get(101, 5)

    key = keys.get(101, 5)
    if key.id != 5 or key.name != "My Application":
        raise SystemExit(f"the SDK decoded an unexpected record: {key!r}")
    cases = {"floor": floor, "httpx": with_httpx, "sparkapi": with_sdk}
    for case in cases.values():
        case(WARMUP_CALLS)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            samples[name].append(_time(case))
    sdk.close()
    bare.close()
    conn.close()
    return samples


async def _many(call: Callable[[], Awaitable[Any]], calls: int = CALLS) -> float:
    """``calls`` calls with IN_FLIGHT of them outstanding at any time; wall seconds."""
    remaining = iter(range(calls))

    async def worker() -> None:
        for _ in remaining:
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return time.perf_counter() - started


async def async_rounds(port: int, rounds: int) -> dict[str, list[float]]:
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as bare, sparkapi.AsyncSparkClient(TOKEN, user_agent=AGENT, base_url=base) as sdk:
        keys = sdk.developers.keys

        async def with_httpx() -> None:
            response = await bare.get(base + PATH, headers=HEADERS)
            response.raise_for_status()
            response.json()["D"]["Results"][0]

        async def with_sdk() -> None:
            await keys.get(101, 5)

        cases = {"httpx": with_httpx, "sparkapi": with_sdk}
        for case in cases.values():
            await _many(case, WARMUP_CALLS)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(rounds):
            for name, case in cases.items():
                samples[name].append(await _many(case))
        return samples


def paired_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of per-round ratios: each round's two batches ran back to back, so a
    change in background load between rounds cancels out of the ratio."""
    return round(_median([a / b for a, b in zip(ours, theirs, strict=True)]), 3)


def main(port: int, rounds: int) -> dict[str, Any]:
    sync = sync_rounds(port, rounds)
    asynchronous = asyncio.run(async_rounds(port, rounds))

    def per_call_ms(values: list[float]) -> float:
        return round(_median(values) / CALLS * 1000, 4)

    return {
        "calls": CALLS,
        "in_flight": IN_FLIGHT,
        "rounds": rounds,
        "floor_ms": per_call_ms(sync["floor"]),
        "sync": {
            "sparkapi_ms": per_call_ms(sync["sparkapi"]),
            "httpx_ms": per_call_ms(sync["httpx"]),
            "ratio": paired_ratio(sync["sparkapi"], sync["httpx"]),
        },
        "async": {
            "sparkapi_ms": per_call_ms(asynchronous["sparkapi"]),
            "httpx_ms": per_call_ms(asynchronous["httpx"]),
            "ratio": paired_ratio(asynchronous["sparkapi"], asynchronous["httpx"]),
        },
        "versions": {"httpx": httpx.__version__},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
