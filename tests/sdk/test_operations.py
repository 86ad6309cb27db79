"""Every operation of every mount of the spec, sync and async, over the wire.

One case per operation, read from the IR: the local server (``server.py``, a real HTTP
server on 127.0.0.1) answers the operation's documented response (or the plain success
envelope when none is documented); the SDK method is called with the documented example
arguments (a value of the right type completes any required argument the example lacks);
the request that arrived must be the documented one (method, path, query, headers, body)
and the result must decode to the documented records, every declared attribute readable.
Paged list operations also walk their pages with their iterator method.

Adding a service or an operation to the spec adds cases here and no test code. The spec
read is ``$SPARKGEN_TEST_SPEC`` (default: the repository's ``spec/``), so that a test can
run these cases on another spec with the SDK generated from it (``test_new_service.py``).
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sparkapi

from generator.ir import load_project
from generator.ir.model import Model, Mount, Operation, Project, Service
from generator.ir.types import (
    AnyType,
    BooleanType,
    DateType,
    DecimalType,
    EnumType,
    IntegerType,
    JsonType,
    ListType,
    MapType,
    ModelType,
    StringType,
    TimestampType,
    TimeType,
    UsDateType,
)

from .server import SparkTestServer
from .support import assert_api_request

ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("SPARKGEN_TEST_SPEC") or ROOT / "spec")
VERSION_PREFIX = "/v1"  # every path_template is relative to the API version
PLAIN_SUCCESS: dict[str, Any] = {"D": {"Success": True}}
_NO_BODY: Any = object()


def _load(spec_dir: Path) -> Project:
    project, diagnostics = load_project(spec_dir)
    assert project is not None, diagnostics.render()
    return project


PROJECT = _load(SPEC_DIR)


@dataclass(frozen=True)
class Case:
    service: Service
    mount: Mount
    operation: Operation

    @property
    def id(self) -> str:
        return f"{self.mount.dotted}.{self.operation.name}"


CASES = [
    Case(service, mount, operation)
    for service in PROJECT.services
    for mount in service.mounts
    for operation in mount.operations
]
PAGED = [case for case in CASES if case.operation.paging is not None]


def _models_of(service: Service) -> dict[str, Model]:
    return {**PROJECT.shared_models, **{m.name: m for m in service.models}}


ALL_MODELS: dict[str, Model] = {
    name: model for service in PROJECT.services for name, model in _models_of(service).items()
}


# -- the documented call -----------------------------------------------------------------


def value_of(type_: AnyType) -> Any:
    """A valid argument of a type, for a required argument that no example shows."""
    if isinstance(type_, ListType):
        return [value_of(type_.item)]
    if isinstance(type_, MapType):
        return {"example": value_of(type_.item)}
    if isinstance(type_, EnumType):
        return type_.values[0]
    if isinstance(type_, ModelType):
        return {}
    simple: dict[type, Any] = {
        StringType: "example",
        IntegerType: 1,
        DecimalType: Decimal("1.5"),
        BooleanType: True,
        TimestampType: datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        DateType: date(2020, 1, 2),
        UsDateType: date(2020, 1, 2),
        TimeType: time(9, 30),
        JsonType: {"any": ["json"]},
    }
    return simple[type(type_)]


@dataclass(frozen=True)
class Call:
    args: list[Any]
    kwargs: dict[str, Any]
    completed: dict[str, Any]
    """Body attributes no example gave, by wire name, with the value passed."""


def documented_call(case: Case) -> Call:
    """The arguments of the documented example call, completed for required ones it lacks."""
    operation = case.operation
    args = [copy.deepcopy(a.value) for a in operation.example_arguments if a.positional]
    kwargs = {
        a.name: copy.deepcopy(a.value) for a in operation.example_arguments if not a.positional
    }
    completed: dict[str, Any] = {}
    body = operation.body
    if body is not None and body.model is not None and body.mode == "create":
        for attribute in _models_of(case.service)[body.model].attributes:
            wanted = attribute.required == "yes" and attribute.writeable != "no"
            if wanted and attribute.python_name not in kwargs:
                kwargs[attribute.python_name] = value_of(attribute.type)
                completed[attribute.wire_name] = kwargs[attribute.python_name]
    return Call(args, kwargs, completed)


def method_of(client: Any, case: Case, name: str | None = None) -> Any:
    resource = functools.reduce(getattr, case.operation.accessor, client)
    return getattr(resource, name or case.operation.name)


# -- the documented request --------------------------------------------------------------


def query_value(value: Any) -> str:
    """How the SDK writes a query value: lists comma-joined, booleans as 1 or 0."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(query_value(v) for v in value)
    return str(value)


def wire_value(value: Any) -> Any:
    """A value passed to the SDK as it reads once sent as JSON."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [wire_value(v) for v in value]
    if isinstance(value, dict):
        return {k: wire_value(v) for k, v in value.items()}
    return value


def expected_path(case: Case) -> str:
    operation = case.operation
    given = {a.name: a.value for a in operation.example_arguments}
    path = operation.path_template
    for parameter in operation.path_parameters:
        name = parameter.python_name
        assert name in given, f"{case.id}: no example value for the path parameter {name}"
        path = path.replace(f"{{{name}}}", quote(str(given[name]), safe=""))
    assert "{" not in path, path
    return VERSION_PREFIX + path


def expected_query(case: Case) -> dict[str, str]:
    given = {a.name: a.value for a in case.operation.example_arguments}
    return {q.wire_name: query_value(given[q.key]) for q in case.operation.query if q.key in given}


def documented_request(case: Case) -> Any:
    return next((e.request for e in case.operation.examples if e.request is not None), None)


def expected_body(case: Case, call: Call) -> Any:
    """The whole body the documented call sends, or ``_NO_BODY``; None: not known exactly."""
    operation = case.operation
    if operation.body is None:
        return _NO_BODY
    request = documented_request(case)
    if request is not None:
        body = copy.deepcopy(request)
        body["D"].update(wire_value(call.completed))
        return body
    model = operation.body.model
    if model is None:
        return None  # a shaped body with no documented request: only its presence is checked
    wires = {a.python_name: a.wire_name for a in _models_of(case.service)[model].attributes}
    return {"D": {wires[k]: wire_value(v) for k, v in call.kwargs.items() if k in wires}}


def check_request(server: SparkTestServer, case: Case, call: Call) -> None:
    request = server.only_request()
    method, path, query = case.operation.method, expected_path(case), expected_query(case)
    body = expected_body(case, call)
    if body is _NO_BODY:
        assert_api_request(request, method, path, query=query)
    elif body is None:  # some body, which no documented request shows
        assert isinstance(request.json, dict) and set(request.json) == {"D"}, request.body
        assert_api_request(request, method, path, query=query, json=request.json)
    else:
        assert_api_request(request, method, path, query=query, json=body)


# -- the documented response -------------------------------------------------------------


def documented_response(case: Case) -> dict[str, Any]:
    response = case.operation.documented_response
    result = copy.deepcopy(response if response is not None else PLAIN_SUCCESS)
    assert isinstance(result, dict)
    return result


def documented_records(case: Case) -> list[dict[str, Any]]:
    results = documented_response(case)["D"].get("Results", [])
    assert isinstance(results, list)
    return results


def read_every_attribute(record: Any, model: Model) -> None:
    """Every declared attribute reads without raising, nested records' too."""
    for attribute in model.attributes:
        value = getattr(record, attribute.python_name)
        values = (
            value
            if isinstance(value, list)
            else value.values() if isinstance(value, dict) else [value]
        )
        for item in values:
            if isinstance(item, sparkapi.Model):
                read_every_attribute(item, ALL_MODELS[type(item).__name__])


def check_record(case: Case, record: Any, expected: dict[str, Any]) -> None:
    name = case.operation.returns.model
    assert name is not None
    assert type(record).__name__ == name
    assert isinstance(record, sparkapi.Model)
    assert record.to_dict() == expected
    read_every_attribute(record, _models_of(case.service)[name])


def check_result(case: Case, result: Any) -> None:
    kind = case.operation.returns.kind
    records = documented_records(case)
    if kind == "none":
        assert result is None
    elif kind == "list":
        assert isinstance(result, sparkapi.ResultList)
        assert [r.to_dict() for r in result] == records
        for record, expected in zip(result, records, strict=True):
            check_record(case, record, expected)
    elif kind == "optional" and not records:
        assert result is None
    else:
        assert records, f"{case.id}: the documented response has no record"
        check_record(case, result, records[0])


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_documented_call(server: SparkTestServer, client: sparkapi.SparkClient, case: Case) -> None:
    server.respond(json=documented_response(case))
    call = documented_call(case)

    result = method_of(client, case)(*call.args, **call.kwargs)

    check_request(server, case, call)
    check_result(case, result)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_documented_call_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: Case
) -> None:
    server.respond(json=documented_response(case))
    call = documented_call(case)

    result = await method_of(aclient, case)(*call.args, **call.kwargs)

    check_request(server, case, call)
    check_result(case, result)


def pages_of(case: Case, per_page: int) -> Iterator[dict[str, Any]]:
    """The documented records again and again, cut into pages with a Pagination block."""
    assert case.operation.paging is not None
    records = documented_records(case) or [{}]
    total = 2 * len(records) + 1  # three pages at least, the last one short
    every = [records[n % len(records)] for n in range(total)]
    pages = [every[n : n + per_page] for n in range(0, total, per_page)]
    for number, page in enumerate(pages, start=1):
        pagination = {"TotalPages": len(pages), "CurrentPage": number, "PageSize": per_page}
        yield {"D": {"Success": True, "Results": page, "Pagination": pagination}}


def check_pages(server: SparkTestServer, case: Case, records: list[Any], per_page: int) -> None:
    paging = case.operation.paging
    assert paging is not None
    served = [record for page in pages_of(case, per_page) for record in page["D"]["Results"]]
    assert [r.to_dict() for r in records] == served
    requests = list(server.requests)
    assert len(requests) == len(list(pages_of(case, per_page)))
    for number, request in enumerate(requests, start=1):
        query = {
            **expected_query(case),
            paging.limit_wire: str(per_page),
            paging.page_wire: str(number),
            paging.pagination_wire: "1",
        }
        assert_api_request(request, "GET", expected_path(case), query=query)


def _iteration_call(case: Case, per_page: int) -> Call:
    """The documented call for the page iterator: its own page and totals, ``per_page`` records."""
    paging = case.operation.paging
    assert paging is not None
    by_wire = {q.wire_name: q.key for q in case.operation.query}
    call = documented_call(case)
    kwargs = {
        k: v
        for k, v in call.kwargs.items()
        if k not in (by_wire.get(paging.page_wire), by_wire.get(paging.pagination_wire))
    }
    kwargs[by_wire[paging.limit_wire]] = per_page
    return Call(call.args, kwargs, call.completed)


@pytest.mark.parametrize("case", PAGED, ids=[c.id for c in PAGED])
def test_paged_operation_walks_every_page(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case
) -> None:
    assert case.operation.paging is not None
    per_page = 2
    for page in pages_of(case, per_page):
        server.respond(json=page)
    call = _iteration_call(case, per_page)

    records = method_of(client, case, case.operation.paging.method_name)(*call.args, **call.kwargs)
    assert server.requests == []  # nothing is fetched before the loop starts

    check_pages(server, case, list(records), per_page)


@pytest.mark.parametrize("case", PAGED, ids=[c.id for c in PAGED])
async def test_paged_operation_walks_every_page_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: Case
) -> None:
    assert case.operation.paging is not None
    per_page = 2
    for page in pages_of(case, per_page):
        server.respond(json=page)
    call = _iteration_call(case, per_page)

    records = [
        record
        async for record in method_of(aclient, case, case.operation.paging.method_name)(
            *call.args, **call.kwargs
        )
    ]

    check_pages(server, case, records, per_page)


def test_every_operation_of_every_mount_is_a_case() -> None:
    operations = {
        (mount.dotted, operation.name)
        for service in PROJECT.services
        for mount in service.mounts
        for operation in mount.operations
    }
    assert len(CASES) == len(operations) > 0
    assert len({case.id for case in CASES}) == len(CASES)


def test_both_clients_offer_every_operation() -> None:
    sync = sparkapi.SparkClient("token", user_agent="ua")
    asynchronous = sparkapi.AsyncSparkClient("token", user_agent="ua")
    try:
        for case in CASES:
            method = method_of(sync, case)
            assert callable(method) and not inspect.iscoroutinefunction(method), case.id
            assert inspect.iscoroutinefunction(method_of(asynchronous, case)), case.id
    finally:
        sync.close()  # no request was made, so nothing to close on the async side
