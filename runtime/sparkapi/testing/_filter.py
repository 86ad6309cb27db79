# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/testing/_filter.py; edit it there.
"""``_filter`` for the local server: SparkQL evaluated on stored records.

Standard-library only, like the engine that calls it (``_server.py``); it parses with
the SDK's own parser module (``sparkapi/_sparkql_grammar.py``), which is itself
standard-library only: ``sparkgen serve`` loads both files beside the engine.

How a condition matches a record:

- A field is looked up in the record, then in its field container (a listing's
  ``StandardFields``); a field the model does not have is refused (400, code 1040).
  A masked value counts as absent.
- Values compare by the literal's type: numbers as decimals (the API's padded strings
  included), dates, times and datetimes (a timestamp without an offset is UTC; a date
  against a timestamp is its midnight), booleans; character comparisons ignore case and
  ``*`` matches any run of characters. An absent value matches only ``Eq NULL`` (and
  whatever a ``Not`` turns around).
- A list matches when any item does (``Ne``: when none does); ``Bt`` includes its ends.
- ``days``/``weekdays``/``months``/``years``/``now`` count from the server's clock (UTC);
  ``radius``/``rectangle``/``polygon``/``linestring`` compare the record's ``Latitude``
  and ``Longitude`` (radius in miles; a line matches within a quarter mile of it).
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Collection, Final, Mapping, TypeGuard, cast

from .._sparkql_grammar import (
    And,
    Comparison,
    FieldRef,
    FunctionCall,
    Group,
    LiteralValue,
    Node,
    Not,
    Or,
    SparkQLSyntaxError,
    parse,
    parse_points,
)

__all__ = ["FilterRefused", "matcher"]

MASKED: Final = "********"  # the API's masked marker
CODE_FILTER: Final = 1040
_EARTH_MILES = 3958.8
_LINE_MILES = 0.25


class FilterRefused(Exception):
    """A filter the API answers with 400, code 1040, and its ``SparkQLErrors``."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


def matcher(
    text: str,
    container: str | None,
    known: Collection[str],
    clock: Callable[[], datetime] | None = None,
) -> Callable[[Mapping[str, Any]], bool]:
    """A predicate over records for a filter, or ``FilterRefused``.

    ``known``: the names a filter may use (the record's attributes and its container's
    fields); ``clock``: the server's time (aware, UTC) for the date functions.
    """
    try:
        parsed = parse(text)
    except SparkQLSyntaxError as error:
        raise FilterRefused(
            f"The _filter syntax is invalid: {error.message}",
            [
                {
                    "Token": error.token,
                    "TokenIndex": error.column - 1,
                    "Status": "Fatal",
                    "Message": error.message,
                }
            ],
        ) from None
    for condition in parsed.conditions:
        name = condition.field
        base = re.sub(r"^\w+\((.*)\)$", r"\1", name)
        if (
            not condition.custom_field
            and base not in known
            and not (base == "Location" and {"Latitude", "Longitude"} <= set(known))
        ):
            raise FilterRefused(
                f"The _filter names a field that does not exist: {base}",
                [
                    {
                        "Token": base,
                        "Status": "Fatal",
                        "Message": f"Unknown field {base}",
                    }
                ],
            )
    now = (clock or (lambda: datetime.now(timezone.utc)))()
    tree = parsed.tree
    if tree is None:
        return lambda record: True
    return lambda record: _matches(tree, record, container, now)


def _matches(
    node: Node, record: Mapping[str, Any], container: str | None, now: datetime
) -> bool:
    if isinstance(node, Comparison):
        return _compare(node, record, container, now)
    if isinstance(node, Group):
        return _matches(node.inner, record, container, now)
    if isinstance(node, Not):
        return not _matches(node.operand, record, container, now)
    if isinstance(node, And):
        return all(_matches(o, record, container, now) for o in node.operands)
    assert isinstance(node, Or)
    return any(_matches(o, record, container, now) for o in node.operands)


def _obj(value: Any) -> dict[str, Any] | None:
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def _arr(value: Any) -> list[Any] | None:
    return value if _is_list(value) else None


def _is_list(value: Any) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _lookup(record: Mapping[str, Any], container: str | None, name: str) -> Any:
    value: Any = None
    if name in record:
        value = record[name]
    elif container is not None and (holder := _obj(record.get(container))) is not None:
        value = holder.get(name)
    return None if value == MASKED else value


def _custom(record: Mapping[str, Any], name: str) -> Any:
    """``Group.Field`` in the record's CustomFields, when they are plain objects."""
    group, field = name.split(".", 1)
    stack: list[Any] = [record.get("CustomFields")]
    while stack:
        item = stack.pop()
        if (mapping := _obj(item)) is not None:
            inner = mapping.get(group)
            if (found := _obj(inner)) is not None and field in found:
                return found[field]
            for entry in _arr(inner) or []:
                if (candidate := _obj(entry)) is not None and field in candidate:
                    return candidate[field]
            stack.extend(mapping.values())
        elif (array := _arr(item)) is not None:
            stack.extend(array)
    return None


def _field_value(
    ref: FieldRef, record: Mapping[str, Any], container: str | None
) -> Any:
    value = (
        _custom(record, ref.name)
        if ref.custom
        else _lookup(record, container, ref.name)
    )
    if ref.function is None or value is None:
        return value
    function = ref.function
    if function in ("tolower", "toupper", "trim", "length"):
        text = str(value)
        return {
            "tolower": text.lower(),
            "toupper": text.upper(),
            "trim": text.strip(),
            "length": len(text),
        }[function]
    moment = _as_datetime(value)
    if moment is None:
        return None
    if function == "date":
        return moment.date()
    if function == "time":
        return moment.time().replace(tzinfo=None)
    if function == "fractionalseconds":
        return Decimal(moment.microsecond) / Decimal(1_000_000)
    if function == "dayofweek":
        return (moment.weekday() + 1) % 7
    if function == "dayofyear":
        return moment.timetuple().tm_yday
    return int(getattr(moment, function))


# ---------------------------------------------------------------------------- coercion


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if us:
            return datetime(
                int(us.group(3)),
                int(us.group(1)),
                int(us.group(2)),
                tzinfo=timezone.utc,
            )
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _as_time(value: Any) -> time | None:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        return None
    match = re.fullmatch(
        r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?\s*", value, re.IGNORECASE
    )
    if match is None:
        return None
    hour = int(match.group(1))
    if match.group(4):
        hour = hour % 12 + (12 if match.group(4).lower() == "pm" else 0)
    try:
        return time(hour, int(match.group(2)), int(match.group(3) or 0))
    except ValueError:
        return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int):
        return value != 0
    return None


def _shift_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _function_value(call: FunctionCall, now: datetime) -> Any:
    """A date function's value (date or datetime)."""
    today = now.date()
    name = call.name
    count = (
        call.args[0].value
        if call.args and isinstance(call.args[0], LiteralValue)
        else 0
    )
    assert isinstance(count, int)
    if name == "now":
        return now
    if name == "mindatetime":
        return datetime(1, 1, 1, tzinfo=timezone.utc)
    if name == "maxdatetime":
        return datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    if name == "days":
        return today + timedelta(days=count)
    if name == "months":
        return _shift_months(today, count)
    if name == "years":
        return _shift_months(today, 12 * count)
    assert name == "weekdays"
    day, step = today, (1 if count >= 0 else -1)
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


# ---------------------------------------------------------------------------- comparing


def _wildcard(written: str) -> re.Pattern[str]:
    """A character literal as written (quotes included): ``*`` matches any run of
    characters, ``\\*`` a star."""
    pieces: list[str] = []
    index, inner = 0, written[1:-1]
    while index < len(inner):
        char = inner[index]
        if char == "\\" and index + 1 < len(inner):
            pieces.append(re.escape(inner[index + 1]))
            index += 2
            continue
        pieces.append(".*" if char == "*" else re.escape(char))
        index += 1
    return re.compile("".join(pieces), re.IGNORECASE | re.DOTALL)


def _text_matches(value: Any, item: LiteralValue | FunctionCall) -> bool:
    text = str(value)
    if isinstance(item, LiteralValue):
        return _wildcard(item.text).fullmatch(text) is not None
    args = [str(a.value) for a in item.args if isinstance(a, LiteralValue)]
    lower = text.lower()
    if item.name == "contains":
        return args[0].lower() in lower
    if item.name == "startswith":
        return lower.startswith(args[0].lower())
    if item.name == "endswith":
        return lower.endswith(args[0].lower())
    if item.name == "regex":
        flags = re.IGNORECASE if len(args) > 1 and args[1] == "i" else 0
        return re.search(args[0], text, flags) is not None
    if item.name == "range":
        return args[0].lower() <= lower <= args[1].lower()
    return False


def _miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_MILES * math.asin(min(1.0, math.sqrt(h)))


def _in_polygon(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    inside = False
    y, x = point
    for (y1, x1), (y2, x2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _near_line(point: tuple[float, float], line: list[tuple[float, float]]) -> bool:
    for a, b in zip(line, line[1:]):
        for step in range(101):  # samples along the segment: plenty for a test server
            t = step / 100
            if (
                _miles(point, (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
                <= _LINE_MILES
            ):
                return True
    return False


def _in_shape(
    record: Mapping[str, Any], container: str | None, shape: FunctionCall
) -> bool:
    lat, lon = _as_decimal(_lookup(record, container, "Latitude")), _as_decimal(
        _lookup(record, container, "Longitude")
    )
    if lat is None or lon is None:
        return False
    point = (float(lat), float(lon))
    first = shape.args[0].value if isinstance(shape.args[0], LiteralValue) else None
    points = [(float(a), float(b)) for a, b in parse_points(str(first)) or []]
    if shape.name == "radius":
        distance = (
            shape.args[1].value if isinstance(shape.args[1], LiteralValue) else None
        )
        return bool(points) and _miles(point, points[0]) <= float(str(distance))
    if shape.name == "rectangle" and len(points) == 2:
        (a_lat, a_lon), (b_lat, b_lon) = points
        return min(a_lat, b_lat) <= point[0] <= max(a_lat, b_lat) and min(
            a_lon, b_lon
        ) <= point[1] <= max(a_lon, b_lon)
    if shape.name == "polygon":
        return _in_polygon(point, points)
    if shape.name == "linestring":
        return _near_line(point, points)
    return False  # wkt: not evaluated here


def _equal(
    value: Any, item: LiteralValue | FunctionCall, kind: str, now: datetime
) -> bool | None:
    """Whether a present value equals one item (None: it cannot compare)."""
    if kind == "character":
        return _text_matches(value, item)
    order = _order(value, item, kind, now)
    return None if order is None else order == 0


def _order(
    value: Any, item: LiteralValue | FunctionCall, kind: str, now: datetime
) -> int | None:
    """-1, 0 or 1 comparing a present value with one item (None: they do not compare)."""
    target: Any = (
        _function_value(item, now) if isinstance(item, FunctionCall) else item.value
    )
    mine: Any
    if kind in ("integer", "decimal"):
        mine = _as_decimal(value)
        target = Decimal(target)
    elif kind == "boolean":
        mine = _as_bool(value)
    elif kind == "time":
        mine = _as_time(value)
    elif isinstance(target, datetime) or kind == "datetime":
        mine = _as_datetime(value)
        target = _as_datetime(target)
    elif kind == "date" and (isinstance(value, datetime) or "T" in str(value)):
        mine = _as_datetime(value)  # a timestamp against a date: against its midnight
        target = _as_datetime(target)
    elif kind == "date":
        moment = _as_datetime(value)
        mine = moment.date() if moment else None
    else:
        return None
    if mine is None or target is None:
        return None
    return int(mine > target) - int(mine < target)


def _compare(
    node: Comparison, record: Mapping[str, Any], container: str | None, now: datetime
) -> bool:
    value = _field_value(node.field, record, container)
    kind = node.type
    op = node.operator
    if kind == "shape":  # the record's Latitude/Longitude, whatever the field's name
        item = node.values[0]
        assert isinstance(item, FunctionCall)
        located = _lookup(record, container, "Latitude") is not None
        return located and _in_shape(record, container, item) == (op == "Eq")
    if kind == "null":
        return (value is None) == (op == "Eq")
    if value is None:
        return False
    if node.shape == "range":
        low = _order(value, node.values[0], kind, now)
        high = _order(value, node.values[1], kind, now)
        return low is not None and high is not None and low >= 0 and high <= 0
    if op in ("Eq", "Ne"):
        results = [_equal(value, item, kind, now) for item in node.values]
        if all(r is None for r in results):
            return False
        hit = any(r for r in results)
        return hit if op == "Eq" else not hit
    order = _order(value, node.values[0], kind, now)
    if order is None:
        return False
    return {"Gt": order > 0, "Ge": order >= 0, "Lt": order < 0, "Le": order <= 0}[op]
