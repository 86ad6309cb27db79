"""A stand-in for the Spark API on 127.0.0.1 that answers with the spec's documented examples.

Each request is routed by method and path to the operations of the IR (a literal path
segment beats a placeholder, so ``/keys/deleted`` is not read as a key id). When two
operations share a method and path (a document's ``update`` and ``move``), the one whose
documented request body equals the body received answers. The answer is the operation's
first documented response, so the docs' examples meet exactly the bodies the docs show.

Every exchange is recorded with the operation it reached, so a test can tell whether an
example sent a body the docs do not show, or called something the spec does not have.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from generator.ir.model import Operation, Project
from tests.forms import form_fields


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    placeholders: int
    label: str  # client.<accessor>.<operation>
    operation: Operation

    @property
    def documented_requests(self) -> list[Any]:
        return [e.request for e in self.operation.examples if e.request is not None]


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    body: Any
    route: Route | None

    @property
    def undocumented_body(self) -> bool:
        """A body was sent where the docs show others, and it is none of them."""
        if self.route is None or not self.route.documented_requests:
            return False
        return self.body not in self.route.documented_requests


def routes_of(project: Project) -> list[Route]:
    routes = []
    for service in project.services:
        for mount in service.mounts:
            for operation in mount.operations:
                url = next((p for p in operation.path_parameters if p.url), None)
                given = {a.name: a.value for a in operation.example_arguments}
                # A URL the API hands out is served at its example's path (SPARK_PLATFORM_URL).
                path = urlsplit(str(given[url.python_name])).path if url else f"/{project.api.version}{operation.path_template}"
                regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", path))
                label = f"client.{mount.dotted}.{operation.name}"
                routes.append(Route(operation.method, re.compile(f"^{regex}$"), path.count("{"), label, operation))
    return routes


def _default_answer(operation: Operation, envelope: str) -> Any:
    """For an operation without a documented response: the shortest envelope it accepts."""
    if operation.returns.kind == "none":
        return {envelope: {"Success": True}}
    return {envelope: {"Success": True, "Results": []}}


class ExampleServer:
    """``with ExampleServer(project) as server:`` serves on ``server.url`` until the block ends."""

    def __init__(self, project: Project) -> None:
        self.envelope = project.api.envelope
        self.routes = routes_of(project)
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="docs-example-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> ExampleServer:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        matching = [r for r in self.routes if r.method == method and r.pattern.match(path)]
        best = [r for r in matching if r.placeholders == min((m.placeholders for m in matching), default=0)]
        route = next((r for r in best if body in r.documented_requests), best[0] if best else None)
        with self._lock:
            self.exchanges.append(Exchange(method, path, body, route))
        if route is None:
            return 404, {self.envelope: {"Success": False, "Message": f"the spec documents no {method} {path}"}}
        responses = [e.response for e in route.operation.examples if e.response is not None]
        return 200, responses[0] if responses else _default_answer(route.operation, self.envelope)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                content_type = self.headers.get("Content-Type") or ""
                body: Any
                if content_type.startswith("multipart/form-data"):  # as the spec writes a form
                    body = {server.envelope: form_fields(content_type, raw)}
                else:
                    body = json.loads(raw) if raw else None
                status, payload = server.answer(self.command, urlsplit(self.path).path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

        return Handler
