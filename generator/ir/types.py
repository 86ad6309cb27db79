"""Attribute types: one small class per kind, each knowing how the docs name it and how
to check an example value. How a target spells a type is the target's business
(``generator/render/python.py`` for the SDK, ``generator/openapi.py`` for the export).

Adding a kind of type means adding one class here and its name to ``PRIMITIVES`` (or a
rule in ``parse_type``), its spelling in the Python target, a codec in the runtime
(``runtime/sparkapi/_models.py``), its check in the local server engine
(``runtime/sparkapi/testing/_server.py``, ``_PRIMITIVES``) and its OpenAPI schema.

Types accept what the API really sends, both in example checks and in runtime decoding:
decimals and integers as (padded) strings, booleans as "true"/"false", timestamps with
or without an offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Protocol, Union

MASKED_WIRE = "********"

# Resolves a model name to a checker of one JSON object; returns problem messages.
ObjectChecker = Callable[[str, Any, str], list[str]]


class AttrType(Protocol):
    @property
    def doc(self) -> str: ...  # the name shown in reference docs

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]: ...


def _mismatch(where: str, expected: str, value: Any) -> list[str]:
    return [f"{where}: expected {expected}, got {type(value).__name__} {value!r}"]


@dataclass(frozen=True)
class StringType:
    doc: str = "string"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        return [] if isinstance(value, str) else _mismatch(where, "a string", value)


_INTEGER_TEXT = re.compile(r"^\s*[-+]?[0-9]+\s*$")


@dataclass(frozen=True)
class IntegerType:
    """Integers arrive as JSON numbers or, on some pages, as digit strings ("3")."""

    doc: str = "integer"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok or isinstance(value, str) and _INTEGER_TEXT.match(value) is not None
        return [] if ok else _mismatch(where, "an integer or a string of digits", value)


@dataclass(frozen=True)
class DecimalType:
    """Decimals arrive as JSON numbers or as numeric strings ("50000.0"); both are valid."""

    doc: str = "decimal"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return []
        if isinstance(value, str):  # padding is allowed (" -116.3237"); NaN and Infinity are not
            try:
                if Decimal(value).is_finite():
                    return []
            except InvalidOperation:
                pass
        return _mismatch(where, "a decimal number or numeric string", value)


@dataclass(frozen=True)
class BooleanType:
    """true or false; some pages send the strings "true" and "false"."""

    doc: str = "boolean"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        ok = isinstance(value, bool) or value in ("true", "false")
        return [] if ok else _mismatch(where, 'true or false (or the string "true" or "false")', value)


@dataclass(frozen=True)
class TimestampType:
    """ISO 8601 with or without an offset (the runtime takes one without as UTC); always
    decoded to an aware datetime."""

    doc: str = "timestamp"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, str) and len(value.strip()) > 10:  # a date alone is not a timestamp
            try:
                datetime.fromisoformat(value.strip())
                return []
            except ValueError:
                pass
        return _mismatch(where, "an ISO 8601 timestamp (2011-11-18T16:35:43, an offset optional)", value)


@dataclass(frozen=True)
class DateType:
    doc: str = "date"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
                return []
            except ValueError:
                pass
        return _mismatch(where, "a YYYY-MM-DD date", value)


_US_DATE = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*$")
_TIME = re.compile(r"^\s*([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*([aApP][mM])?\s*$")


def parse_us_date(text: str) -> date | None:
    """``MM/DD/YYYY`` (one-digit month and day allowed) -> a date, or None."""
    match = _US_DATE.match(text)
    if match is None:
        return None
    try:
        return date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """``14:30``, ``14:30:15``, ``9:00 am``, ``12:05 PM`` -> a time, or None."""
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


@dataclass(frozen=True)
class UsDateType:
    """A date written the US way, ``10/01/2010`` (month first); decoded to a date and
    sent back as ``MM/DD/YYYY`` (open houses, tour of homes)."""

    doc: str = "US date (MM/DD/YYYY)"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        ok = isinstance(value, str) and parse_us_date(value) is not None
        return [] if ok else _mismatch(where, "a MM/DD/YYYY date", value)


@dataclass(frozen=True)
class TimeType:
    """A time of day, 24-hour (``14:30``) or US (``9:00 am``); decoded to a time and
    sent as ``09:00 AM``, the form the pages that write times use."""

    doc: str = "time of day"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        ok = isinstance(value, str) and parse_time(value) is not None
        return [] if ok else _mismatch(where, 'a time of day ("14:30" or "9:00 am")', value)


@dataclass(frozen=True)
class JsonType:
    """Free-form JSON: any value, given to the reader as plain Python data, never checked."""

    doc: str = "JSON value"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        return []


@dataclass(frozen=True)
class FileType:
    """A file the caller sends (a path, bytes or a binary file object), never one the API
    returns: base64 text inside a JSON body, a file part of a multipart body.
    ``max_bytes`` is the size limit the page states, checked before anything is sent."""

    max_bytes: int | None = None
    doc: str = "file"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        return [] if isinstance(value, str) else _mismatch(where, "a file (its base64 text or a placeholder)", value)


@dataclass(frozen=True)
class EnumType:
    """A closed set of wire strings; unknown values from the API are kept as plain str."""

    name: str
    values: tuple[str, ...]




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


@dataclass(frozen=True)
class MapType:
    """A JSON object keyed by names the API chooses, every value of one type."""

    item: AnyType




    @property
    def doc(self) -> str:
        return f"map of {self.item.doc}"

    def check(self, value: Any, where: str, check_object: ObjectChecker) -> list[str]:
        if not isinstance(value, dict):
            return _mismatch(where, f"an object ({self.doc})", value)
        problems: list[str] = []
        for key, item in value.items():
            if item is not None and item != MASKED_WIRE:
                problems += self.item.check(item, f"{where}.{key}", check_object)
        return problems


AnyType = Union[
    StringType,
    IntegerType,
    DecimalType,
    BooleanType,
    TimestampType,
    DateType,
    UsDateType,
    TimeType,
    JsonType,
    FileType,
    EnumType,
    ModelType,
    ListType,
    MapType,
]

PRIMITIVES: dict[str, AnyType] = {
    "string": StringType(),
    "integer": IntegerType(),
    "decimal": DecimalType(),
    "boolean": BooleanType(),
    "timestamp": TimestampType(),
    "date": DateType(),
    "us_date": UsDateType(),
    "time": TimeType(),
    "json": JsonType(),
    "file": FileType(),
}
# The spec name of each primitive type, e.g. for the local server's data.
PRIMITIVE_NAMES: dict[AnyType, str] = {value: name for name, value in PRIMITIVES.items()}


def is_file(t: AnyType) -> bool:
    return isinstance(t, FileType)

_LIST = re.compile(r"^list\[(.+)\]$")
_MAP = re.compile(r"^map\[(.+)\]$")


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
    match = _MAP.match(text)
    if match:
        item = parse_type(match.group(1), enums, models)
        return item if isinstance(item, str) else MapType(item)
    if text in enums:
        return EnumType(text, enums[text])
    if text in models:
        return ModelType(text)
    known = sorted([*PRIMITIVES, *enums, *models])
    return f"unknown type '{text}' (expected one of {', '.join(known)}, or list[...] or map[...] of one)"
