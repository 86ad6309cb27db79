"""Attribute types: one small class per kind, each knowing how it is spelt in Python,
how the runtime decodes it, how the docs name it, and how to check an example value.

Adding a kind of type means adding one class here and its name to ``PRIMITIVES`` (or a
rule in ``parse_type``), plus a codec in the runtime template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Protocol, Union

MASKED_WIRE = "********"

# Resolves a model name to a checker of one JSON object; returns problem messages.
ObjectChecker = Callable[[str, Any, str], list[str]]


class AttrType(Protocol):
    @property
    def annotation(self) -> str: ...  # the Python type a reader gets

    @property
    def param_annotation(self) -> str: ...  # the Python type a writer may pass

    @property
    def codec(self) -> str: ...  # runtime codec expression in generated code

    @property
    def doc(self) -> str: ...  # the name shown in reference docs

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]: ...


def _mismatch(where: str, expected: str, value: Any) -> list[str]:
    return [f"{where}: expected {expected}, got {type(value).__name__} {value!r}"]


@dataclass(frozen=True)
class StringType:
    annotation: str = "str"
    param_annotation: str = "str"
    codec: str = "STRING"
    doc: str = "string"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        return [] if isinstance(value, str) else _mismatch(where, "a string", value)


@dataclass(frozen=True)
class IntegerType:
    annotation: str = "int"
    param_annotation: str = "int"
    codec: str = "INTEGER"
    doc: str = "integer"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else _mismatch(where, "an integer", value)


@dataclass(frozen=True)
class DecimalType:
    """Decimals arrive as JSON numbers or as numeric strings ("50000.0"); both are valid."""

    annotation: str = "Decimal"
    param_annotation: str = "Decimal | float"
    codec: str = "DECIMAL"
    doc: str = "decimal"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return []
        if isinstance(value, str):
            try:
                Decimal(value)
                return []
            except InvalidOperation:
                pass
        return _mismatch(where, "a decimal number or numeric string", value)


@dataclass(frozen=True)
class BooleanType:
    annotation: str = "bool"
    param_annotation: str = "bool"
    codec: str = "BOOLEAN"
    doc: str = "boolean"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        return [] if isinstance(value, bool) else _mismatch(where, "true or false", value)


@dataclass(frozen=True)
class TimestampType:
    """ISO 8601 with an offset or Z; decoded to an aware datetime."""

    annotation: str = "datetime"
    param_annotation: str = "datetime"
    codec: str = "TIMESTAMP"
    doc: str = "timestamp"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, str):
            try:
                if datetime.fromisoformat(value).tzinfo is not None:
                    return []
            except ValueError:
                pass
        return _mismatch(where, "an ISO 8601 timestamp with an offset", value)


@dataclass(frozen=True)
class DateType:
    annotation: str = "date"
    param_annotation: str = "date"
    codec: str = "DATE"
    doc: str = "date"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
                return []
            except ValueError:
                pass
        return _mismatch(where, "a YYYY-MM-DD date", value)


@dataclass(frozen=True)
class EnumType:
    """A closed set of wire strings; unknown values from the API are kept as plain str."""

    name: str
    values: tuple[str, ...]

    @property
    def annotation(self) -> str:
        return f"{self.name} | str"

    @property
    def param_annotation(self) -> str:
        return f"{self.name} | str"

    @property
    def codec(self) -> str:
        return f"EnumCodec({self.name})"

    @property
    def doc(self) -> str:
        return self.name

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if value in self.values:
            return []
        return [f"{where}: {value!r} is not a value of enum {self.name} ({', '.join(self.values)})"]


@dataclass(frozen=True)
class ModelType:
    name: str

    @property
    def annotation(self) -> str:
        return self.name

    @property
    def param_annotation(self) -> str:
        return self.name

    @property
    def codec(self) -> str:
        return f"ModelCodec({self.name})"

    @property
    def doc(self) -> str:
        return self.name

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if not isinstance(value, dict):
            return _mismatch(where, f"an object ({self.name})", value)
        return check_object(self.name, value, where)


@dataclass(frozen=True)
class ListType:
    item: AnyType

    @property
    def annotation(self) -> str:
        return f"list[{self.item.annotation}]"

    @property
    def param_annotation(self) -> str:
        return f"Sequence[{self.item.param_annotation}]"

    @property
    def codec(self) -> str:
        return f"ListCodec({self.item.codec})"

    @property
    def doc(self) -> str:
        return f"list of {self.item.doc}"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if not isinstance(value, list):
            return _mismatch(where, f"a list ({self.doc})", value)
        problems: list[str] = []
        for index, item in enumerate(value):
            if item is not None and item != MASKED_WIRE:
                problems += self.item.check(item, f"{where}[{index}]", check_object)
        return problems


AnyType = Union[
    StringType,
    IntegerType,
    DecimalType,
    BooleanType,
    TimestampType,
    DateType,
    EnumType,
    ModelType,
    ListType,
]

PRIMITIVES: dict[str, AnyType] = {
    "string": StringType(),
    "integer": IntegerType(),
    "decimal": DecimalType(),
    "boolean": BooleanType(),
    "timestamp": TimestampType(),
    "date": DateType(),
}

_LIST = re.compile(r"^list\[(.+)\]$")


def parse_type(
    text: str, enums: dict[str, tuple[str, ...]], models: set[str]
) -> AnyType | str:
    """Turn a spec type expression into a type, or return a message saying what is wrong."""
    text = text.strip()
    if text in PRIMITIVES:
        return PRIMITIVES[text]
    match = _LIST.match(text)
    if match:
        item = parse_type(match.group(1), enums, models)
        return item if isinstance(item, str) else ListType(item)
    if text in enums:
        return EnumType(text, enums[text])
    if text in models:
        return ModelType(text)
    known = sorted([*PRIMITIVES, *enums, *models])
    return f"unknown type '{text}' (expected one of {', '.join(known)}, or list[...] of one)"
