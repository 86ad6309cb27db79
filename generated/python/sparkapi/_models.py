# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_models.py; edit it there.
"""The model runtime: generated models only declare fields; decoding happens here.

A generated model declares each attribute with its type, its wire name and its codec::

    class ListingCart(Model):
        name: str | None = field("Name", STRING)
        listing_count: int | Masked | None = field("ListingCount", INTEGER, maskable=True)

Type checkers read the annotations (``Model`` is a ``dataclass_transform`` base, so the
constructor's keywords are checked too); the runtime reads the ``field`` declarations.
A model wraps the JSON object the API sent and decodes an attribute the first time it
is read. The records of a page are faster still: msgspec builds them in one pass over
the response body, typed, as instances of their model's record type (the records
nested in them are kept as text until first read), and no dict is parsed until
something needs the JSON object. Either way that object is kept whole: attributes the
spec does not know survive, absent attributes stay absent, and ``to_dict()`` gives
back everything under its wire name.
"""

from __future__ import annotations

import copy
import enum
from datetime import date, datetime, time, timezone
from decimal import Decimal
from keyword import iskeyword
from operator import itemgetter
from types import GenericAlias
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Callable,
    ClassVar,
    Generic,
    Iterable,
    Literal,
    Mapping,
    Optional,
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
_loads_view: Callable[[Any], Any]  # JSON from a view of a body (a memoryview)
try:  # orjson parses a page of records several times faster than the standard library
    from orjson import loads as json_loads

    _loads_view = json_loads
except ImportError:  # a platform without orjson wheels still works, just slower
    from json import loads as json_loads

    def _loads_bytes_of(view: Any, /) -> Any:
        return json_loads(bytes(view))

    _loads_view = _loads_bytes_of


# msgspec keeps each record of a page as a view of the body (no dict built until it is
# read), and decodes a record typed, in C. Without it, a page is parsed whole with
# json_loads and its records decoded in Python: the same values, more memory and time.
_msgspec_found: bool
if TYPE_CHECKING:
    import msgspec

    _msgspec_found = True
else:
    try:
        import msgspec

        _msgspec_found = True
    except ImportError:
        msgspec = None
        _msgspec_found = False

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
    "lazy_content",
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
            found = instance.__dict__  # a new one, built whole
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


def _slow_path(
    plan: tuple[tuple[str, str, bool, type | None, Callable[[Any], Any]], ...],
) -> Callable[[int, Any], Any]:
    """``slow(index, raw)`` for a compiled decoder: one value its inline code did not
    take, masked, converted by its codec, or FAIL when it does not fit (Field.__get__
    then raises)."""
    steps = [(maskable, native, decode) for _, _, maskable, native, decode in plan]

    def slow(index: int, raw: Any) -> Any:
        maskable, native, decode = steps[index]
        if maskable and raw == MASKED_WIRE:
            return MASKED
        if raw.__class__ is native:
            return raw
        try:
            return decode(raw)
        except (ValueError, TypeError, ArithmeticError):
            return _FAIL

    return slow


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


class _JsonObject:
    """``Model._data`` of a record that does not hold its JSON object yet: one kept as
    text, or inside its parent's, parsed when first needed (``Model._materialize``).

    A non-data descriptor, so an instance's own ``_data`` is found first. Models define
    no ``__getattr__``: with one, Python would look it up on every attribute read.
    """

    def __get__(self, instance: Model | None, owner: type[Model]) -> dict[str, Any]:
        if instance is None:
            raise AttributeError("_data")
        return instance._materialize()  # pyright: ignore[reportPrivateUsage]


@dataclass_transform(kw_only_default=True)
class Model:
    """Base of every generated model.

    Build one from API data with ``from_dict``, or by keyword with the Python attribute
    names; read attributes as typed values; ``to_dict()`` returns the wire form,
    including attributes this SDK does not know (see ``extra``).
    """

    if TYPE_CHECKING:
        _data: dict[str, Any]
    else:
        _data = _JsonObject()  # the instance's own ``_data`` is found before it
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
    # This class's msgspec decoding (_compile_typed): its record type and the functions
    # that build a page's records and nested records from text; compiled on first use.
    _typed: ClassVar[_Typed | None] = None
    _typed_compiled: ClassVar[bool] = False
    # (attribute, wire name, a list) of the fields holding records of a nested model.
    _nested: ClassVar[tuple[tuple[str, str, bool], ...]] = ()
    # The generated model class: the class itself, or the one a record type stands for.
    _model: ClassVar[type[Model]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_model" in vars(cls):  # a model's record type (_record_type): its tables
            return
        cls._model = cls
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
        cls._typed = None
        cls._typed_compiled = False
        cls._nested = tuple(
            (n, f.wire, isinstance(f.codec, ListCodec))
            for n, f in cls._fields.items()
            if _holds_model(f.codec)
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

    def __getstate__(self) -> dict[str, Any]:
        """Pickled and copied as the JSON object; attributes decode again on read."""
        return {"_data": self._data}

    def _materialize(self) -> dict[str, Any]:
        """The JSON object of a record msgspec built, parsed now from the page's body.

        The records of a page, and those nested in them, hold a box, ``[body, object or
        None]``, with their place in it (``_up``): whichever is parsed first parses the
        whole body once, and each takes its part of that one object, so a write to a
        nested record is seen in its parent's ``to_dict()``, as it is for records over a
        parsed object. (No record refers to its parent: no cycles.)
        """
        up: tuple[list[Any], tuple[str | int, ...], int | None] | None
        up = self.__dict__.get("_up")
        if up is None:
            raise AttributeError(f"{type(self).__name__!r} object has no _data")
        box, path, index = up
        data: Any = box[1]
        if data is None:
            data = box[1] = _loads_view(memoryview(box[0]))
        for step in path:
            data = data[step]
        if index is not None:
            data = data[index]
        if type(data) is not dict:
            raise ValueError(f"expected an object for {type(self).__name__}")
        record = cast("dict[str, Any]", data)
        self._adopt(record, box)
        return record

    def _adopt(self, data: dict[str, Any], box: list[Any]) -> None:
        """Take ``data`` as this record's JSON object, and the objects inside it as those
        of the nested records decoded with it (sharing ``box``) that it still holds."""
        found = self.__dict__
        found.pop("_up", None)
        found["_data"] = data
        for name, wire, many in type(self)._nested:
            held: Any = found.get(name)
            value: Any = data.get(wire)
            kids: list[Any] = held if many and held.__class__ is list else [held]
            for kid in kids:
                if not isinstance(kid, Model):
                    continue
                up = kid.__dict__.get("_up")
                if up is None or up[0] is not box:
                    continue
                inner = _object_at(value, up[2] if many else None)
                if inner is not None:
                    kid._adopt(inner, box)

    def _decode_all(self) -> None:
        """Decode every declared attribute at once, into the instance's ``__dict__``.

        Records are usually read whole, so the first read pays for all of them, in a
        function compiled for the class (``_compile_decoder``): one straight run of
        code per attribute, with no loop, no codec call for the values that are
        already what they should be (str, int, bool) and inline conversions for
        decimals, dates and timestamps. A value that does not fit its type is left out
        and raises when, and only when, that attribute is read (``Field.__get__``).
        """
        type(self)._decode_record(self)

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
        slow = _slow_path(cls._plan)

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
            **{
                f"T{i}": native
                for i, (_, _, _, native, _) in enumerate(cls._plan)
                if native is not None
            },
        }
        exec(compile("\n".join(lines), f"<{cls.__name__}._decode_all>", "exec"), scope)
        decoder: Callable[[Model], None] = scope["decode_all"]
        cls._decoder = decoder
        cls._decode_list = scope["decode_many"]
        return decoder

    @classmethod
    def _typed_decoding(cls) -> _Typed | None:
        """This class's msgspec decoding, compiled on first use (None: there is none)."""
        return cls._typed if cls._typed_compiled else cls._compile_typed()

    @classmethod
    def _compile_typed(cls) -> _Typed | None:
        """This class's msgspec decoding (``_compile_typed``), or None where msgspec
        is missing or a field holds records in a map or in a list of lists."""
        cls._typed = _compile_typed(cls) if _msgspec_found else None
        cls._typed_compiled = True
        return cls._typed

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
        if not isinstance(other, Model) or other._model is not self._model:
            return NotImplemented
        return self._data == other._data

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    # The methods a model's record type (_record_type) has in place of msgspec's.

    def _record_setattr(self, name: str, value: Any) -> None:
        """A record type holds decoded values only, so a value is decoded when it is
        set: one that does not fit is refused then, and the record is left as it was."""
        field = self._fields.get(name)
        if field is None:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
        wire = to_wire(encode(field.codec, value))
        decoded = field.decode(wire, self._model)
        self._data[field.wire] = wire
        msgspec.Struct.__setattr__(cast(Any, self), name, decoded)

    def _record_delattr(self, name: str) -> None:
        field = self._fields.get(name)
        if field is None:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
        self._data.pop(field.wire, None)
        msgspec.Struct.__setattr__(cast(Any, self), name, None)

    def _record_copy(self) -> Model:
        """``copy.copy``: the model over the same JSON object, as for any model."""
        return self._model._wrap(self._data)

    def _record_reduce(self) -> tuple[Any, ...]:
        """Pickled and deep-copied as the model over its JSON object, as any model is."""
        return (self._model._wrap, (self._data,))

    @classmethod
    def _record_type(
        cls,
        fields: list[tuple[str, Any, None]],
        rename: dict[str, str],
        kids: Mapping[str, Any],
    ) -> type[Any]:
        """This model's record type: a msgspec Struct of its fields that is this model
        (``kids``: the descriptors of its fields of nested records, kept as text)."""
        namespace: dict[str, Any] = {
            **kids,
            "_model": cls,
            "__doc__": cls.__doc__,
            "__qualname__": cls.__qualname__,
            "__hash__": None,
            "__eq__": cls.__eq__,
            "__ne__": cls.__ne__,
            "__repr__": cls.__repr__,
            "__setattr__": cls._record_setattr,
            "__delattr__": cls._record_delattr,
            "__copy__": cls._record_copy,
            "__reduce__": cls._record_reduce,
        }
        struct: type[Any] = msgspec.defstruct(
            cls.__name__,
            fields,
            bases=(msgspec.Struct, cls),
            rename=rename,
            module=cls.__module__,
            namespace=namespace,
        )
        return struct

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={self._data[field.wire]!r}"
            for name, field in self._fields.items()
            if field.wire in self._data
        )
        return f"{type(self).__name__}({shown})"


Model._model = Model  # pyright: ignore[reportPrivateUsage]

# Sets an instance's whole __dict__ without going through Model.__setattr__.
_set_dict: Callable[[Model, dict[str, Any]], None] = vars(Model)["__dict__"].__set__


def _object_at(value: Any, index: int | None) -> dict[str, Any] | None:
    """``value[index]`` (or ``value`` itself, for None) where it is a JSON object."""
    if index is not None:
        if value.__class__ is not list or not -len(value) <= index < len(value):
            return None
        value = value[index]
    return cast("dict[str, Any]", value) if value.__class__ is dict else None


def _model_of(codec: Any) -> type[Model] | None:
    """The model of a ModelCodec, else None."""
    found: type[Model] | None = getattr(codec, "model", None)
    return found if issubclass(codec.__class__, ModelCodec) else None


def _holds_model(codec: Any) -> bool:
    """Whether a field's values hold records of a model (in a list or a map, or alone)."""
    if isinstance(codec, ModelCodec):
        return True
    inner: Any = getattr(codec, "item", None)
    return isinstance(codec, (ListCodec, MapCodec)) and _holds_model(inner)


class _Typed:
    """A model's msgspec decoding (``_compile_typed``).

    ``page(content)`` gives the content of a page whose records all fit the model's
    record type, or None. ``one(raw, box, path, index)`` and
    ``many(raw, box, path)`` give the record, or the list of records, of a piece of
    JSON text at ``path`` (and ``index``) in the JSON of ``box``; they raise where it
    does not fit.
    """

    __slots__ = ("page", "one", "many")

    def __init__(
        self,
        page: Callable[[bytes], dict[str, Any] | None],
        one: Callable[[Any, list[Any], tuple[Any, ...], int | None], Any],
        many: Callable[[Any, list[Any], tuple[Any, ...]], list[Any] | None],
    ) -> None:
        self.page = page
        self.one = one
        self.many = many


# ------------------------------------------------------------------ record types
# The records of a page are built by msgspec itself, in C, as instances of their
# model's record type: a msgspec Struct that subclasses the generated model, with a slot
# per field under its attribute name, so a read is a slot read. The records nested in
# them (a listing's photos) are kept as their JSON text, a view of the body, until
# first read (_NestedRecords); then they are built the same way. The rest of the model
# contract is the model's own: ``_data`` is parsed from the body when something needs
# the JSON object (each record holds its place in it, ``_up``), and a write goes to
# that object and, decoded, to the record (Model._record_setattr).


class _NestedRecords:
    """A record type's field of nested records: their JSON text is kept in the slot
    ``text`` and decoded on the first read, into the record's ``__dict__``, where later
    reads find it first (this is a non-data descriptor)."""

    __slots__ = ("name", "text", "field", "model", "many")

    def __init__(
        self, name: str, text: str, field: Field[Any], model: type[Model], many: bool
    ) -> None:
        self.name = name
        self.text = text
        self.field = field
        self.model = model  # of the nested records
        self.many = many

    def __get__(self, instance: Model | None, owner: type[Model]) -> Any:
        if instance is None:
            return self
        found = instance.__dict__
        raw = object.__getattribute__(instance, self.text)
        up = found.get("_up")
        value: Any = None if raw is None else _FAIL
        if value is _FAIL and up is not None:  # else its JSON object is parsed already
            box, prefix, index = up
            path = (
                (*prefix, self.field.wire)
                if index is None
                else (*prefix, index, self.field.wire)
            )
            try:
                value = self.decode_text(raw, box, path)
            except (msgspec.DecodeError, _Unfit):
                pass
        if value is _FAIL:  # over the record's JSON object, value by value
            data = instance._data  # pyright: ignore[reportPrivateUsage]
            model = owner._model  # pyright: ignore[reportPrivateUsage]
            value = self.field.decode(data.get(self.field.wire), model)
        found[self.name] = value
        return value

    def decode_text(self, raw: Any, box: list[Any], path: tuple[Any, ...]) -> Any:
        """The records of this field's text, built by msgspec and finished, at ``path``
        in ``box``'s JSON; raises where they do not fit their record type."""
        typed = self.model._typed_decoding()  # pyright: ignore[reportPrivateUsage]
        if typed is None:
            raise _Unfit
        if self.many:
            return typed.many(raw, box, path)
        return typed.one(raw, box, path, None)


def _scalar_types() -> dict[Codec[Any], Any]:
    """The field types msgspec decodes exactly as these codecs do (or rejects the value,
    which sends the record the slow way): only those, and only from JSON's own forms."""
    if not _msgspec_found:
        return {}
    return {
        STRING: str,
        INTEGER: int,
        BOOLEAN: bool,
        DECIMAL: Decimal,
        # Aware only: a timestamp without an offset is taken as UTC, the slow way.
        TIMESTAMP: Annotated[datetime, msgspec.Meta(tz=True)],
        DATE: date,
    }


_SCALARS: dict[Codec[Any], Any] = _scalar_types()
_NATIVE_SCALARS = (STRING, INTEGER, BOOLEAN)  # read as sent: may carry the mask as is
_MASK_LITERAL: Any = Literal["********"]  # the masked marker (MASKED_WIRE), as a type


class _Unfit(Exception):
    """A value msgspec took does not fit its attribute's codec: the records it is part
    of are decoded the slow way, where such a value raises when, and only when, read."""


def _mask_test(
    masks: list[str], codecs: dict[str, Any], positions: dict[str, int]
) -> tuple[str, dict[str, Any]]:
    """Whether a record holds the masked marker in a field that may hold it: a test of
    ``values`` (a record type's instance as a tuple, its fields at ``positions``) and
    the getters it uses, C calls over the fields of a kind at once. Strings are compared
    with the marker (a str compares fast), integers and booleans hashed into a set with
    it (an int compared with a str is slow), lists compared with it."""
    kinds: dict[str, list[str]] = {"strings": [], "numbers": [], "lists": []}
    for name in masks:
        codec = codecs[name]
        kind = "lists" if isinstance(codec, ListCodec) else "strings"
        kinds["numbers" if codec in (INTEGER, BOOLEAN) else kind].append(name)
    tests: list[str] = []
    getters: dict[str, Any] = {}
    for kind, names in kinds.items():
        if len(names) == 1:
            tests.append(f"values[{positions[names[0]]}] == MASK")
        elif names:
            getters[f"placed_{kind}"] = itemgetter(*(positions[n] for n in names))
            test = "not NO_MASK.isdisjoint({})" if kind == "numbers" else "MASK in {}"
            tests.append(test.format(f"placed_{kind}(values)"))
    return " or ".join(tests), getters


def _compile_typed(model: type[Model]) -> _Typed | None:
    """``model``'s record type (under its fields' wire names) and the functions that
    decode into it and finish what msgspec built.

    Strings, integers, booleans, decimals, aware timestamps, dates and lists of those
    are decoded by msgspec; nested records are kept as text, for _NestedRecords; any
    other field is taken as plain JSON and decoded by its codec, value by value. The
    masked marker is taken where the field may be masked (strings hold it as is;
    integers, booleans and lists take it as a literal); a masked decimal, timestamp or
    date, an odd form (a number sent as a string, a naive timestamp) or a value of the
    wrong type makes msgspec reject the record, which is then decoded the slow way.
    Where both ways take a value they give equal values, with two differences in form:
    a decimal sent as a JSON number keeps the digits sent (``1.10`` reads
    ``Decimal("1.10")``, not ``Decimal("1.1")`` through a float), and a timestamp with
    more than six digits of a second is rounded to the microsecond, not truncated.
    None where a field holds records in a map or in a list of lists (or a field name
    does not fit): such a model's records are decoded the slow way only.
    """
    fields: list[tuple[str, Any, None]] = []
    rename: dict[str, str] = {}
    masks: list[str] = []  # may hold the masked marker as it was sent
    slow_fields: list[tuple[int, str]] = []  # decoded by their codec
    kids: dict[str, _NestedRecords] = {}  # nested records, by attribute name
    plan = model._plan  # pyright: ignore[reportPrivateUsage]
    model_fields = model._fields  # pyright: ignore[reportPrivateUsage]
    for index, (name, wire, maskable, _, _) in enumerate(plan):
        if not name.isidentifier() or iskeyword(name):
            return None  # written into the finishing code below as ``s.<name>``
        field = model_fields[name]
        codec: Any = field.codec
        kind: Any
        is_list = isinstance(codec, ListCodec)
        holds = _holds_model(codec)
        item: Any = getattr(codec, "item", None)  # a list's or a map's
        if codec in _SCALARS:
            kind = _SCALARS[codec]
            if maskable and codec in _NATIVE_SCALARS:
                masks.append(name)
                if codec is not STRING:
                    kind = kind | _MASK_LITERAL
        elif is_list and not holds:
            if item not in _SCALARS:
                kind = Any
                slow_fields.append((index, name))
            else:
                kind = GenericAlias(list, (_SCALARS[item],))
                if maskable:
                    masks.append(name)
                    kind = kind | _MASK_LITERAL
        elif holds:
            nested = _model_of(item if is_list else codec)
            if nested is None:
                return None  # records in a map, or in a list of lists
            text = f"_{name}_text"
            kids[name] = _NestedRecords(name, text, field, nested, is_list)
            fields.append((text, msgspec.Raw, None))
            rename[text] = wire
            continue
        else:
            kind = Any
            slow_fields.append((index, name))
        fields.append((name, Optional[kind], None))
        rename[name] = wire
    try:
        make = model._record_type  # pyright: ignore[reportPrivateUsage]
        struct = make(fields, rename, kids)
        many: Any = GenericAlias(list, (struct,))
        one: Any = struct
        decode_list = msgspec.json.Decoder(Optional[many]).decode
        decode_one = msgspec.json.Decoder(Optional[one]).decode
        page_content = msgspec.defstruct(
            f"_{model.__name__}Page",
            [
                ("results", many, []),
                ("success", Any, _ABSENT),
                ("pagination", Any, _ABSENT),
            ],
            rename={
                "results": "Results",
                "success": "Success",
                "pagination": "Pagination",
            },
        )
        decode_page = msgspec.json.Decoder(
            msgspec.defstruct(
                "_Envelope", [("d", page_content)], rename={"d": ENVELOPE}
            )
        ).decode
    except (TypeError, ValueError):  # a field name or type msgspec does not take
        return None

    # What msgspec cannot do: masked markers, the fields Python codecs decode, and each
    # record's place in the body (for its JSON object: Model._materialize).
    finish: list[str] = []
    codecs = {n: f.codec for n, f in model_fields.items()}
    positions = {name: index for index, (name, _, _) in enumerate(fields)}
    masked, getters = _mask_test(masks, codecs, positions)
    if masks:
        finish.append("values = astuple(s)")
        finish.append(f"if {masked}:")
        for n in masks:
            finish.append(f" if values[{positions[n]}] == MASK: sset(s, {n!r}, MASKED)")
    for index, name in slow_fields:
        finish += [
            f"v = s.{name}",
            "if v is not None:",
            f" v = slow({index}, v)",
            " if v is FAIL: raise Unfit",  # such a record is decoded the slow way
            f" else: sset(s, {name!r}, v)",
        ]
    lines = [
        "def finish(structs, box, prefix):",
        " index = 0",
        " for s in structs:",
        *(f"  {line}" for line in finish),
        "  set_slots_dict(s, {'_up': (box, prefix, index)})",
        "  index += 1",
        " return structs",
        "def many(raw, box, path):",
        " structs = decode_list(raw)",
        " return None if structs is None else finish(structs, box, path)",
        "def one(raw, box, path, index):",
        " s = decode_one(raw)",
        " if s is None: return None",
        *(f" {line}" for line in finish),
        " set_slots_dict(s, {'_up': (box, path, index)})",
        " return s",
        "def page(content):",
        " try:",
        "  found = decode_page(content).d",
        "  records = finish(found.results, [content, None], PAGE)",
        " except (DecodeError, Unfit):",
        "  return None",
        " data = {'Results': Records(records)}",
        " if found.success is not ABSENT: data['Success'] = found.success",
        " if found.pagination is not ABSENT: data['Pagination'] = found.pagination",
        " return data",
    ]
    scope: dict[str, Any] = {
        "decode_list": decode_list,
        "decode_one": decode_one,
        "decode_page": decode_page,
        "astuple": msgspec.structs.astuple,
        "DecodeError": msgspec.DecodeError,
        "Unfit": _Unfit,
        "set_slots_dict": vars(struct)["__dict__"].__set__,
        "sset": msgspec.Struct.__setattr__,
        "slow": _slow_path(plan),
        "FAIL": _FAIL,
        "MASK": MASKED_WIRE,
        "MASKED": MASKED,
        "NO_MASK": frozenset({MASKED_WIRE}),
        "ABSENT": _ABSENT,
        "PAGE": _PAGE,
        "Records": _Records,
        **getters,
    }
    exec(compile("\n".join(lines), f"<{model.__name__}._typed>", "exec"), scope)
    return _Typed(scope["page"], scope["one"], scope["many"])


_ABSENT: Any = object()  # a key the envelope did not have
_PAGE = (ENVELOPE, "Results")  # where a page's records are in its body


def _page_decoder() -> Callable[[bytes], Any] | None:
    """The envelope of a page, each record kept as a view of the body (msgspec.Raw)."""
    if not _msgspec_found:
        return None
    content = msgspec.defstruct(
        "_PageContent",
        [
            ("results", list[msgspec.Raw], []),
            ("success", Any, _ABSENT),
            ("pagination", Any, _ABSENT),
        ],
        rename={"results": "Results", "success": "Success", "pagination": "Pagination"},
    )
    envelope = msgspec.defstruct("_Page", [("d", content)], rename={"d": ENVELOPE})
    decode: Callable[[bytes], Any] = msgspec.json.Decoder(envelope).decode
    return decode


_decode_page = _page_decoder()


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


class _Records(list[Any]):
    """The records of ``Results`` as ``lazy_content`` made them, for its model:
    ``results_of`` takes them as they are."""


def lazy_content(content: bytes, model: type[Model]) -> dict[str, Any] | None:
    """The inside of a page's envelope, its records ``model``'s, not parsed into dicts.

    Where every record fits the model's record type, msgspec builds them in one pass
    over ``content`` (the records nested in them are kept as text until read).
    Otherwise the body is scanned for its records and each is built on its own, the
    one that does not fit parsed into a model over its JSON object. None where msgspec
    is missing or ``content`` is not an envelope of objects (parse it whole then, which
    also says what is wrong). Its ``Success`` and ``Pagination`` are parsed.
    """
    if _decode_page is None:
        return None
    typed = model._typed_decoding()  # pyright: ignore[reportPrivateUsage]
    found = typed.page(content) if typed is not None else None
    if found is not None:
        return found
    try:
        page = _decode_page(content).d
    except msgspec.DecodeError:
        return None
    raws: list[Any] = page.results
    if not all(memoryview(raw)[0] == 123 for raw in raws):  # b"{"
        return None
    box = [content, None]
    records = _Records(
        _record_of(model, typed, raw, box, i) for i, raw in enumerate(raws)
    )
    data: dict[str, Any] = {"Results": records}
    if page.success is not _ABSENT:
        data["Success"] = page.success
    if page.pagination is not _ABSENT:
        data["Pagination"] = page.pagination
    return data


def _record_of(
    model: type[Model], typed: _Typed | None, raw: Any, box: list[Any], index: int
) -> Model:
    """One record of a page msgspec could not take whole: of the record type where it
    fits, else a model over its own JSON object, decoded value by value when read."""
    if typed is not None:
        try:
            record: Model = typed.one(raw, box, _PAGE, index)
            return record
        except (msgspec.DecodeError, _Unfit):
            pass
    wrap = model._wrap  # pyright: ignore[reportPrivateUsage]
    return wrap(_loads_view(memoryview(raw)))


def parse_results(model: type[M], content: bytes) -> ResultList[M]:
    """Typed records from a response body kept elsewhere (a file, a queue, a cache).

    ``content`` is the JSON the API sent: the envelope, ``{"D": {"Results": [...], ...}}``.
    """
    data = lazy_content(content, model)
    if data is None:
        body = as_object(json_loads(content))
        data = as_object(body.get(ENVELOPE)) if body is not None else None
    if data is None:
        raise ValueError(f'expected {{"{ENVELOPE}": {{"Results": [...]}}}}')
    return results_of(model, data)


def results_of(model: type[M], data: dict[str, Any]) -> ResultList[M]:
    """The records (and Pagination block) of an envelope's content, as typed models."""
    results = data.get("Results", [])
    pagination = as_object(data.get("Pagination"))
    page = Pagination._wrap  # pyright: ignore[reportPrivateUsage]
    if type(results) is _Records:  # lazy_content's: this model's records
        return ResultList(
            cast("list[M]", results),
            page(pagination) if pagination is not None else None,
        )
    results = as_array(results)
    records = [as_object(r) for r in results] if results is not None else [None]
    if not all(record is not None for record in records):
        raise ValueError("expected Results to be a list of objects")
    wrap = model._wrap  # pyright: ignore[reportPrivateUsage]
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
