"""The reference says what the spec says, and names only what the SDK really has."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

import sparkapi
from generator.coverage import load_catalogue
from generator.render.docs import error_rows, navigation
from generator.render.filters import doc_signature
from generator.ir.model import Project, Mount
from tests.conftest import ROOT

from .conftest import DOCS


@pytest.fixture(scope="module")
def client() -> Iterator[sparkapi.SparkClient]:
    """Only inspected, never called: the address is a closed port on purpose."""
    with sparkapi.SparkClient(access_token="docs-token", user_agent="sparkgen-docs/1.0", base_url="http://127.0.0.1:9") as spark:
        yield spark


def _page(project: Project, module: str) -> str:
    return (DOCS / f"{module}.md").read_text(encoding="utf-8")


def test_every_endpoint_method_is_documented_including_405s(project: Project) -> None:
    version = project.api.version
    for service in project.services:
        page = _page(project, service.module)
        for mount in service.mounts:
            for endpoint in mount.endpoints:
                path = f"| `/{version}{endpoint.path}` |"
                for op in endpoint.operations:
                    assert f"{path} {op.method} | [`client.{mount.dotted}.{op.name}`]" in page
                    assert doc_signature(op) in page
                for method in endpoint.not_implemented:
                    assert f"{path} {method} | none | Not implemented: the API answers 405" in page


def test_every_attribute_and_enum_value_is_documented(project: Project) -> None:
    for service in project.services:
        page = _page(project, service.module)
        for model in service.models:
            for attr in model.attributes:
                assert f"| `{attr.python_name}` | `{attr.wire_name}` |" in page, f"{model.name}.{attr.wire_name}"
        for enum in service.enums:
            for value in enum.values:
                assert f"| `{enum.name}.{value.member}` | `\"{value.wire}\"` |" in page


def _methods(project: Project) -> Iterator[tuple[Mount, Any]]:
    for service in project.services:
        for mount in service.mounts:
            for op in mount.operations:
                yield mount, op


def test_documented_signatures_are_the_sdk_signatures(project: Project, client: sparkapi.SparkClient) -> None:
    for mount, op in _methods(project):
        target = functools.reduce(getattr, mount.accessor, client)
        names = list(inspect.signature(getattr(target, op.name)).parameters)
        assert names == [p.python_name for p in op.parameters] + ["options"], f"client.{mount.dotted}.{op.name}"
        if op.paging is not None:
            iterator = inspect.signature(getattr(target, op.paging.method_name))
            documented = [p.python_name for p in op.iteration_parameters] + ["options"]
            assert list(iterator.parameters) == documented, f"client.{mount.dotted}.{op.paging.method_name}"


def test_documented_exceptions_exist_with_their_bases(project: Project) -> None:
    rows = error_rows(project.api)
    for row in rows:
        error = getattr(sparkapi, row.name)
        assert issubclass(error, getattr(sparkapi, row.base)) and issubclass(error, sparkapi.SparkAPIError)
    for service in project.services:
        page = _page(project, service.module)
        assert all(f"| `{row.name}` | `{row.base}` |" in page for row in rows), service.module


def test_services_are_grouped_as_the_api_navigation_groups_them(project: Project) -> None:
    groups = navigation(project, load_catalogue(ROOT / "spec"))
    assert [(g.name, [s.title for s in g.services]) for g in groups] == [
        ("Developers", ["Developers: Keys"]),
        ("Listing Carts", ["Listing Carts"]),
        ("Listings", ["Listings: Documents", "Listings: Tickets"]),
        ("Portal Groups", ["Portal Groups"]),  # not in the catalogue: after the listed groups
    ]
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert index.index("### Developers") < index.index("### Listing Carts") < index.index("### Listings")


def test_the_site_navigation_lists_every_page() -> None:
    nav = yaml.safe_load((ROOT / "generated" / "mkdocs-nav.yml").read_text(encoding="utf-8"))["nav"]

    def pages(entries: list[Any]) -> Iterator[str]:
        for entry in entries:
            for value in entry.values():
                yield from pages(value) if isinstance(value, list) else [value]

    assert sorted(pages(nav)) == sorted(p.name for p in DOCS.glob("*.md"))
