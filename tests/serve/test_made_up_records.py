"""The local server grows a collection with records made up from the spec (``records``,
``seed``), and ``_select``/``_orderby`` name the fields of a ``field_container``.

On the golden kitchen-sink spec: its items declare ``samples`` for Title and Count, and
their Dimensions attribute is a field container.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator.ir import load_project
from generator.ir.model import Project
from generator.serve import SparkServer
from tests.conftest import ROOT, run_cli

HEADERS = {"Authorization": "Bearer t", "X-Example-User-Agent": "tests"}
ITEMS = "/v2/shelves/7/items"


@pytest.fixture(scope="module")
def kitchen_sink() -> Project:
    project, diags = load_project(ROOT / "tests" / "golden" / "kitchen_sink" / "spec")
    assert project is not None, diags.render()
    return project


@pytest.fixture
def grown(kitchen_sink: Project) -> Iterator[httpx.Client]:
    with SparkServer(kitchen_sink, {"t": "private"}, records={"shelves.items": 40}, seed=3) as server:
        with httpx.Client(base_url=server.url, headers=HEADERS) as http:
            yield http


def _items(http: httpx.Client, **query: Any) -> dict[str, Any]:
    response = http.get(ITEMS, params={"_limit": 25, **query})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["D"]
    return data


def test_a_collection_grows_to_the_asked_count_from_samples(grown: httpx.Client, kitchen_sink: Project) -> None:
    first = _items(grown, _pagination=1)
    assert first["Pagination"]["TotalRows"] == 40
    second = _items(grown, _page=2)
    records = [*first["Results"], *second["Results"]]
    assert len({r["Id"] for r in records}) == 40
    item = next(m for s in kitchen_sink.services for m in s.models if m.name == "Item")
    title, count = item.attribute("Title"), item.attribute("Count")
    assert title is not None and count is not None
    made_up = records[1:]  # the first is the documented one
    assert {r["Title"] for r in made_up} <= set(title.samples)
    assert {r["Count"] for r in made_up} <= set(count.samples)
    assert all("Tags" not in r for r in made_up)  # an expansion is never made up


def test_the_same_seed_makes_the_same_records(kitchen_sink: Project) -> None:
    def titles(seed: int) -> list[str]:
        with SparkServer(kitchen_sink, {"t": "private"}, records={"Item": 30}, seed=seed) as server:
            with httpx.Client(base_url=server.url, headers=HEADERS) as http:
                return [r["Title"] for r in _items(http)["Results"]]

    assert titles(5) == titles(5)
    assert titles(5) != titles(6)


def test_an_unknown_collection_is_refused(kitchen_sink: Project) -> None:
    with pytest.raises(ValueError, match="records: 'nothing'"):
        SparkServer(kitchen_sink, {"t": "private"}, records={"nothing": 3})


def test_select_names_the_fields_of_the_container(grown: httpx.Client) -> None:
    records = _items(grown, _select="Height")["Results"]
    with_size = [r for r in records if isinstance(r.get("Dimensions"), dict)]
    assert with_size and all(set(r["Dimensions"]) <= {"Height"} for r in with_size)
    assert all("Id" in r and "Title" in r for r in records)  # the record's own attributes stay


def test_orderby_sorts_by_a_field_of_the_container(grown: httpx.Client) -> None:
    heights = [
        float(r["Dimensions"]["Height"])
        for r in _items(grown, _orderby="-Height", _limit=25)["Results"]
        if isinstance(r.get("Dimensions"), dict) and r["Dimensions"].get("Height") is not None
    ]
    assert len(heights) > 5 and heights == sorted(heights, reverse=True)


def test_a_name_neither_attribute_nor_field_is_refused(grown: httpx.Client) -> None:
    response = grown.get(ITEMS, params={"_select": "Nope"})
    assert response.status_code == 400 and response.json()["D"]["Code"] == 1053


def test_the_serve_command_takes_records_as_name_equals_count() -> None:
    result = run_cli("serve", "--token", "t:private", "--records", "listings")
    assert result.exit_code == 2 and "expected NAME=COUNT" in result.output
