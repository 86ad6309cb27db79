"""The spec's operations as test cases, read from the IR, and what their documentation says.

``CASES`` holds every operation of every mount of ``$SPARKGEN_TEST_SPEC`` (default: the
repository's ``spec/``); the helpers give the documented call (``documented_call``), the
request it must send (``expected_path``, ``expected_query``, ``expected_body``) and the
answer it must decode to (``documented_response``, ``check_result``). Tests that need an
operation or a model of some kind choose it here by what the IR says, never by name.
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import sparkapi

from generator.ir import load_project
from generator.ir.model import Attribute, Model, Mount, Operation, Project, Service
from generator.ir.types import (
    AnyType,
    BooleanType,
    DateType,
    DecimalType,
    EnumType,
    FileType,
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
NO_BODY: Any = object()


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


def models_of(service: Service) -> dict[str, Model]:
    return {**PROJECT.shared_models, **{m.name: m for m in service.models}}


ALL_MODELS: dict[str, Model] = {
    name: model for service in PROJECT.services for name, model in models_of(service).items()
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
        FileType: b"example",
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
        for attribute in models_of(case.service)[body.model].attributes:
            wanted = attribute.required == "yes" and attribute.writeable != "no"
            if wanted and attribute.python_name not in kwargs:
                kwargs[attribute.python_name] = value_of(attribute.type)
                completed[attribute.wire_name] = kwargs[attribute.python_name]
    return Call(args, kwargs, completed)


def plain_list() -> Case:
    """A documented, paged list that needs no argument: the call behaviour tests make
    when any call will do (which service it belongs to does not matter). Its records
    have a string ``Id``, as the paging tests' made-up pages do (a usage report's rows
    have none, a developer domain's is an integer)."""
    return next(
        case
        for case in CASES
        if case.operation.method == "GET"
        and case.operation.returns.kind == "list"
        and not case.operation.path_parameters
        and case.operation.paging is not None  # takes limit and page
        and documented_records(case)
        and isinstance(documented_records(case)[0].get("Id"), str)
    )


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
    url = next((p for p in operation.path_parameters if p.url), None)
    if url is not None:  # a URL the API hands out, moved to this server (SPARK_PLATFORM_URL)
        return urlsplit(str(given[url.python_name])).path
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
    """The whole body the documented call sends, or ``NO_BODY``; None: not known exactly."""
    operation = case.operation
    if operation.body is None:
        return NO_BODY
    request = documented_request(case)
    if request is not None:
        body = copy.deepcopy(request)
        body["D"].update(wire_value(call.completed))
        return body
    model = operation.body.model
    if model is None:
        return None  # a shaped body with no documented request: only its presence is checked
    wires = {a.python_name: a.wire_name for a in models_of(case.service)[model].attributes}
    return {"D": {wires[k]: wire_value(v) for k, v in call.kwargs.items() if k in wires}}


def check_request(server: SparkTestServer, case: Case, call: Call) -> None:
    request = server.only_request()
    method, path, query = case.operation.method, expected_path(case), expected_query(case)
    body = expected_body(case, call)
    if body is NO_BODY:
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
    results = [results] if isinstance(results, dict) else results  # results: object
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
    read_every_attribute(record, models_of(case.service)[name])


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
    elif kind == "map":
        assert isinstance(result, dict) and len(records) == 1
        assert {name: record.to_dict() for name, record in result.items()} == records[0]
        for name, record in result.items():
            check_record(case, record, records[0][name])
    else:
        assert records, f"{case.id}: the documented response has no record"
        check_record(case, result, records[0])


def path_arguments(case: Case) -> list[Any]:
    """The documented values of the path parameters, in order."""
    names = {p.python_name for p in case.operation.path_parameters}
    return [a.value for a in case.operation.example_arguments if a.positional and a.name in names]


def some_record(model: str | None) -> dict[str, Any]:
    """A documented record of a model, from any operation returning it ({} if none does)."""
    for case in CASES:
        if case.operation.returns.model == model:
            for example in case.operation.examples:
                if isinstance(example.response, dict):
                    results = example.response["D"].get("Results") or []
                    results = [results] if isinstance(results, dict) else results
                    if results:
                        record = copy.deepcopy(results[0])
                        assert isinstance(record, dict)
                        return record
    return {}


def model_where(predicate: Callable[[Model], bool]) -> tuple[Model, type[sparkapi.Model]]:
    """The first model of the spec (by name) the predicate holds for, and its class."""
    for name in sorted(ALL_MODELS):
        if predicate(ALL_MODELS[name]):
            model_class = getattr(sparkapi, name)
            assert issubclass(model_class, sparkapi.Model)
            return ALL_MODELS[name], model_class
    raise LookupError("no model of the spec fits")  # the spec lost what the test needs


def attribute_where(model: Model, predicate: Callable[[Attribute], bool]) -> Attribute | None:
    return next((a for a in model.attributes if predicate(a)), None)


def has_attribute(predicate: Callable[[Attribute], bool]) -> Callable[[Model], bool]:
    return lambda model: attribute_where(model, predicate) is not None
