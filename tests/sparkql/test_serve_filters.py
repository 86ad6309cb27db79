"""``sparkgen serve`` (generator.serve, which loads the engine, its ``_filter.py`` and the
SDK's parser file from runtime/) evaluates ``_filter`` the same way, over raw HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from generator.ir import load_project
from generator.serve import SparkServer
from tests.conftest import ROOT

HEADERS = {"Authorization": "Bearer t", "X-SparkApi-User-Agent": "tests"}


def _get(http: httpx.Client, params: dict[str, str]) -> httpx.Response:
    return http.get("/v1/listings", params={"_limit": "25", **params})


def test_sparkgen_serve_filters_listings() -> None:
    project, diags = load_project(ROOT / "spec")
    assert project is not None, diags.render()
    with SparkServer(project, {"t": "private"}, records={"listings": 60}, seed=5) as server:
        with httpx.Client(base_url=server.url, headers=HEADERS) as http:
            every: list[dict[str, Any]] = []
            for page in (1, 2, 3):
                every += _get(http, {"_page": str(page)}).json()["D"]["Results"]
            assert len(every) == 60
            fargo = [r["Id"] for r in every if str(r["StandardFields"].get("City")).lower() == "fargo"]
            got: list[str] = []
            for page in (1, 2, 3):
                got += [r["Id"] for r in _get(http, {"_filter": "City Eq 'Fargo'", "_page": str(page)}).json()["D"]["Results"]]
            assert got == fargo and 0 < len(fargo) < 60
            refused = _get(http, {"_filter": "City Eq"})
            assert refused.status_code == 400
            body = refused.json()["D"]
            assert body["Code"] == 1040 and body["SparkQLErrors"][0]["Status"] == "Fatal"
