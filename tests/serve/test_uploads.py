"""The local server and files: the limit a spec states is enforced, and a URL the API
hands out is served at its example's path (the golden kitchen sink's upload form)."""

from __future__ import annotations

import base64

import httpx

from generator.ir import load_project
from generator.serve import SparkServer
from tests.conftest import ROOT

from .conftest import TOKENS

HEADERS = {"Authorization": "Bearer private-token", "X-Example-User-Agent": "sparkgen-tests/1.0"}


def test_a_file_over_the_stated_limit_is_refused_and_one_within_is_kept() -> None:
    project, diags = load_project(ROOT / "tests" / "golden" / "kitchen_sink" / "spec")
    assert project is not None, diags.render()
    with SparkServer(project, TOKENS) as server:
        url = f"{server.url}/v2/shelves/7/items/20200101000000000000000000/picture"
        big = {"D": {"Pictures": [{"Picture": base64.b64encode(b"x" * 1048577).decode()}]}}
        refused = httpx.post(url, json=big, headers=HEADERS)
        assert refused.status_code == 400 and refused.json()["D"]["Code"] == 1053
        assert "1048577 bytes" in refused.json()["D"]["Message"]
        fits = {"D": {"Pictures": [{"Picture": base64.b64encode(b"x" * 1048576).decode()}]}}
        assert httpx.post(url, json=fits, headers=HEADERS).status_code == 200
        # The upload form lives at its url parameter's example path, outside the version.
        files = {"File": ("a.bin", b"\x00\xff")}
        form = httpx.post(f"{server.url}/shelves", data={"Token": "t1"}, files=files, headers=HEADERS)
        assert form.status_code == 200, form.text
        assert form.json()["D"]["Results"] == [{"Id": "u1"}]
        received = [(u.field, u.content) for u in server.uploads]
        assert received == [("Pictures[0].Picture", b"x" * 1048576), ("File", b"\x00\xff")]
