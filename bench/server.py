"""A minimal HTTP/1.1 keep-alive server that answers every request with one fixed response.

Run as ``python -m bench.server`` (a separate process, so it never competes with the
client for the GIL): it binds 127.0.0.1 on a free port, prints the port on stdout, and
serves until its standard input closes, or for ``--lifetime`` seconds at most.

Why not ``http.server``: on this kind of machine its keep-alive replies cost about 44 ms
each (it writes headers and body in separate small sends, which meets Nagle's algorithm
and delayed ACKs), which would bury the microseconds the SDK adds. This server parses only
what HTTP framing needs (the end of the headers and a ``Content-Length``) and answers
with a single write, so its own cost per request (the "floor", measured with a bare
``http.client``) is a small fraction of a millisecond.

The body is the documented example of ``GET /developers/identities/{id}/keys/{id}``
from ``spec/services/developers_keys.yaml``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PATH = "/v1/developers/identities/101/keys/5"


def documented_example() -> bytes:
    """The response the spec documents for the developer key ``get`` operation."""
    spec = yaml.safe_load((ROOT / "spec" / "services" / "developers_keys.yaml").read_text(encoding="utf-8"))
    for endpoint in spec["endpoints"]:
        operation = endpoint.get("operations", {}).get("get")
        if operation and endpoint["path"] == "/{key_id}":
            body: Any = operation["examples"][0]["response"]
            if isinstance(body, dict) and set(body) == {"file"}:  # a large example kept in its own file
                body = json.loads((ROOT / "spec" / body["file"]).read_text(encoding="utf-8"))
            return json.dumps(body, separators=(",", ":")).encode()
    raise SystemExit("spec/services/developers_keys.yaml documents no example for get")


def response_bytes(body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-Request-Id: bench\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


class FixedResponse(asyncio.Protocol):
    """One connection: answers each complete request in the order received."""

    def __init__(self, response: bytes) -> None:
        self.response = response
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = 0
            for line in self.buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return  # the body has not all arrived yet
            self.buffer = self.buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.response)


async def serve(response: bytes, lifetime: float) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: FixedResponse(response), "127.0.0.1", 0, backlog=128)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    stop = asyncio.Event()

    def wait_for_stdin_close() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait_for_stdin_close, daemon=True).start()
    try:
        await asyncio.wait_for(stop.wait(), lifetime)
    except TimeoutError:
        pass
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifetime", type=float, default=300.0, help="Stop after this many seconds in any case.")
    args = parser.parse_args()
    asyncio.run(serve(response_bytes(documented_example()), args.lifetime))


if __name__ == "__main__":
    main()
