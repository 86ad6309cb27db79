"""Contract tests generated from the spec: every operation of every mount, through the SDK.

Each case calls one operation with the arguments the IR gives (``example_arguments``: the
path parameter examples and the request example; a value of the right type for any
required argument no example covers), through ``sparkapi.SparkClient`` and
``sparkapi.AsyncSparkClient``, against ``sparkgen serve``'s engine serving spec/, and
checks the typed result against the operation's documented response. A spec entry
added to spec/ is a new case here; there is no per-operation code.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timezone
from typing import Any

import pytest

import sparkapi
from generator.serve import SparkServer
from generator.ir.model import Model, Operation, ParamRef, Mount, Service
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

from .conftest import CONTRACT_PASSED, TOKENS, USER_AGENT, load_spec

PROJECT = load_spec()
CASES = [
    (service, mount, operation)
    for service in PROJECT.services
    for mount in service.mounts
    for operation in mount.operations
]
# Attributes the server gives a created record itself, whatever the documented example shows.
ASSIGNED_ON_CREATE = ("Id", "ResourceUri")


def _case_id(case: tuple[Service, Mount, Operation]) -> str:
    return f"{case[1].dotted}.{case[2].name}"


def example_of(type_: AnyType) -> Any:
    """A valid argument of a type, for a required argument that no example shows."""
    if isinstance(type_, ListType):
        return [example_of(type_.item)]
    if isinstance(type_, MapType):
        return {"example": example_of(type_.item)}
    if isinstance(type_, EnumType):
        return type_.values[0]
    if isinstance(type_, ModelType):
        return {}
    simple: dict[type, Any] = {
        StringType: "example",
        IntegerType: 1,
        DecimalType: 1.5,
        BooleanType: True,
        TimestampType: datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        DateType: date(2020, 1, 2),
        UsDateType: date(2020, 1, 2),
        TimeType: time(9, 30),
        JsonType: {"any": ["json"]},
        FileType: b"example",
    }
    return simple[type(type_)]


def _shape_types(shape: Any) -> dict[str, AnyType]:
    """Parameter name -> the type its argument has, from a body shape."""
    if isinstance(shape, ParamRef):
        return {shape.name: ListType(shape.type) if shape.each else shape.type}
    if isinstance(shape, dict):
        return {k: v for sub in shape.values() for k, v in _shape_types(sub).items()}
    if isinstance(shape, list) and shape:
        return _shape_types(shape[0])
    return {}


def call_arguments(service: Service, operation: Operation) -> tuple[list[Any], dict[str, Any]]:
    """The arguments of the documented example call, completed for required ones it lacks."""
    args = [a.value for a in operation.example_arguments if a.positional]
    kwargs = {a.name: a.value for a in operation.example_arguments if not a.positional}
    body = operation.body
    if body is not None:
        models = {**PROJECT.shared_models, **{m.name: m for m in service.models}}
        types = (
            {a.python_name: a.type for a in models[body.model].attributes}
            if body.model
            else _shape_types(body.shape)
        )
        positional = [p for p in operation.parameters if p.positional]
        for param in operation.parameters:
            given = positional.index(param) < len(args) if param.positional else param.python_name in kwargs
            if param.required and not given:
                value = example_of(types[param.python_name])
                if param.positional:
                    args.append(value)
                else:
                    kwargs[param.python_name] = value
    return args, kwargs


def documented_data(operation: Operation) -> dict[str, Any]:
    response = next(e.response for e in operation.examples if e.response is not None) if any(
        e.response is not None for e in operation.examples
    ) else {"D": {"Success": True}}
    data = response["D"]
    assert isinstance(data, dict)
    return data


def check_record(model: Model, record: Any, expected: dict[str, Any], *, created: bool) -> None:
    """The typed record holds the documented one, and every declared attribute decodes."""
    assert isinstance(record, getattr(sparkapi, model.name))
    wire = record.to_dict()
    for key, value in expected.items():
        attribute = model.attribute(key)
        if attribute is not None and attribute.expansion:
            assert key not in wire, f"{key} is sent only when expanded"
        elif created and key in ASSIGNED_ON_CREATE:
            assert wire.get(key) is not None, f"a created record gets its own {key}"
        else:
            assert wire.get(key, "<absent>") == value, key
    for attribute in model.attributes:
        getattr(record, attribute.python_name)  # raises if the value does not decode


def check_result(service: Service, operation: Operation, result: Any) -> None:
    data = documented_data(operation)
    kind = operation.returns.kind
    if kind == "none":
        assert result is None
        return
    model = {**PROJECT.shared_models, **{m.name: m for m in service.models}}[str(operation.returns.model)]
    results = data.get("Results", [])
    records = [r for r in ([results] if isinstance(results, dict) else results) if isinstance(r, dict)]
    if kind == "map":
        assert isinstance(result, dict) and len(records) == 1
        for name, record in result.items():
            check_record(model, record, records[0][name], created=False)
        assert set(result) == set(records[0])
        return
    if kind == "list":
        assert isinstance(result, sparkapi.ResultList)
        assert len(result) == len(records)
        for record, expected in zip(result, records, strict=True):
            check_record(model, record, expected, created=False)
    elif kind == "optional" and not records:
        assert result is None
    else:
        check_record(model, result, records[0], created=operation.body is not None and operation.body.mode == "create")


def _target(client: Any, mount: Mount, operation: Operation) -> Any:
    for name in mount.accessor:
        client = getattr(client, name)
    return getattr(client, operation.name)


def _token(service: Service, operation: Operation) -> str:
    """The private token, or the first one whose role the service's roles table lets call
    the operation (a consumer's own account is read by VOW and Portal roles only)."""
    access = {a.role: a.read if operation.method == "GET" else a.write for a in service.roles}
    return next((t for t, role in TOKENS.items() if access.get(role)), "private-token")


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_sync_client_gets_the_documented_answer(server: SparkServer, case: tuple[Service, Mount, Operation]) -> None:
    service, mount, operation = case
    args, kwargs = call_arguments(service, operation)
    with sparkapi.SparkClient(_token(service, operation), user_agent=USER_AGENT, base_url=server.url, max_retries=0) as client:
        result = _target(client, mount, operation)(*args, **kwargs)
    check_result(service, operation, result)
    CONTRACT_PASSED.add((_case_id(case), "sync"))


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_async_client_gets_the_documented_answer(server: SparkServer, case: tuple[Service, Mount, Operation]) -> None:
    service, mount, operation = case
    args, kwargs = call_arguments(service, operation)

    async def call() -> Any:
        async with sparkapi.AsyncSparkClient(_token(service, operation), user_agent=USER_AGENT, base_url=server.url, max_retries=0) as client:
            return await _target(client, mount, operation)(*args, **kwargs)

    check_result(service, operation, asyncio.run(call()))
    CONTRACT_PASSED.add((_case_id(case), "async"))


def test_every_operation_of_the_spec_is_a_case() -> None:
    operations = sum(len(r.operations) for s in PROJECT.services for r in s.mounts)
    assert len(CASES) == operations > 0
