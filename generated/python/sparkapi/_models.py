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
    Sequence,
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
    "encode",
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
        try:
            value = _fromisoformat(raw)
        except (ValueError, TypeError):  # surrounding spaces, or not a string at all
            value = _fromisoformat(raw.strip() if isinstance(raw, str) else raw)
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


_fromisoformat = datetime.fromisoformat


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


_DICT_ONLY = frozenset({dict})


class ListCodec(Generic[T]):
    def __init__(self, item: Codec[T]) -> None:
        self.item = item
        # A list of objects for a model is wrapped without a codec call per item, and a
        # list of values already of the item's type (str, int, bool) is copied as is.
        native = getattr(item, "native", None)
        self._native = frozenset({native}) if native is not None else _DICT_ONLY
        model: type[Model] | None = None
        if isinstance(item, ModelCodec):
            model = cast("ModelCodec[Model]", item).model
        self._model = model

    def decode(self, raw: Any) -> list[T]:
        if not isinstance(raw, list):
            raise ValueError(f"expected a list, got {raw!r}")
        items = as_array(raw) or []
        if set(map(type, items)) <= self._native:
            model = self._model
            if model is not None:
                records = model._decode_records  # pyright: ignore[reportPrivateUsage]
                return cast("list[T]", records(items))
            if self._native is not _DICT_ONLY:
                return list(items)
        return [self.item.decode(value) for value in items]

    def encode(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [encode(self.item, item) for item in cast("Sequence[Any]", value)]
        return value


# ------------------------------------------------------------------ codecs: real shapes
# US dates, times of day, free-form JSON and maps keyed by name. Self-contained: only
# the Codec protocol (decode(raw) -> value, raising ValueError for a value that does not
# fit; the optional ``native`` class is taken as is) and the standard library.


class _UsDate:
    """``MM/DD/YYYY`` (one-digit month or day allowed), as US pages write dates; sent
    back the same way, since the API reads a written US date in that form only."""

    def decode(self, raw: Any) -> date:
        month, day, year = str(raw).strip().split("/")
        if len(year) != 4:
            raise ValueError(f"expected MM/DD/YYYY, got {raw!r}")
        return date(int(year), int(month), int(day))

    def encode(self, value: Any) -> Any:
        if isinstance(value, date) and not isinstance(value, datetime):
            return f"{value:%m/%d/%Y}"
        return value


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

    def encode(self, value: Any) -> Any:
        """``09:00 AM``: the form the pages write times in (seconds are not sent)."""
        return f"{value:%I:%M %p}" if isinstance(value, time) else value


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

    def encode(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            items = cast("Mapping[str, Any]", value).items()
            return {key: encode(self.item, item) for key, item in items}
        return value


def encode(codec: Codec[Any], value: Any) -> Any:
    """A value the caller gives, in the form its wire type is written in: a US date as
    ``MM/DD/YYYY`` and a time of day as ``09:00 AM`` where the spec types them so. Values
    of other types (and strings, None, ``NOT_GIVEN``) are left to ``to_wire``."""
    encoder = getattr(codec, "encode", None)
    return value if encoder is None else encoder(value)


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
            owner._decode_record(instance)  # pyright: ignore[reportPrivateUsage]
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


_FAIL: Any = object()  # a value that does not fit its type, in _decode_all


def _drop_failed(found: dict[str, Any]) -> None:
    """Leave out the values that did not fit: reading one decodes it again, and raises."""
    for name in [k for k, value in found.items() if value is _FAIL]:
        del found[name]


# Codecs whose conversion from a string _compile_decoder writes inline (``{v}`` is the
# value); anything it raises sends the value through the codec itself (``slow``).
_INLINE: dict[Callable[[Any], Any], tuple[str, ...]] = {
    DECIMAL.decode: ("{v} = Decimal({v}) if {v}.__class__ is str else slow({i}, {v})",),
    DATE.decode: ("{v} = date_fromiso({v})",),
    TIMESTAMP.decode: (
        "{v} = fromiso({v})",
        "if {v}.tzinfo is None: {v} = {v}.replace(tzinfo=UTC)",
    ),
}


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
    # _decode_all compiled for this class's fields (_compile_decoder), on its first use.
    _decoder: ClassVar[Callable[[Model], None] | None] = None
    # The records of a list of JSON objects, decoded (compiled with _decoder).
    _decode_list: ClassVar[Callable[[list[dict[str, Any]]], list[Any]] | None] = None

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
        cls._decoder = None
        cls._decode_list = None

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
            self._data[field.wire] = to_wire(encode(field.codec, value))
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
        """Decode every declared attribute at once, into the instance's ``__dict__``.

        Records are usually read whole, so the first read pays for all of them, in a
        function compiled for the class (``_compile_decoder``): one straight run of
        code per attribute, with no loop, no codec call for the values that are
        already what they should be (str, int, bool) and inline conversions for
        decimals, dates and timestamps. A value that does not fit its type is left out
        and raises when, and only when, that attribute is read (``Field.__get__``).
        """
        decoder = type(self)._decoder
        if decoder is None:
            decoder = type(self)._compile_decoder()
        decoder(self)

    @classmethod
    def _decode_record(cls, record: Model) -> None:
        """``_decode_all`` for a record of this class (Field.__get__'s shortcut)."""
        (cls._decoder or cls._compile_decoder())(record)

    @classmethod
    def _decode_records(cls, records: list[dict[str, Any]]) -> list[Any]:
        """Models over JSON objects (the items of a nested list), decoded at once."""
        if cls._decode_list is None:
            cls._compile_decoder()
        assert cls._decode_list is not None
        return cls._decode_list(records)

    @classmethod
    def _compile_decoder(cls) -> Callable[[Model], None]:
        """Write ``_decode_all`` out for this class's fields, and compile it once.

        Only wire names and attribute names (as ``repr`` literals) go into the source;
        every value is handled by code that is the same for all models.
        """
        body: list[str] = []  # from a record's ``get`` to v0, v1, ... and ``bad``
        for index, (_, wire, maskable, native, decode) in enumerate(cls._plan):
            v = f"v{index}"
            body.append(f"{v} = get({wire!r})")
            fast = _INLINE.get(decode)
            if native is not None:
                body.append(f"if {v}.__class__ is not T{index}:")
                body.append(f" if {v} is not None:")
                body.append(f"  {v} = slow({index}, {v})")
                body.append(f"  if {v} is FAIL: bad = True")
                if maskable:
                    body.append(f"elif {v} == MASK: {v} = MASKED")
            else:
                body.append(f"if {v} is not None:")
                if fast is None:
                    body.append(f" {v} = slow({index}, {v})")
                else:
                    body.append(" try:")
                    body += [f"  {line.format(v=v, i=index)}" for line in fast]
                    body.append(" except Exception:")
                    body.append(f"  {v} = slow({index}, {v})")
                body.append(f" if {v} is FAIL: bad = True")
        items = "".join(
            f"{name!r}: v{index}, " for index, (name, *_) in enumerate(cls._plan)
        )
        # A new __dict__ built whole costs a third of adding the values one by one to
        # the one the instance has, which holds nothing but _data until now.
        lines = [
            "def decode_all(self):",
            " data = self._data",
            " get = data.get",
            " bad = False",
            *(f" {line}" for line in body),
            " found = self.__dict__",
            " if len(found) == 1:",
            f"  found = {{'_data': data, {items}'_decoded': True}}",
            "  set_dict(self, found)",
            " else:",
            f"  found.update({{{items}'_decoded': True}})",
            " if bad: drop(found)",
            # The records of a nested list (a listing's photos), wrapped and decoded
            # in one call when the list is: no call per record, no first-read detour.
            "def decode_many(records):",
            " out = []",
            " append = out.append",
            " for data in records:",
            "  get = data.get",
            "  bad = False",
            *(f"  {line}" for line in body),
            f"  found = {{'_data': data, {items}'_decoded': True}}",
            "  if bad: drop(found)",
            "  self = new(cls)",
            "  set_dict(self, found)",
            "  append(self)",
            " return out",
        ]
        steps = [
            (maskable, native, decode) for _, _, maskable, native, decode in cls._plan
        ]

        def slow(index: int, raw: Any) -> Any:
            """One value the inline code did not take: masked, converted by its
            codec, or FAIL when it does not fit (Field.__get__ then raises)."""
            maskable, native, decode = steps[index]
            if maskable and raw == MASKED_WIRE:
                return MASKED
            if raw.__class__ is native:
                return raw
            try:
                return decode(raw)
            except (ValueError, TypeError, ArithmeticError):
                return _FAIL

        scope: dict[str, Any] = {
            "slow": slow,
            "set_dict": _set_dict,
            "drop": _drop_failed,
            "new": object.__new__,
            "cls": cls,
            "FAIL": _FAIL,
            "MASK": MASKED_WIRE,
            "MASKED": MASKED,
            "Decimal": Decimal,
            "fromiso": _fromisoformat,
            "date_fromiso": date.fromisoformat,
            "UTC": timezone.utc,
            **{f"T{i}": step[1] for i, step in enumerate(steps) if step[1] is not None},
        }
        exec(compile("\n".join(lines), f"<{cls.__name__}._decode_all>", "exec"), scope)
        decoder: Callable[[Model], None] = scope["decode_all"]
        cls._decoder = decoder
        cls._decode_list = scope["decode_many"]
        return decoder

    @classmethod
    def _wrap(cls: type[M], data: dict[str, Any]) -> M:
        """Adopt a decoded JSON object without copying it (the hot path for responses)."""
        instance = object.__new__(cls)
        _set_dict(
            instance, {"_data": data}
        )  # not through __setattr__ (it guards the fields)
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


# Sets an instance's whole __dict__ without going through Model.__setattr__.
_set_dict: Callable[[Model, dict[str, Any]], None] = vars(Model)["__dict__"].__set__


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
