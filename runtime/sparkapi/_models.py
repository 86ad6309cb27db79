# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_models.py; edit it there.
"""The model runtime: generated models only declare fields; decoding happens here.

A generated model declares each attribute with its type, its wire name and its codec::

    class ListingCart(Model):
        name: str | None = field("Name", STRING)
        listing_count: int | Masked | None = field("ListingCount", INTEGER, maskable=True)

Type checkers read the annotations (``Model`` is a ``dataclass_transform`` base, so the
constructor's keywords are checked too); the runtime reads the ``field`` declarations.
A model wraps the JSON object the API sent and decodes an attribute the first time it
is read, so building a page of results costs little more than parsing its JSON. The
wrapped object is kept whole: attributes the spec does not know survive, absent
attributes stay absent, and ``to_dict()`` gives back everything under its wire name.
"""

from __future__ import annotations

import copy
import enum
from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Generic,
    Iterable,
    Mapping,
    Protocol,
    TypeVar,
    cast,
    dataclass_transform,
)

from sparkapi._constants import ENVELOPE
from sparkapi._types import (
    MASKED,
    MASKED_WIRE,
    Masked,
    NotGiven,
    as_array,
    as_object,
    is_sequence,
)
from sparkapi._upload import Upload

json_loads: Callable[[bytes], Any]
try:  # orjson parses a page of records several times faster than the standard library
    from orjson import loads as json_loads
except ImportError:  # a platform without orjson wheels still works, just slower
    from json import loads as json_loads

__all__ = [
    "BOOLEAN",
    "DATE",
    "DECIMAL",
    "INTEGER",
    "STRING",
    "TIME",
    "TIMESTAMP",
    "US_DATE",
    "EnumCodec",
    "Field",
    "JSON",
    "ListCodec",
    "MapCodec",
    "Model",
    "ModelCodec",
    "Pagination",
    "ResultList",
    "json_loads",
    "parse_results",
    "results_of",
    "field",
    "to_wire",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
M = TypeVar("M", bound="Model")
E = TypeVar("E", bound=enum.Enum)


class Codec(Protocol[T_co]):
    def decode(self, raw: Any) -> T_co: ...


class _String:
    native = str

    def decode(self, raw: Any) -> str:
        return raw if isinstance(raw, str) else str(raw)


class _Integer:
    native = int

    def decode(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise ValueError(f"expected an integer, got {raw!r}")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        return int(str(raw))


class _Decimal:
    """Decimals arrive as numbers or as numeric strings ("50000.0")."""

    def decode(self, raw: Any) -> Decimal:
        if raw.__class__ is str:
            return Decimal(raw)
        if isinstance(raw, bool):
            raise ValueError(f"expected a decimal, got {raw!r}")
        return Decimal(str(raw))


class _Boolean:
    native = bool

    def decode(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "false"):
            return bool(raw == "true")
        raise ValueError(f"expected true or false, got {raw!r}")


class _Timestamp:
    """ISO 8601; a timestamp without an offset is taken as UTC so results are always aware."""

    def decode(self, raw: Any) -> datetime:
        value = datetime.fromisoformat(raw.strip() if isinstance(raw, str) else raw)
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


class _Date:
    def decode(self, raw: Any) -> date:
        return date.fromisoformat(raw)


STRING: Codec[str] = _String()
INTEGER: Codec[int] = _Integer()
DECIMAL: Codec[Decimal] = _Decimal()
BOOLEAN: Codec[bool] = _Boolean()
TIMESTAMP: Codec[datetime] = _Timestamp()
DATE: Codec[date] = _Date()


class EnumCodec(Generic[E]):
    """Known wire strings become members; a value added later by the API stays a str."""

    def __init__(self, enum_type: type[E]) -> None:
        self.enum_type = enum_type

    def decode(self, raw: Any) -> E | str:
        try:
            return self.enum_type(raw)
        except ValueError:
            return str(raw)


class ModelCodec(Generic[M]):
    def __init__(self, model: type[M]) -> None:
        self.model = model

    def decode(self, raw: Any) -> M:
        if raw.__class__ is not dict:
            raise ValueError(
                f"expected an object for {self.model.__name__}, got {raw!r}"
            )
        return self.model._wrap(raw)  # pyright: ignore[reportPrivateUsage]


class ListCodec(Generic[T]):
    def __init__(self, item: Codec[T]) -> None:
        self.item = item

    def decode(self, raw: Any) -> list[T]:
        if not isinstance(raw, list):
            raise ValueError(f"expected a list, got {raw!r}")
        return [self.item.decode(value) for value in as_array(raw) or ()]


# ------------------------------------------------------------------ codecs: real shapes
# US dates, times of day, free-form JSON and maps keyed by name. Self-contained: only
# the Codec protocol (decode(raw) -> value, raising ValueError for a value that does not
# fit; the optional ``native`` class is taken as is) and the standard library.


class _UsDate:
    """``MM/DD/YYYY`` (one-digit month or day allowed), as US pages write dates."""

    def decode(self, raw: Any) -> date:
        month, day, year = str(raw).strip().split("/")
        if len(year) != 4:
            raise ValueError(f"expected MM/DD/YYYY, got {raw!r}")
        return date(int(year), int(month), int(day))


class _Time:
    """A time of day: ``14:30``, ``14:30:15``, ``9:00 am``, ``12:05 PM``."""

    def decode(self, raw: Any) -> time:
        text = str(raw).strip().lower()
        meridiem = text[-2:] if text.endswith(("am", "pm")) else ""
        parts = text.removesuffix(meridiem).strip().split(":")
        if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
            raise ValueError(f"expected a time like 14:30 or 9:00 am, got {raw!r}")
        hour, minute, second = (
            int(parts[0]),
            int(parts[1]),
            int(parts[2]) if len(parts) == 3 else 0,
        )
        if meridiem:
            if not 1 <= hour <= 12:
                raise ValueError(
                    f"expected an hour from 1 to 12 before am/pm, got {raw!r}"
                )
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        return time(hour, minute, second)


class _Json:
    """Free-form JSON: the value as the API sent it (dicts, lists, str, numbers, bools)."""

    def decode(self, raw: Any) -> Any:
        return raw


class MapCodec(Generic[T]):
    """A JSON object keyed by name, every value decoded by ``item`` (null stays None)."""

    def __init__(self, item: Codec[T]) -> None:
        self.item = item

    def decode(self, raw: Any) -> dict[str, T | None]:
        mapping = as_object(raw)
        if mapping is None:
            raise ValueError(f"expected an object, got {raw!r}")
        return {
            key: None if value is None else self.item.decode(value)
            for key, value in mapping.items()
        }


US_DATE: Codec[date] = _UsDate()
TIME: Codec[time] = _Time()
JSON: Codec[Any] = _Json()

# ------------------------------------------------------------- end of codecs: real shapes


class Field(Generic[T]):
    """A declared attribute: its wire name, how to decode it, whether it may be masked.

    Nothing is decoded until a record is first read. Then all of its attributes are
    decoded in one pass (``Model._decode_all``) into the instance's ``__dict__``, which
    Python finds before this (non-data) descriptor, so every later read is a plain
    attribute read. A value that does not fit its type is left out of that pass and
    raises when, and only when, that attribute is read. Writes go through
    ``Model.__setattr__``.
    """

    __slots__ = ("wire", "codec", "maskable", "name", "native")

    def __init__(self, wire: str, codec: Codec[T], maskable: bool = False) -> None:
        self.wire = wire
        self.codec = codec
        self.maskable = maskable
        self.name = wire
        # The Python type a wire value may already have, taken as it is (str, int, bool).
        self.native: type | None = getattr(codec, "native", None)

    def __set_name__(self, owner: type[Model], name: str) -> None:
        self.name = name

    def __get__(self, instance: Model | None, owner: type[Model]) -> Any:
        if instance is None:
            return self
        found = instance.__dict__
        if "_decoded" not in found:
            instance._decode_all()  # pyright: ignore[reportPrivateUsage]
            if self.name in found:
                return found[self.name]
        data = instance._data  # pyright: ignore[reportPrivateUsage]
        value = self.decode(
            data.get(self.wire), owner
        )  # raises for a value that does not fit
        found[self.name] = value
        return value

    def decode(self, raw: Any, owner: type[Model]) -> T | Masked | None:
        if raw is None:
            return None
        if self.maskable and raw == MASKED_WIRE:
            return MASKED
        if raw.__class__ is self.native:
            return cast(T, raw)
        try:
            return self.codec.decode(raw)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValueError(
                f"{owner.__name__}.{self.name}: cannot decode {raw!r} ({exc})"
            ) from None


def field(wire: str, codec: Codec[Any], *, maskable: bool = False) -> Any:
    """Declare a model attribute: ``name: str | None = field("Name", STRING)``.

    ``maskable``: the API may send the masked marker instead of a value (the attribute
    then reads ``MASKED``). Typed ``Any`` so that the annotation alone decides the type.
    """
    return Field(wire, codec, maskable)


@dataclass_transform(kw_only_default=True)
class Model:
    """Base of every generated model.

    Build one from API data with ``from_dict``, or by keyword with the Python attribute
    names; read attributes as typed values; ``to_dict()`` returns the wire form,
    including attributes this SDK does not know (see ``extra``).
    """

    _data: dict[str, Any]
    _fields: ClassVar[dict[str, Field[Any]]] = {}
    _wire_names: ClassVar[frozenset[str]] = frozenset()
    # (attribute, wire name, maskable, type taken as is, decoder) per field, for _decode_all.
    _plan: ClassVar[
        tuple[tuple[str, str, bool, type | None, Callable[[Any], Any]], ...]
    ] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Field[Any]] = {
            n: f for n, f in vars(cls).items() if isinstance(f, Field)
        }
        cls._fields = {**cls._fields, **fields}
        cls._wire_names = frozenset(f.wire for f in cls._fields.values())
        cls._plan = tuple(
            (n, f.wire, f.maskable, f.native, f.codec.decode)
            for n, f in cls._fields.items()
        )

    def __init__(self, **attributes: Any) -> None:
        object.__setattr__(self, "_data", {})
        for name, value in attributes.items():
            if name not in self._fields:
                raise TypeError(f"{type(self).__name__} has no attribute {name!r}")
            setattr(self, name, value)

    if (
        not TYPE_CHECKING
    ):  # hidden from type checkers, which then still flag unknown names

        def __setattr__(self, name: str, value: Any) -> None:
            field = self._fields.get(name)
            if field is None:
                raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
            self._data[field.wire] = to_wire(value)
            self.__dict__.pop(
                name, None
            )  # decoded again from the wire form on the next read

        def __delattr__(self, name: str) -> None:
            field = self._fields.get(name)
            if field is None:
                raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
            self._data.pop(field.wire, None)
            self.__dict__.pop(name, None)

    def _decode_all(self) -> None:
        """Decode every declared attribute at once: one loop costs less than a
        descriptor call per attribute, and records are usually read whole."""
        found = self.__dict__
        get = self._data.get
        for name, wire, maskable, native, decode in self._plan:
            raw = get(wire)
            if raw is None:
                found[name] = None
            elif maskable and raw == MASKED_WIRE:
                found[name] = MASKED
            elif raw.__class__ is native:
                found[name] = raw
            else:
                try:
                    found[name] = decode(raw)
                except (ValueError, TypeError, ArithmeticError):
                    pass  # reported by Field.__get__ when this attribute is read
        found["_decoded"] = True

    @classmethod
    def _wrap(cls: type[M], data: dict[str, Any]) -> M:
        """Adopt a decoded JSON object without copying it (the hot path for responses)."""
        instance = object.__new__(cls)
        instance.__dict__["_data"] = (
            data  # not through __setattr__, which guards the fields
        )
        return instance

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
        """A model over a copy of ``data``, a JSON object under its wire names."""
        return cls._wrap(copy.deepcopy(dict(data)))

    def to_dict(self) -> dict[str, Any]:
        """Every attribute under its wire name, known and unknown, as the API sent it."""
        return copy.deepcopy(self._data)

    @property
    def extra(self) -> dict[str, Any]:
        """Attributes the API sent that this SDK's spec does not declare."""
        return {k: v for k, v in self._data.items() if k not in self._wire_names}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={self._data[field.wire]!r}"
            for name, field in self._fields.items()
            if field.wire in self._data
        )
        return f"{type(self).__name__}({shown})"


class Pagination(Model):
    """The paging block a list response carries when asked for (``pagination=True``)."""

    total_rows: int | None = field("TotalRows", INTEGER)
    page_size: int | None = field("PageSize", INTEGER)
    total_pages: int | None = field("TotalPages", INTEGER)
    current_page: int | None = field("CurrentPage", INTEGER)
    current_offset: int | None = field("CurrentOffset", INTEGER)


class ResultList(list[M]):
    """The records of one response, plus its ``pagination`` block when the API sent one."""

    def __init__(
        self, records: Iterable[M] = (), pagination: Pagination | None = None
    ) -> None:
        super().__init__(records)
        self.pagination = pagination


def parse_results(model: type[M], content: bytes) -> ResultList[M]:
    """Typed records from a response body kept elsewhere (a file, a queue, a cache).

    ``content`` is the JSON the API sent: the envelope, ``{"D": {"Results": [...], ...}}``.
    """
    body = as_object(json_loads(content))
    data = as_object(body.get(ENVELOPE)) if body is not None else None
    if data is None:
        raise ValueError(f'expected {{"{ENVELOPE}": {{"Results": [...]}}}}')
    return results_of(model, data)


def results_of(model: type[M], data: dict[str, Any]) -> ResultList[M]:
    """The records (and Pagination block) of an envelope's content, as typed models."""
    results = as_array(data.get("Results", []))
    records = [as_object(r) for r in results] if results is not None else [None]
    if not all(record is not None for record in records):
        raise ValueError("expected Results to be a list of objects")
    pagination = as_object(data.get("Pagination"))
    wrap = model._wrap  # pyright: ignore[reportPrivateUsage]
    page = Pagination._wrap  # pyright: ignore[reportPrivateUsage]
    return ResultList(
        [wrap(r) for r in records if r is not None],
        page(pagination) if pagination is not None else None,
    )


def to_wire(value: Any) -> Any:
    """A Python value as JSON-ready data: enums, dates, models, masks; a ``Decimal``
    stays one, so that it is sent exactly (``dump_json``), never through a float."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(
        value, (datetime, date, time)
    ):  # ISO forms, whatever the wire type reads
        return value.isoformat()
    if isinstance(value, Decimal):
        return value  # written out digit for digit by the transport's dump_json
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Masked):
        return MASKED_WIRE
    if isinstance(value, Upload):
        return value  # streamed by the transport (see sparkapi._upload)
    if isinstance(value, Mapping):
        items = cast("Mapping[str, Any]", value).items()
        return {k: to_wire(v) for k, v in items if not isinstance(v, NotGiven)}
    if is_sequence(value):
        return [to_wire(v) for v in value]
    raise TypeError(f"cannot send a value of type {type(value).__name__}")
