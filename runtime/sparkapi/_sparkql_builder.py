# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_sparkql_builder.py; edit it there.
"""The typed SparkQL builder: field classes by type, expressions, and functions.

``sparkapi.sparkql.F`` holds one field object per standard field of the spec (generated
in ``sparkapi/_sparkql_fields.py``); comparing one builds an ``Expr`` whose ``str()`` is
filter text that ``parse`` accepts. Each field class accepts only the Python values of
its type, so mypy and pyright refuse ``F.ListPrice > "cheap"``.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Sequence, Union

from sparkapi._sparkql_grammar import format_character, parse_points

__all__ = [
    "BooleanField",
    "CharacterField",
    "DateField",
    "DatetimeField",
    "DecimalField",
    "Expr",
    "Field",
    "IntegerField",
    "LocationField",
    "TimeField",
    "Function",
    "Shape",
    "TextMatch",
    "contains",
    "days",
    "endswith",
    "linestring",
    "maxdatetime",
    "mindatetime",
    "months",
    "now",
    "polygon",
    "radius",
    "rectangle",
    "startswith",
    "weekdays",
    "years",
]

Number = Union[int, float, Decimal]


def _number(value: Number) -> str:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be sent in a filter")
        value = Decimal(repr(value))
    if not value.is_finite():
        raise ValueError(f"{value} cannot be sent in a filter")
    return format(value, "f")


def _same_type(texts: list[str]) -> str:
    """List and range items joined; numbers made all decimal when some are (a list is of one type)."""
    if any("." in t for t in texts) and all(
        t.lstrip("-").replace(".", "", 1).isdigit() for t in texts
    ):
        texts = [t if "." in t else f"{t}.0" for t in texts]
    return ",".join(texts)


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    if isinstance(value, str):
        return format_character(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, Function):
        return value.text
    raise TypeError(f"{type(value).__name__} is not a SparkQL value")


class Function:
    """A SparkQL function call on the right of an operator (``days(-7)``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<sparkql {self.text}>"


class DateFunction(Function):
    """A function yielding a date or datetime: ``days``, ``months``, ``years``, ``now``..."""


class TextMatch(Function):
    """A character pattern: ``contains``, ``startswith``, ``endswith``."""


class Shape(Function):
    """A geographic shape: ``radius``, ``rectangle``, ``polygon``, ``linestring``."""


def now() -> DateFunction:
    return DateFunction("now()")


def mindatetime() -> DateFunction:
    return DateFunction("mindatetime()")


def maxdatetime() -> DateFunction:
    return DateFunction("maxdatetime()")


def _offset(name: str, count: int) -> DateFunction:
    if isinstance(count, bool) or not isinstance(
        count, int
    ):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"{name}() takes an int")
    return DateFunction(f"{name}({count})")


def days(count: int) -> DateFunction:
    """Today moved by ``count`` days (negative: in the past)."""
    return _offset("days", count)


def weekdays(count: int) -> DateFunction:
    return _offset("weekdays", count)


def months(count: int) -> DateFunction:
    return _offset("months", count)


def years(count: int) -> DateFunction:
    return _offset("years", count)


def contains(text: str) -> TextMatch:
    return TextMatch(f"contains({format_character(text)})")


def startswith(text: str) -> TextMatch:
    return TextMatch(f"startswith({format_character(text)})")


def endswith(text: str) -> TextMatch:
    return TextMatch(f"endswith({format_character(text)})")


def _points(points: Sequence[tuple[Number, Number]], name: str) -> str:
    text = ",".join(f"{_number(lat)} {_number(lon)}" for lat, lon in points)
    if parse_points(text) is None:
        raise ValueError(f"{name}: latitudes are -90..90 and longitudes -180..180")
    return format_character(text)


def radius(latitude: Number, longitude: Number, miles: Number) -> Shape:
    """Within ``miles`` of a point (above 0, at most 500)."""
    if not 0 < Decimal(_number(miles)) <= 500:
        raise ValueError("radius: miles must be above 0 and at most 500")
    return Shape(
        f"radius({_points([(latitude, longitude)], 'radius')},{_number(miles)})"
    )


def rectangle(corner: tuple[Number, Number], opposite: tuple[Number, Number]) -> Shape:
    return Shape(f"rectangle({_points([corner, opposite], 'rectangle')})")


def polygon(points: Sequence[tuple[Number, Number]]) -> Shape:
    if len(points) < 3:
        raise ValueError("polygon: give at least 3 points")
    return Shape(f"polygon({_points(points, 'polygon')})")


def linestring(points: Sequence[tuple[Number, Number]]) -> Shape:
    if len(points) < 2:
        raise ValueError("linestring: give at least 2 points")
    return Shape(f"linestring({_points(points, 'linestring')})")


# ---------------------------------------------------------------------------- expressions


class Expr:
    """A filter expression: combine with ``&`` (And), ``|`` (Or) and ``~`` (Not);
    ``str()`` is its SparkQL text."""

    __slots__ = ()

    def __and__(self, other: Expr) -> Expr:
        if not isinstance(other, Expr):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        return _All((*_parts(self, _All), *_parts(other, _All)))

    def __or__(self, other: Expr) -> Expr:
        if not isinstance(other, Expr):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        return _Any((*_parts(self, _Any), *_parts(other, _Any)))

    def __invert__(self) -> Expr:
        return _Negated(self)

    def __bool__(self) -> bool:
        raise TypeError("use &, | and ~ to combine filter expressions, not and/or/not")

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<sparkql {self.render()}>"

    def render(self) -> str:
        """The SparkQL text (what ``str()`` gives)."""
        raise NotImplementedError


def _parts(expr: Expr, kind: type) -> tuple[Expr, ...]:
    return (
        expr.operands
        if isinstance(expr, (_All, _Any)) and type(expr) is kind
        else (expr,)
    )


class _Comparison(Expr):
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self) -> str:
        return self.text


class _Negated(Expr):
    __slots__ = ("operand",)

    def __init__(self, operand: Expr) -> None:
        self.operand = operand

    def render(self) -> str:
        inner = self.operand
        return (
            f"Not {inner.render()}"
            if isinstance(inner, _Comparison)
            else f"Not ({inner.render()})"
        )


class _All(Expr):
    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Expr, ...]) -> None:
        self.operands = operands

    def render(self) -> str:
        out = ""
        for index, operand in enumerate(self.operands):
            text = (
                f"({operand.render()})"
                if isinstance(operand, _Any)
                else operand.render()
            )
            if index == 0:
                out = text
            elif isinstance(operand, _Negated):
                out += f" {text}"  # A Not B
            else:
                out += f" And {text}"
        return out


class _Any(Expr):
    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Expr, ...]) -> None:
        self.operands = operands

    def render(self) -> str:
        texts: list[str] = []
        for index, operand in enumerate(self.operands):
            text = operand.render()
            # "A Or Not B" is not in the grammar: the Not goes in a group of its own.
            texts.append(
                f"({text})" if index and isinstance(operand, _Negated) else text
            )
        return " Or ".join(texts)


# ---------------------------------------------------------------------------- fields


class Field:
    """A field of the filter language; the typed subclasses say which values it takes."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<sparkql field {self.name}>"

    def __hash__(self) -> int:
        return hash(self.name)

    def _cmp(self, operator: str, value: object) -> Expr:
        return _Comparison(f"{self.name} {operator} {_literal(value)}")

    def _list(self, operator: str, values: Sequence[object]) -> Expr:
        if isinstance(values, (str, bytes)) or not values:
            raise ValueError("give a non-empty list of values")
        return _Comparison(
            f"{self.name} {operator} {_same_type([_literal(v) for v in values])}"
        )

    def is_null(self) -> Expr:
        return _Comparison(f"{self.name} Eq NULL")

    def is_not_null(self) -> Expr:
        return _Comparison(f"{self.name} Ne NULL")


class _Ordered(Field):
    __slots__ = ()

    def _between(self, low: object, high: object) -> Expr:
        return _Comparison(
            f"{self.name} Bt {_same_type([_literal(low), _literal(high)])}"
        )


class DecimalField(_Ordered):
    """A decimal field (``ListPrice``): compared with ``int``, ``float`` or ``Decimal``."""

    __slots__ = ()

    def __eq__(self, other: Number) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: Number) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def __gt__(self, other: Number) -> Expr:
        return self._cmp("Gt", other)

    def __ge__(self, other: Number) -> Expr:
        return self._cmp("Ge", other)

    def __lt__(self, other: Number) -> Expr:
        return self._cmp("Lt", other)

    def __le__(self, other: Number) -> Expr:
        return self._cmp("Le", other)

    def between(self, low: Number, high: Number) -> Expr:
        return self._between(low, high)

    def in_(self, values: Sequence[Number]) -> Expr:
        return self._list("Eq", values)

    def not_in(self, values: Sequence[Number]) -> Expr:
        return self._list("Ne", values)

    __hash__ = Field.__hash__


class IntegerField(_Ordered):
    """An integer field (``BedsTotal``): compared with ``int``."""

    __slots__ = ()

    def __eq__(self, other: int) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: int) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def __gt__(self, other: int) -> Expr:
        return self._cmp("Gt", other)

    def __ge__(self, other: int) -> Expr:
        return self._cmp("Ge", other)

    def __lt__(self, other: int) -> Expr:
        return self._cmp("Lt", other)

    def __le__(self, other: int) -> Expr:
        return self._cmp("Le", other)

    def between(self, low: int, high: int) -> Expr:
        return self._between(low, high)

    def in_(self, values: Sequence[int]) -> Expr:
        return self._list("Eq", values)

    def not_in(self, values: Sequence[int]) -> Expr:
        return self._list("Ne", values)

    __hash__ = Field.__hash__


class CharacterField(Field):
    """A character field (``City``): Eq/Ne with ``str`` (``*`` is a wildcard) or a
    ``contains``/``startswith``/``endswith`` pattern; lists with ``in_``."""

    __slots__ = ()

    def __eq__(self, other: str | TextMatch) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: str | TextMatch) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def in_(self, values: Sequence[str]) -> Expr:
        return self._list("Eq", values)

    def not_in(self, values: Sequence[str]) -> Expr:
        return self._list("Ne", values)

    def contains(self, text: str) -> Expr:
        return self._cmp("Eq", contains(text))

    def startswith(self, text: str) -> Expr:
        return self._cmp("Eq", startswith(text))

    def endswith(self, text: str) -> Expr:
        return self._cmp("Eq", endswith(text))

    __hash__ = Field.__hash__


class BooleanField(Field):
    __slots__ = ()

    def __eq__(self, other: bool) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: bool) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    __hash__ = Field.__hash__


class DatetimeField(_Ordered):
    """A timestamp field: compared with ``datetime``, ``date`` or a date function."""

    __slots__ = ()

    def __eq__(self, other: datetime | date | DateFunction) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: datetime | date | DateFunction) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def __gt__(self, other: datetime | date | DateFunction) -> Expr:
        return self._cmp("Gt", other)

    def __ge__(self, other: datetime | date | DateFunction) -> Expr:
        return self._cmp("Ge", other)

    def __lt__(self, other: datetime | date | DateFunction) -> Expr:
        return self._cmp("Lt", other)

    def __le__(self, other: datetime | date | DateFunction) -> Expr:
        return self._cmp("Le", other)

    def between(self, low: datetime | date, high: datetime | date) -> Expr:
        return self._between(low, high)

    __hash__ = Field.__hash__


class DateField(_Ordered):
    """A date field: compared with ``date`` or a date function."""

    __slots__ = ()

    def __eq__(self, other: date | DateFunction) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: date | DateFunction) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def __gt__(self, other: date | DateFunction) -> Expr:
        return self._cmp("Gt", other)

    def __ge__(self, other: date | DateFunction) -> Expr:
        return self._cmp("Ge", other)

    def __lt__(self, other: date | DateFunction) -> Expr:
        return self._cmp("Lt", other)

    def __le__(self, other: date | DateFunction) -> Expr:
        return self._cmp("Le", other)

    def between(self, low: date, high: date) -> Expr:
        return self._between(low, high)

    __hash__ = Field.__hash__


class TimeField(_Ordered):
    __slots__ = ()

    def __eq__(self, other: time) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: time) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    def __gt__(self, other: time) -> Expr:
        return self._cmp("Gt", other)

    def __ge__(self, other: time) -> Expr:
        return self._cmp("Ge", other)

    def __lt__(self, other: time) -> Expr:
        return self._cmp("Lt", other)

    def __le__(self, other: time) -> Expr:
        return self._cmp("Le", other)

    def between(self, low: time, high: time) -> Expr:
        return self._between(low, high)

    __hash__ = Field.__hash__


class LocationField(Field):
    """The searchable location of a record with ``Latitude`` and ``Longitude``:
    ``F.Location == radius(46.87, -96.78, 5)``."""

    __slots__ = ()

    def __eq__(self, other: Shape) -> Expr:  # type: ignore[override]
        return self._cmp("Eq", other)

    def __ne__(self, other: Shape) -> Expr:  # type: ignore[override]
        return self._cmp("Ne", other)

    __hash__ = Field.__hash__
