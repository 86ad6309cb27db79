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


def test_every_operation_attribute_and_enum_value_is_on_its_page(project: Project) -> None:
    """Completeness, not layout: each page names every method, 405, attribute and enum
    value of its service (the layout itself is reviewed in the golden tests)."""
    for service in project.services:
        page = _page(project, service.module)
        for mount in service.mounts:
            for endpoint in mount.endpoints:
                for op in endpoint.operations:
                    assert f"client.{mount.dotted}.{op.name}" in page, f"{mount.dotted}.{op.name}"
                    assert doc_signature(op) in page  # which test_documented_signatures_... checks
                if endpoint.not_implemented:
                    assert "405" in page, service.module
        for model in service.models:
            for attr in model.attributes:
                assert f"`{attr.python_name}`" in page and f"`{attr.wire_name}`" in page, f"{model.name}.{attr.wire_name}"
        for enum in service.enums:
            for value in enum.values:
                assert value.member in page and value.wire in page, f"{enum.name}.{value.wire}"


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
        assert all(row.name in page for row in rows), service.module


def test_services_are_grouped_as_the_api_navigation_groups_them(project: Project) -> None:
    """Every service once, catalogue services in the catalogue's order before the others,
    and the index shows the groups in that order."""
    catalogue = load_catalogue(ROOT / "spec")
    groups = navigation(project, catalogue)
    titles = [s.title for g in groups for s in g.services]
    assert sorted(titles) == sorted(s.title for s in project.services)
    listed = [t for t in titles if t in catalogue]
    assert listed == sorted(listed, key=catalogue.index)
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    positions = [index.index(f"### {g.name}") for g in groups]
    assert positions == sorted(positions)


def test_the_site_navigation_lists_every_page() -> None:
    nav = yaml.safe_load((ROOT / "generated" / "mkdocs-nav.yml").read_text(encoding="utf-8"))["nav"]

    def pages(entries: list[Any]) -> Iterator[str]:
        for entry in entries:
            for value in entry.values():
                yield from pages(value) if isinstance(value, list) else [value]

    assert sorted(pages(nav)) == sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
