"""A real HTTP server on 127.0.0.1 for exercising the generated SDK end to end.

Nothing in httpx is mocked: the SDK opens real sockets to this server, which records
each request as it arrived and answers with whatever the test set up, either a route
(method and path, answered every time) or a queue of one-shot replies (FIFO).

    server.route("GET", "/v1/listingcarts", json={"D": {"Success": True, "Results": []}})
    server.respond(status=502, body="<html>Bad Gateway</html>", content_type="text/html")

A request that matches no route while the queue is empty is answered 599 and noted
in ``server.unexpected``; the ``server`` fixture fails the test if that happens.
"""

from __future__ import annotations

import json as jsonlib
import socket
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

__all__ = ["RecordedRequest", "Reply", "SparkTestServer", "closed_port_url"]

_NO_JSON: Any = object()
DROP = 0
"""The status of a reply that closes the connection instead of answering."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request exactly as it came over the wire."""

    method: str
    path: str
    """The path as sent, still percent-encoded and without the query string."""
    raw_query: str
    query: dict[str, str]
    """The decoded query, one value per name (a repeated name keeps its last value)."""
    headers: dict[str, str]
    """Header values under lower-cased names."""
    header_names: tuple[str, ...]
    """Every header name in the order sent, repeats included, as sent."""
    body: bytes
    json: Any
    """The body parsed as JSON, or None when there is no body or it is not JSON."""
    client_port: int
    """The client's side of the connection: equal ports mean one kept-alive connection."""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    """Seconds to wait before answering (cut short when the server stops)."""


def _make_reply(
    status: int,
    json: Any,
    body: bytes | str | None,
    headers: dict[str, str] | None,
    content_type: str | None,
    delay: float,
) -> Reply:
    if json is not _NO_JSON and body is not None:
        raise ValueError("pass json= or body=, not both")
    all_headers = dict(headers or {})
    if json is not _NO_JSON:
        payload = jsonlib.dumps(json).encode()
        all_headers.setdefault("Content-Type", content_type or "application/json")
    else:
        payload = body.encode() if isinstance(body, str) else (body or b"")
        if content_type is not None:
            all_headers.setdefault("Content-Type", content_type)
        elif payload:
            all_headers.setdefault("Content-Type", "text/plain; charset=utf-8")
    return Reply(status, payload, tuple(all_headers.items()), delay)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, add=False)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        parts = urlsplit(self.path)
        try:
            parsed: Any = jsonlib.loads(body) if body else None
        except ValueError:
            parsed = None
        query_lists = parse_qs(parts.query, keep_blank_values=True)
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            raw_query=parts.query,
            query={name: values[-1] for name, values in query_lists.items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            header_names=tuple(self.headers.keys()),
            body=body,
            json=parsed,
            client_port=int(self.client_address[1]),
        )
        reply = owner._record_and_pick(request)
        if reply.delay and owner._stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.status == DROP:
            self.close_connection = True  # hang up without a word: the client sees a dropped connection
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:  # the client gave up (e.g. after its timeout)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: SparkTestServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client dropping its connection is not a test failure


class SparkTestServer:
    """A threaded HTTP/1.1 server on an ephemeral loopback port; see the module doc."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closed = threading.Condition(self._lock)
        self._queue: deque[Reply] = deque()
        self._routes: dict[tuple[str, str], Reply] = {}
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self.unexpected: list[RecordedRequest] = []
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="spark-test-server",
            daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        with self._lock:
            live = list(self._connections)
        for conn in live:  # end idle keep-alive connections so their threads exit
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what the test sets up -------------------------------------------------------

    def respond(
        self,
        status: int = 200,
        *,
        json: Any = _NO_JSON,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Queue a one-shot reply for the next request that matches no route."""
        reply = _make_reply(status, json, body, headers, content_type, delay)
        with self._lock:
            self._queue.append(reply)

    def drop(self) -> None:
        """Queue a reply that closes the connection without sending a response."""
        with self._lock:
            self._queue.append(Reply(DROP))

    def route(
        self,
        method: str,
        path: str,
        status: int = 200,
        *,
        json: Any = _NO_JSON,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer every ``method`` request to ``path`` (as sent, without query) so."""
        reply = _make_reply(status, json, body, headers, content_type, delay)
        with self._lock:
            self._routes[(method.upper(), path)] = reply

    # -- what the test inspects ------------------------------------------------------

    @property
    def pending(self) -> int:
        """Queued replies not used yet."""
        with self._lock:
            return len(self._queue)

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    def wait_until_no_connections(self, timeout: float = 2.0) -> bool:
        """Block until every client connection has been closed by its client."""
        with self._closed:
            return self._closed.wait_for(lambda: not self._connections, timeout)

    def only_request(self) -> RecordedRequest:
        """The single request received; fails if there were none or several."""
        with self._lock:
            seen = list(self.requests)
        assert len(seen) == 1, f"expected exactly one request, got {len(seen)}: {seen}"
        return seen[0]

    # -- called from handler threads -------------------------------------------------

    def _record_and_pick(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            reply = self._routes.get((request.method, request.path))
            if reply is not None:
                return reply
            if self._queue:
                return self._queue.popleft()
            self.unexpected.append(request)
        message = f"test server: nothing set up for {request.method} {request.path}"
        return _make_reply(
            599, {"D": {"Success": False, "Message": message}}, None, None, None, 0.0
        )

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)
                self._closed.notify_all()


def closed_port_url() -> str:
    """A loopback URL nothing listens on: a port bound once, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
