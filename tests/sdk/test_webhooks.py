"""Webhooks: the SDK reads a delivery the way a developer's server receives it.

The kitchen-sink spec declares a signed webhook (its body inside the envelope) and an
unsigned one (a bare list). Its SDK is generated afresh; then, in a subprocess with that
SDK first on the path, a small web server stands in for the developer's, answering each
POST with what ``sparkapi.webhooks.parse_<name>`` made of it, and the test posts the
spec's documented deliveries to it over HTTP as the API would: the body signed with an
HMAC computed here from the spec's signature scheme (not with the SDK's own ``sign``),
then tampered, unsigned, wrongly keyed and malformed deliveries; last, the local
server (``SparkTestServer.deliver_webhook``) delivers the documented one itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.ir import load_project
from generator.ir.model import WebhookSignature
from tests.conftest import ROOT, run_cli

SPEC = ROOT / "tests" / "golden" / "kitchen_sink" / "spec"
SECRET = "whsec-test"

# The developer's server: each POST to /<webhook name> is read by parse_<webhook name>;
# the answer says what came out (200 and the records' dicts) or why not (400).
RECEIVER = r"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import httpx
import sparkapi.webhooks
from sparkapi.testing import SparkTestServer

SECRET = sys.argv[2]
seen = []

class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        name = self.path.strip("/")
        body = self.rfile.read(int(self.headers["Content-Length"]))
        secret = SECRET if getattr(sparkapi.webhooks, f"{name.upper()}_SIGNATURE") else None
        try:
            parsed = getattr(sparkapi.webhooks, f"parse_{name}")(body, headers=dict(self.headers), secret=secret)
        except sparkapi.webhooks.WebhookError as exc:
            status, answer = 400, {"error": type(exc).__name__, "message": str(exc)}
        else:
            records = parsed if isinstance(parsed, list) else [parsed]
            seen.append(records[0].to_dict())
            status, answer = 200, {"type": type(records[0]).__name__, "records": [r.to_dict() for r in records],
                                   "reads": [{n: type(getattr(r, n)).__name__ for n in type(r)._fields} for r in records]}
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
results = []
with httpx.Client(base_url=f"http://127.0.0.1:{server.server_address[1]}") as http:
    for name, body, headers in json.loads(sys.argv[1]):
        answer = http.post(f"/{name}", content=body.encode(), headers={"Content-Type": "application/json", **headers})
        results.append([answer.status_code, answer.json()])
# The local API delivers its documented webhook too, signed with the secret it is given.
api = SparkTestServer()
url = f"http://127.0.0.1:{server.server_address[1]}/shelf_moved"
engine = [api.deliver_webhook("shelf_moved", url, secret=SECRET), api.deliver_webhook("shelf_moved", url, secret="wrong")]
server.shutdown()
print(json.dumps({"posted": results, "engine": engine, "seen": seen[-1]}))
"""


def api_signature(body: str, scheme: WebhookSignature) -> str:
    """What the API puts in the signature header, from the spec's description alone."""
    digest = hmac.new(SECRET.encode(), body.encode(), {"hmac_sha256": hashlib.sha256, "hmac_sha1": hashlib.sha1}[scheme.algorithm]).digest()
    return scheme.prefix + (digest.hex() if scheme.encoding == "hex" else base64.b64encode(digest).decode())


def post_all(out: Path, deliveries: list[tuple[str, str, dict[str, str]]]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out / "python"), str(ROOT)])}
    run = subprocess.run(
        [sys.executable, "-c", RECEIVER, json.dumps(deliveries), SECRET],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    answers: dict[str, Any] = json.loads(run.stdout)
    return answers


def test_documented_deliveries_are_verified_and_read_into_typed_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("generate", "--spec", str(SPEC), "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    project, diagnostics = load_project(SPEC)
    assert project is not None, diagnostics.render()
    webhooks = {w.name: w for w, _ in project.webhooks}
    signed, unsigned = webhooks["shelf_moved"], webhooks["shelves_counted"]
    assert signed.signature is not None and unsigned.signature is None

    body = json.dumps(signed.examples[0].body)
    header = signed.signature.header
    good = api_signature(body, signed.signature)
    tampered = body.replace("2 Main St", "9 Main St")
    malformed = '{"D": {"ShelfId": "s1", "Moved": "not a time"}}'
    listed = json.dumps(unsigned.examples[0].body)
    report = post_all(
        out,
        [
            ("shelf_moved", body, {header: good}),
            ("shelf_moved", body, {header.lower(): good}),  # header names are case-insensitive
            ("shelf_moved", tampered, {header: good}),
            ("shelf_moved", body, {}),
            ("shelf_moved", body, {header: api_signature(body, signed.signature).replace(good[-4:], "0000")}),
            ("shelf_moved", malformed, {header: api_signature(malformed, signed.signature)}),
            ("shelf_moved", "[1, 2]", {header: api_signature("[1, 2]", signed.signature)}),
            ("shelves_counted", listed, {}),
            ("shelves_counted", '{"Id": "s1"}', {}),
        ],
    )

    answers = [(status, answer) for status, answer in report["posted"]]
    (status, ok), (status_lower, ok_lower) = answers[0], answers[1]
    assert status == status_lower == 200, answers[:2]
    assert ok == ok_lower
    assert ok["type"] == "ShelfMoved"
    assert ok["records"] == [signed.examples[0].body["D"]]  # the envelope's content, kept whole
    assert ok["reads"][0] == {"shelf_id": "str", "from_": "Address", "to": "Address", "moved": "datetime"}  # typed, nested too
    for status, answer in answers[2:5]:  # tampered, unsigned, wrong digest
        assert (status, answer["error"]) == (400, "WebhookSignatureError"), answer
    assert "does not match" in answers[2][1]["message"] and "no X-Shelf-Signature" in answers[3][1]["message"]
    status, answer = answers[5]  # signed, but a value the API would not send
    assert (status, answer["error"]) == (400, "WebhookError") and "ShelfMoved.moved" in answer["message"]
    assert answers[6][0] == 400 and '"D"' in answers[6][1]["message"]  # not inside the envelope

    status, counted = answers[7]
    assert status == 200 and counted["type"] == "Shelf"
    assert counted["records"] == unsigned.examples[0].body
    assert answers[8][0] == 400 and "list of Shelf" in answers[8][1]["message"]

    # SparkTestServer.deliver_webhook: accepted with the secret, refused with another.
    assert report["engine"] == [200, 400]
    assert report["seen"] == signed.examples[0].body["D"]
