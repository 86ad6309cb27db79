"""Requests per second that `sparkgen serve` sustains for the SDK's list calls.

Starts `sparkgen serve` on a free port of 127.0.0.1 in its own process (so the server
and the load do not share one interpreter lock), then, for a fixed time each, calls
``client.listing_carts.list()`` (5 records per answer, as documented):

- sync: one ``sparkapi.SparkClient`` per thread, for 1 and for N threads;
- async: one ``sparkapi.AsyncSparkClient`` with 1 and with N calls in flight (httpx's
  async pool itself slows down past a few calls in flight, SDK or not);
- raw: the same GET over one kept-alive ``http.client`` connection, no SDK, which shows
  how much of the time is the server's.

Every call must succeed; the loops stop by themselves. Not part of the test suite:

    .venv/bin/python bench/serve_rps.py [--duration 5] [--clients 4]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import sparkapi

ROOT = Path(__file__).resolve().parent.parent
SPARKGEN = Path(sys.executable).with_name("sparkgen")
TOKEN = "bench-token"
USER_AGENT = "sparkgen-bench/1.0"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, quiet: bool) -> subprocess.Popen[str]:
    command = [str(SPARKGEN), "serve", "--port", str(port), "--token", f"{TOKEN}:private"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None, text=True)
    assert server.stdout is not None
    banner = server.stdout.readline()
    if "Serving" not in banner:
        server.kill()
        raise SystemExit(f"sparkgen serve did not start: {banner!r}")
    return server


def sync_rps(url: str, threads: int, duration: float) -> float:
    counts = [0] * threads
    start = threading.Barrier(threads + 1)
    deadline = 0.0

    def work(index: int) -> None:
        with sparkapi.SparkClient(TOKEN, user_agent=USER_AGENT, base_url=url, max_retries=0) as client:
            client.listing_carts.list()  # connect before the clock starts
            start.wait()
            while time.perf_counter() < deadline:
                assert len(client.listing_carts.list()) == 5
                counts[index] += 1

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    deadline = began + duration
    start.wait()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - began)


def async_rps(url: str, concurrency: int, duration: float) -> float:
    async def run() -> float:
        count = 0
        async with sparkapi.AsyncSparkClient(TOKEN, user_agent=USER_AGENT, base_url=url, max_retries=0) as client:
            await asyncio.gather(*(client.listing_carts.list() for _ in range(concurrency)))  # open the pool
            began = time.perf_counter()
            deadline = began + duration

            async def loop() -> None:
                nonlocal count
                while time.perf_counter() < deadline:
                    assert len(await client.listing_carts.list()) == 5
                    count += 1

            await asyncio.gather(*(loop() for _ in range(concurrency)))
            return count / (time.perf_counter() - began)

    return asyncio.run(run())


def raw_rps(port: int, duration: float) -> float:
    headers = {"Authorization": f"Bearer {TOKEN}", "X-SparkApi-User-Agent": USER_AGENT}
    connection = http.client.HTTPConnection("127.0.0.1", port)
    count = 0
    began = time.perf_counter()
    deadline = began + duration
    while time.perf_counter() < deadline:
        connection.request("GET", "/v1/listingcarts", headers=headers)
        response = connection.getresponse()
        assert response.status == 200 and response.read()
        count += 1
    connection.close()
    return count / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--clients", type=int, default=4, help="threads, or async calls in flight")
    parser.add_argument("--log", action="store_true", help="let the server print its request log")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, quiet=not args.log)
    url = f"http://127.0.0.1:{port}"
    try:
        results = [
            ("SDK sync, 1 thread", sync_rps(url, 1, args.duration)),
            (f"SDK sync, {args.clients} threads", sync_rps(url, args.clients, args.duration)),
            ("SDK async, 1 in flight", async_rps(url, 1, args.duration)),
            (f"SDK async, {args.clients} in flight", async_rps(url, args.clients, args.duration)),
            ("raw http.client, 1 connection", raw_rps(port, args.duration)),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"GET /v1/listingcarts (5 records), {args.duration:g} s each, on 127.0.0.1:")
    for label, rps in results:
        print(f"  {label:<34} {rps:8.0f} requests/s")


if __name__ == "__main__":
    main()
