"""How records decode and encode, tested once for every service: unknown, absent and null
attributes, enums, masks, timestamps, nested records, equality.

This is the runtime's behaviour, the same for every model; each test picks the models it
needs by what the IR says about their attributes (a timestamp, an enum, a maskable one,
...), never by service, so it keeps working as services come and go.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import sparkapi

from generator.ir.model import Attribute
from generator.ir.types import (
    EnumType,
    IntegerType,
    ListType,
    ModelType,
    StringType,
    TimestampType,
)

from .server import SparkTestServer
from .spec_cases import (
    CASES,
    attribute_where,
    documented_call,
    documented_response,
    has_attribute,
    method_of,
    model_where,
)

MASKED_WIRE = "********"


def _is(kind: type, *, maskable: bool = False) -> Any:
    return lambda a: isinstance(a.type, kind) and a.maskable is maskable


def _attribute(model: Any, predicate: Any) -> Attribute:
    found = attribute_where(model, predicate)
    assert found is not None
    return found


# -- over the wire -----------------------------------------------------------------------

LIST_CASE = next(c for c in CASES if c.operation.returns.kind == "list")


def test_unknown_attributes_are_kept(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = documented_response(LIST_CASE)
    results = response["D"].setdefault("Results", [])
    if not results:
        results.append({})
    record = results[0]
    record["ColorNotInTheSpec"] = "blue"
    record["PagesNotInTheSpec"] = {"Count": 3, "Sizes": ["A4", "Letter"]}
    server.respond(json=response)
    call = documented_call(LIST_CASE)

    first = method_of(client, LIST_CASE)(*call.args, **call.kwargs)[0]

    assert first.extra == {
        "ColorNotInTheSpec": "blue",
        "PagesNotInTheSpec": {"Count": 3, "Sizes": ["A4", "Letter"]},
    }
    assert first.to_dict() == record


def test_equal_records_make_equal_models(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = documented_response(LIST_CASE)
    server.respond(json=response)
    server.respond(json=copy.deepcopy(response))
    call = documented_call(LIST_CASE)
    method = method_of(client, LIST_CASE)

    assert list(method(*call.args, **call.kwargs)) == list(method(*call.args, **call.kwargs))
    assert len(server.requests) == 2


# -- absent, null, unknown ---------------------------------------------------------------


def test_absent_attributes_read_none_and_are_not_invented() -> None:
    model, model_class = model_where(lambda m: len(m.attributes) >= 2)
    record = model_class.from_dict({})
    for attribute in model.attributes:
        assert getattr(record, attribute.python_name) is None
    assert record.extra == {}
    assert record.to_dict() == {}


def test_null_reads_none_and_is_written_back_as_null() -> None:
    model, model_class = model_where(has_attribute(_is(StringType)))
    attribute = _attribute(model, _is(StringType))
    record = model_class.from_dict({attribute.wire_name: None})
    assert getattr(record, attribute.python_name) is None
    assert record.to_dict() == {attribute.wire_name: None}


def test_to_dict_is_a_copy() -> None:
    def nested(a: Attribute) -> bool:
        return isinstance(a.type, ListType) and isinstance(a.type.item, ModelType)

    model, model_class = model_where(has_attribute(nested))
    attribute = _attribute(model, nested)
    record = model_class.from_dict({attribute.wire_name: [{}, {}, {}]})

    copied = record.to_dict()
    copied[attribute.wire_name].clear()

    items = getattr(record, attribute.python_name)
    assert isinstance(items, list) and len(items) == 3
    assert all(isinstance(item, sparkapi.Model) for item in items)
    assert len(record.to_dict()[attribute.wire_name]) == 3


def test_unknown_attributes_cannot_be_set_by_mistake() -> None:
    _, model_class = model_where(lambda m: bool(m.attributes))
    record = model_class.from_dict({})
    with pytest.raises(AttributeError):
        setattr(record, "nmae", "typo")
    with pytest.raises(TypeError):
        model_class(nmae="typo")


# -- enums -------------------------------------------------------------------------------

ENUM_MODEL, ENUM_CLASS = model_where(has_attribute(_is(EnumType)))
ENUM_ATTRIBUTE = _attribute(ENUM_MODEL, _is(EnumType))
assert isinstance(ENUM_ATTRIBUTE.type, EnumType)
ENUM_VALUES = ENUM_ATTRIBUTE.type.values


@pytest.mark.parametrize("wire", ENUM_VALUES)
def test_enum_members_equal_their_wire_strings(wire: str) -> None:
    assert isinstance(ENUM_ATTRIBUTE.type, EnumType)
    enum_class = getattr(sparkapi, ENUM_ATTRIBUTE.type.name)
    record = ENUM_CLASS.from_dict({ENUM_ATTRIBUTE.wire_name: wire})

    value = getattr(record, ENUM_ATTRIBUTE.python_name)

    assert isinstance(value, enum_class)
    assert value == wire
    assert value is enum_class(wire)
    assert record.to_dict() == {ENUM_ATTRIBUTE.wire_name: wire}


def test_an_enum_value_the_sdk_does_not_know_stays_a_string() -> None:
    assert isinstance(ENUM_ATTRIBUTE.type, EnumType)
    enum_class = getattr(sparkapi, ENUM_ATTRIBUTE.type.name)
    unknown = "NotAValue" + "".join(ENUM_VALUES)
    record = ENUM_CLASS.from_dict({ENUM_ATTRIBUTE.wire_name: unknown})

    value = getattr(record, ENUM_ATTRIBUTE.python_name)

    assert value == unknown and not isinstance(value, enum_class)
    assert record.to_dict() == {ENUM_ATTRIBUTE.wire_name: unknown}


# -- masks -------------------------------------------------------------------------------


def test_a_maskable_attribute_reads_masked_and_writes_it_back() -> None:
    model, model_class = model_where(has_attribute(lambda a: a.maskable))
    attribute = _attribute(model, lambda a: a.maskable)
    record = model_class.from_dict({attribute.wire_name: MASKED_WIRE})

    value = getattr(record, attribute.python_name)

    assert value is sparkapi.MASKED and isinstance(value, sparkapi.Masked)
    assert record.to_dict() == {attribute.wire_name: MASKED_WIRE}


def test_elsewhere_the_marker_is_a_value_like_any_other() -> None:
    """The spec says where the API may mask; elsewhere the marker is kept by a string
    attribute and is a decoding error (on read only) for any other type."""

    def both(m: Any) -> bool:
        return has_attribute(_is(StringType))(m) and has_attribute(_is(TimestampType))(m)

    model, model_class = model_where(both)
    text, timestamp = _attribute(model, _is(StringType)), _attribute(model, _is(TimestampType))
    data = {text.wire_name: MASKED_WIRE, timestamp.wire_name: MASKED_WIRE}
    record = model_class.from_dict(data)

    assert getattr(record, text.python_name) == MASKED_WIRE
    with pytest.raises(ValueError, match=f"{model.name}.{timestamp.python_name}: cannot decode"):
        getattr(record, timestamp.python_name)
    assert record.to_dict() == data


# -- timestamps --------------------------------------------------------------------------

TIMESTAMP_MODEL, TIMESTAMP_CLASS = model_where(has_attribute(_is(TimestampType)))
TIMESTAMP = _attribute(TIMESTAMP_MODEL, _is(TimestampType))


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("2012-03-07T21:13:11", datetime(2012, 3, 7, 21, 13, 11, tzinfo=timezone.utc)),
        ("2012-03-07T21:13:11Z", datetime(2012, 3, 7, 21, 13, 11, tzinfo=timezone.utc)),
        (
            "2014-06-27T10:01:06-05:00",
            datetime(2014, 6, 27, 10, 1, 6, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
    ids=["no-offset-is-utc", "zulu", "offset-kept"],
)
def test_timestamps_are_aware(wire: str, expected: datetime) -> None:
    record = TIMESTAMP_CLASS.from_dict({TIMESTAMP.wire_name: wire})

    value = getattr(record, TIMESTAMP.python_name)

    assert isinstance(value, datetime) and value.tzinfo is not None
    assert value == expected and value.utcoffset() == expected.utcoffset()
    assert record.to_dict() == {TIMESTAMP.wire_name: wire}


# -- laziness ----------------------------------------------------------------------------


def _integer_and_string() -> tuple[Any, type[sparkapi.Model], Attribute, Attribute]:
    def both(m: Any) -> bool:
        return has_attribute(_is(IntegerType))(m) and has_attribute(_is(StringType))(m)

    model, model_class = model_where(both)
    return (
        model,
        model_class,
        _attribute(model, _is(IntegerType)),
        _attribute(model, _is(StringType)),
    )


def test_a_bad_value_raises_only_for_its_attribute() -> None:
    model, model_class, number, text = _integer_and_string()
    record = model_class.from_dict({number.wire_name: "not a number", text.wire_name: "App"})

    assert getattr(record, text.python_name) == "App"
    with pytest.raises(
        ValueError, match=f"{model.name}.{number.python_name}: cannot decode 'not a number'"
    ):
        getattr(record, number.python_name)


def test_nothing_is_decoded_before_the_first_read() -> None:
    _, model_class, number, text = _integer_and_string()
    record = model_class.from_dict({number.wire_name: 5, text.wire_name: "App"})
    assert set(vars(record)) == {"_data"}
    assert getattr(record, number.python_name) == 5
    assert number.python_name in vars(record)


def test_a_write_after_a_read_is_seen_and_sent() -> None:
    _, model_class, number, text = _integer_and_string()
    record = model_class.from_dict({number.wire_name: 5, text.wire_name: "App"})
    assert getattr(record, number.python_name) == 5

    setattr(record, number.python_name, 6)
    setattr(record, text.python_name, None)

    assert getattr(record, number.python_name) == 6 and getattr(record, text.python_name) is None
    assert record.to_dict() == {number.wire_name: 6, text.wire_name: None}
    delattr(record, text.python_name)
    assert getattr(record, text.python_name) is None
    assert record.to_dict() == {number.wire_name: 6}
